import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { getForUsers } from './getForUsers.operation';
import { getResults } from './getResults.operation';

/** Info Collection (信息采集): answers to the shop's forms. */
export const infoCollection = defineResource<XiaoeClient>('infoCollection', { getResults, getForUsers }, { defaultOperation: 'getResults' });
