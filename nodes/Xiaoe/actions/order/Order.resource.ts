import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

/** Order (订单): one order's detail, or the orders of a time window. */
export const order = defineResource<XiaoeClient>('order', { get, getMany }, { defaultOperation: 'getMany' });
