import type { INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import { showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import { normalizeBeijingTimes } from '../../core/time';
import type { XiaoeClient } from '../client';
import { readObject } from '../shapes';

const R = 'goods';

export const RESOURCE_TYPES = [
	{ name: 'Article (图文)', value: 1 },
	{ name: 'Audio (音频)', value: 2 },
	{ name: 'Video (视频)', value: 3 },
	{ name: 'Live (直播)', value: 4 },
	{ name: 'Membership (会员)', value: 5 },
	{ name: 'Column (专栏)', value: 6 },
	{ name: 'Big Column (大专栏)', value: 8 },
	{ name: 'E-Book (电子书)', value: 20 },
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [{ name: 'Get', value: 'get', action: 'Get goods', description: 'Goods detail (xe.goods.detail.get/3.0.0)' }],
		default: 'get',
	},
	{
		displayName: 'Goods ID',
		name: 'goodsId',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['get']),
		default: '',
		placeholder: 'i_5f1234abcd',
	},
	{
		displayName: 'Goods Type',
		name: 'goodsType',
		type: 'options',
		displayOptions: showFor(R, ['get']),
		options: RESOURCE_TYPES,
		default: 6,
	},
	{
		displayName: 'price and line_price are in fen (分): divide by 100 for yuan',
		name: 'goodsNotice',
		type: 'notice',
		displayOptions: showFor(R, ['get']),
		default: '',
	},
];

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		get: {
			async execute(ctx, client, i) {
				const goodsId = String(ctx.getNodeParameter('goodsId', i, '')).trim();
				if (!goodsId) throw inputError(ctx.getNode(), 'Goods ID', 'is required', i);
				const goodsType = ctx.getNodeParameter('goodsType', i) as number;
				// This version nests its parameters under `data`.
				const data = await client.call('xe.goods.detail.get/3.0.0', { data: { goods_id: goodsId, goods_type: goodsType } }, { itemIndex: i });
				const detail = readObject(ctx.getNode(), data, i);
				const info = (detail.resource_info ?? detail) as Record<string, unknown>;
				return normalizeBeijingTimes({ goods_id: goodsId, goods_type: goodsType, ...info });
			},
		},
	},
};
