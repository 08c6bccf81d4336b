import { defineResource } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { get } from './get.operation';
import { getByMobile } from './getByMobile.operation';
import { getMany } from './getMany.operation';

/** User (员工): employees of the company, for owner fields and the operator. */
export const user = defineResource<FxiaokeClient>('user', { getByMobile, get, getMany }, { defaultOperation: 'getByMobile' });
