import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getManyByIds } from './getManyByIds.operation';

/** User (用户): one user, the users matching filters, or the users of many input items at once. */
export const user = defineResource<XiaoeClient>('user', { get, getMany, getManyByIds }, { defaultOperation: 'get' });
