import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { get } from './get.operation';

/** Goods (商品): one goods' detail. */
export const goods = defineResource<XiaoeClient>('goods', { get }, { defaultOperation: 'get' });
