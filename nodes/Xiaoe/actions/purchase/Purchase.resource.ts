import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { getMany } from './getMany.operation';

/** Purchase (订阅): a user's subscriptions. */
export const purchase = defineResource<XiaoeClient>('purchase', { getMany }, { defaultOperation: 'getMany' });
