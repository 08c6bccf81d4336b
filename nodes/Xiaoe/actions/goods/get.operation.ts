import type { OperationModule } from '../../../core/operation';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readObject } from '../../schema';
import { RESOURCE_TYPES } from '../common';
import { requiredText } from '../params';

/** One goods' detail (xe.goods.detail.get/3.0.0, "商品详情1.0"): `resource_info` flattened, with the id and type asked for. */
export const get: OperationModule<XiaoeClient> = {
	name: 'Get',
	action: 'Get goods (商品详情)',
	description: 'Goods detail (xe.goods.detail.get/3.0.0)',
	properties: [
		{ displayName: 'Goods ID', name: 'goodsId', type: 'string', required: true, default: '', placeholder: 'i_5f1234abcd' },
		{ displayName: 'Goods Type', name: 'goodsType', type: 'options', options: RESOURCE_TYPES, default: 6 },
		{
			displayName: 'price and line_price are in fen (分): divide by 100 for yuan',
			name: 'goodsNotice',
			type: 'notice',
			default: '',
		},
	],
	async execute(ctx, client, i) {
		const goodsId = requiredText(ctx, 'goodsId', 'Goods ID', i);
		const goodsType = ctx.getNodeParameter('goodsType', i) as number;
		// This version nests its parameters under `data`.
		const data = await client.call('xe.goods.detail.get/3.0.0', { data: { goods_id: goodsId, goods_type: goodsType } }, { itemIndex: i });
		const detail = readObject(ctx.getNode(), data, i);
		const info = (detail.resource_info ?? detail) as Record<string, unknown>;
		return normalizeBeijingTimes({ goods_id: goodsId, goods_type: goodsType, ...info });
	},
};
