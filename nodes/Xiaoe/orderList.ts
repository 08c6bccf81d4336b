import type { IDataObject } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { paginate } from '../core/paginate';
import { splitWindows, toBeijingString } from '../core/time';
import type { XiaoeClient } from './client';
import { readList } from './schema';

/**
 * Order lists, shared by the Xiaoe node and the Xiaoe Trigger. Hides what differs between the two list APIs:
 * 1.1 filters created time in unix seconds over at most 7 days, 200 a page, page_index; 2.0 filters created,
 * paid or updated time as Beijing strings over at most 31 days, 100 a page, page. Any window is split here.
 */
export const ORDER_LIST_V1 = 'xe.order.list.get/1.0.1';
export const ORDER_LIST_V2 = 'xe.ecommerce.order.list/1.0.0';

/** Order List 1.1 states. */
export const ORDER_STATES_V1 = [
	{ name: 'Unpaid (未支付)', value: 0 },
	{ name: 'Paid (已支付)', value: 1 },
	{ name: 'Refunded (已退款)', value: 3 },
	{ name: 'Timed Out (超时取消)', value: 6 },
	{ name: 'Cancelled (手动取消)', value: 7 },
	{ name: 'Refunding (退款中)', value: 8 },
	{ name: 'Refund Failed (退款失败)', value: 9 },
	{ name: 'Refund Succeeded (退款成功)', value: 10 },
	{ name: 'Partially Refunded (部分退款)', value: 11 },
];

/** Order List 2.0 states (a different enum from 1.x), for filters in the node and the trigger. */
export const ORDER_STATES_V2 = [
	{ name: 'Awaiting Payment (待付款)', value: 0 },
	{ name: 'Awaiting Completion (待成交)', value: 1 },
	{ name: 'To Ship (待发货)', value: 2 },
	{ name: 'Shipped (已发货)', value: 3 },
	{ name: 'Completed (已完成)', value: 4 },
	{ name: 'Closed (已关闭)', value: 5 },
];

export type OrderTimeField = 'created' | 'paid' | 'updated';

/**
 * Order List 2.0 asks for a window by `<range>_start/_end` and sorts by `order_by` (official page
 * api-doc.xiaoe-tech.com/api_list/order/get_order_list_1.0.2.html), but answers the times under other names:
 * the pay time is `order_info.pay_state_time`, there is no `pay_time` (production clients; see
 * test/fixtures/xiaoe/order-list-2.0.json).
 */
const V2_FILTER: Record<OrderTimeField, { range: string; orderBy: string }> = {
	created: { range: 'created_time', orderBy: 'created_at' },
	paid: { range: 'pay_time', orderBy: 'pay_time' },
	updated: { range: 'update_time', orderBy: 'updated_at' },
};

/** Where each time sits in an Order List 2.0 item (under `order_info`). */
export const ORDER_TIME_KEY_V2: Record<OrderTimeField, string> = {
	created: 'created_time',
	paid: 'pay_state_time',
	updated: 'update_time',
};

const DAY_MS = 24 * 3600 * 1000;

export interface OrderQuery {
	start: DateTime;
	end: DateTime;
	timeField: OrderTimeField;
	filters: IDataObject;
	limit?: number;
	/** Oldest first (default) or newest first: windows are walked in the same direction. */
	descending?: boolean;
	itemIndex?: number;
}

/** What differs between the two list APIs: window cap, page size, and how a window and a page are asked for. */
interface ListSpec {
	api: string;
	maxWindowMs: number;
	pageSize: number;
	params(from: DateTime, to: DateTime, page: number, pageSize: number): IDataObject;
}

/** Walk the windows (oldest or newest first), page each to the end, stop at the limit. */
async function listOrders(client: XiaoeClient, query: OrderQuery, spec: ListSpec): Promise<IDataObject[]> {
	const node = client.ctx.getNode();
	const windows = splitWindows(query.start, query.end, spec.maxWindowMs);
	if (query.descending) windows.reverse();
	const out: IDataObject[] = [];
	for (const [from, to] of windows) {
		const remaining = query.limit === undefined ? undefined : query.limit - out.length;
		if (remaining !== undefined && remaining <= 0) break;
		const orders = await paginate(
			async (page, pageSize) =>
				readList(
					node,
					await client.call(spec.api, { ...query.filters, ...spec.params(from, to, page, pageSize) }, { itemIndex: query.itemIndex }),
					query.itemIndex,
				),
			{ pageSize: spec.pageSize, limit: remaining },
		);
		out.push(...orders);
	}
	return out;
}

export function listOrdersV2(client: XiaoeClient, query: OrderQuery): Promise<IDataObject[]> {
	const { range, orderBy } = V2_FILTER[query.timeField];
	return listOrders(client, query, {
		api: ORDER_LIST_V2,
		maxWindowMs: 31 * DAY_MS,
		pageSize: 100,
		params: (from, to, page, pageSize) => ({
			[`${range}_start`]: toBeijingString(from),
			[`${range}_end`]: toBeijingString(to),
			order_by: orderBy,
			order_asc: query.descending ? 'desc' : 'asc',
			page,
			page_size: pageSize,
		}),
	});
}

export function listOrdersV1(client: XiaoeClient, query: OrderQuery): Promise<IDataObject[]> {
	return listOrders(client, query, {
		api: ORDER_LIST_V1,
		maxWindowMs: 7 * DAY_MS,
		pageSize: 200,
		params: (from, to, page, pageSize) => ({
			begin_time: Math.floor(from.toSeconds()),
			end_time: Math.floor(to.toSeconds()),
			order_by: query.descending ? 'created_at:desc' : 'created_at:asc',
			page_index: page,
			page_size: pageSize,
		}),
	});
}
