import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { listOrdersV1, listOrdersV2, ORDER_STATES_V1, ORDER_STATES_V2 } from '../../orderList';
import type { OrderTimeField } from '../../orderList';
import { dateParam, filterValue } from '../params';
import { isSimplified, simplifyOption, simplifyOrder } from '../../simplify';

/**
 * Orders in a time window of any length, from Order List 2.0 (by created, paid or updated time) or 1.1 (by created
 * time); orderList.ts splits the window into the spans each API allows and pages each to the end.
 */
export const getMany: OperationModule<XiaoeClient> = {
	name: 'Get Many',
	action: 'Get many orders (订单列表)',
	description: 'Orders in a time window, of any length: the node splits it into the windows the API allows',
	properties: [
		{
			displayName: 'API Version',
			name: 'apiVersion',
			type: 'options',
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
			displayOptions: { show: { apiVersion: ['v2'] } },
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
			default: '',
			description:
				"Start of the window (inclusive). Without an offset it is read in the workflow's time zone and sent to Xiaoe in Beijing time.",
		},
		{
			displayName: 'To',
			name: 'end',
			type: 'dateTime',
			default: '',
			description: 'End of the window (inclusive); empty means now',
		},
		...returnAllAndLimit,
		{ ...simplifyOption, displayOptions: { show: { apiVersion: ['v2'] } } },
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Order ID', name: 'orderId', type: 'string', default: '' },
				{
					displayName: 'Order State (1.1)',
					name: 'orderStateV1',
					type: 'options',
					description: 'Order List 1.1 states',
					options: ORDER_STATES_V1,
					default: 1,
				},
				{
					displayName: 'Order State (2.0)',
					name: 'orderStateV2',
					type: 'options',
					description: 'Order List 2.0 states',
					options: ORDER_STATES_V2,
					default: 4,
				},
				{ displayName: 'Resource ID (1.1)', name: 'resourceId', type: 'string', default: '' },
				{ displayName: 'User ID', name: 'userId', type: 'string', default: '' },
			],
		},
	],
	async execute(ctx, client, i) {
		const version = ctx.getNodeParameter('apiVersion', i, 'v2') as string;
		const start = dateParam(ctx, 'start', 'From', i, true)!;
		const end = dateParam(ctx, 'end', 'To', i, false) ?? DateTime.now();
		if (end < start) throw inputError(ctx.getNode(), 'To', 'must not be before From', i);
		const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const filters: IDataObject = {};
		const set = (apiName: string, parameter: string) => {
			const value = filterValue(raw, parameter);
			if (value !== undefined) filters[apiName] = value;
		};
		set('user_id', 'userId');
		set('order_id', 'orderId');
		const limitTo = readLimit(ctx, i);
		let orders: IDataObject[];
		if (version === 'v1') {
			set('resource_id', 'resourceId');
			set('order_state', 'orderStateV1');
			orders = await listOrdersV1(client, { start, end, timeField: 'created', filters, limit: limitTo, itemIndex: i });
		} else {
			// Order List 2.0 has no resource filter.
			set('order_state', 'orderStateV2');
			const timeField = ctx.getNodeParameter('timeField', i, 'created') as OrderTimeField;
			orders = await listOrdersV2(client, { start, end, timeField, filters, limit: limitTo, itemIndex: i });
		}
		const simple = version !== 'v1' && isSimplified(ctx.getNodeParameter('output', i, 'raw'));
		return orders.map((o) => (simple ? simplifyOrder(normalizeBeijingTimes(o), ctx.getNode(), i) : normalizeBeijingTimes(o)));
	},
};
