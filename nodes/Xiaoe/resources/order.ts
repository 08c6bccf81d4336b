import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import { normalizeBeijingTimes } from '../../core/time';
import type { XiaoeClient } from '../client';
import { listOrdersV1, listOrdersV2, ORDER_STATES_V2 } from '../orders';
import type { OrderTimeField } from '../orders';
import { readObject } from '../shapes';
import { dateParam } from './time';

const R = 'order';

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get an order', description: 'Order detail (xe.order.detail/1.0.0)' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many orders',
				description: 'Orders in a time window, of any length: the node splits it into the windows the API allows',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Order ID',
		name: 'orderId',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['get']),
		default: '',
		placeholder: 'o_1700000000_abcdef_12345',
	},
	{
		displayName: 'Amounts in order detail: price is in yuan (元) as a string, e.g. "0.03". Times are returned as ISO 8601 in Beijing time (+08:00).',
		name: 'detailNotice',
		type: 'notice',
		displayOptions: showFor(R, ['get']),
		default: '',
	},
	{
		displayName: 'API Version',
		name: 'apiVersion',
		type: 'options',
		displayOptions: showFor(R, ['getMany']),
		options: [
			{
				name: 'Order List 2.0 (by Created, Paid or Updated Time)',
				value: 'v2',
				description: 'Xe.ecommerce.order.list/1.0.0 — nested order_info / price_info / good_list, amounts in fen (分)',
			},
			{
				name: 'Order List 1.1 (by Created Time)',
				value: 'v1',
				description: 'Xe.order.list.get/1.0.1 — flat records, up to 200 per page',
			},
		],
		default: 'v2',
	},
	{
		displayName: 'Time Field',
		name: 'timeField',
		type: 'options',
		displayOptions: { show: { resource: [R], operation: ['getMany'], apiVersion: ['v2'] } },
		options: [
			{ name: 'Created Time', value: 'created' },
			{ name: 'Paid Time', value: 'paid', description: 'Filters pay_time; the pay time is order_info.pay_state_time' },
			{ name: 'Updated Time', value: 'updated', description: 'Catches paid, refunded and edited orders' },
		],
		default: 'created',
	},
	{
		displayName: 'From',
		name: 'start',
		type: 'dateTime',
		required: true,
		displayOptions: showFor(R, ['getMany']),
		default: '',
		description:
			"Start of the window (inclusive). Without an offset it is read in the workflow's time zone and sent to Xiaoe in Beijing time.",
	},
	{
		displayName: 'To',
		name: 'end',
		type: 'dateTime',
		displayOptions: showFor(R, ['getMany']),
		default: '',
		description: 'End of the window (inclusive); empty means now',
	},
	...returnAllAndLimit(R, ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getMany']),
		default: {},
		options: [
			{ displayName: 'Order ID', name: 'order_id', type: 'string', default: '' },
			{
				displayName: 'Order State (1.1)',
				name: 'order_state_v1',
				type: 'options',
				description: 'Order List 1.1 states',
				options: [
					{ name: 'Unpaid (未支付)', value: 0 },
					{ name: 'Paid (已支付)', value: 1 },
					{ name: 'Refunded (已退款)', value: 3 },
					{ name: 'Timed Out (超时取消)', value: 6 },
					{ name: 'Cancelled (手动取消)', value: 7 },
					{ name: 'Refunding (退款中)', value: 8 },
					{ name: 'Refund Failed (退款失败)', value: 9 },
					{ name: 'Refund Succeeded (退款成功)', value: 10 },
					{ name: 'Partially Refunded (部分退款)', value: 11 },
				],
				default: 1,
			},
			{
				displayName: 'Order State (2.0)',
				name: 'order_state_v2',
				type: 'options',
				description: 'Order List 2.0 states',
				options: ORDER_STATES_V2,
				default: 4,
			},
			{ displayName: 'Resource ID (1.1)', name: 'resource_id', type: 'string', default: '' },
			{ displayName: 'User ID', name: 'user_id', type: 'string', default: '' },
		],
	},
];

async function get(ctx: IExecuteFunctions, client: XiaoeClient, i: number) {
	const orderId = String(ctx.getNodeParameter('orderId', i, '')).trim();
	if (!orderId) throw inputError(ctx.getNode(), 'Order ID', 'is required', i);
	const data = await client.call('xe.order.detail/1.0.0', { order_id: orderId }, { itemIndex: i });
	return normalizeBeijingTimes(readObject(ctx.getNode(), data, i));
}

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		get: { execute: get },
		getMany: {
			async execute(ctx, client, i) {
				const version = ctx.getNodeParameter('apiVersion', i, 'v2') as string;
				const start = dateParam(ctx, 'start', 'From', i, true)!;
				const end = dateParam(ctx, 'end', 'To', i, false) ?? DateTime.now();
				if (end < start) throw inputError(ctx.getNode(), 'To', 'must not be before From', i);
				const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
				const filters: IDataObject = {};
				for (const key of ['user_id', 'order_id', 'resource_id']) {
					if (raw[key] !== undefined && raw[key] !== '') filters[key] = raw[key];
				}
				const limit = readLimit(ctx, i);
				let orders: IDataObject[];
				if (version === 'v1') {
					if (raw.order_state_v1 !== undefined) filters.order_state = raw.order_state_v1;
					orders = await listOrdersV1(client, { start, end, timeField: 'created', filters, limit, itemIndex: i });
				} else {
					delete filters.resource_id;
					if (raw.order_state_v2 !== undefined) filters.order_state = raw.order_state_v2;
					const timeField = ctx.getNodeParameter('timeField', i, 'created') as OrderTimeField;
					orders = await listOrdersV2(client, { start, end, timeField, filters, limit, itemIndex: i });
				}
				return orders.map((o) => normalizeBeijingTimes(o));
			},
		},
	},
};
