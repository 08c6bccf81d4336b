import type { IDataObject } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { paginate } from '../core/paginate';
import { splitWindows, toBeijingString } from '../core/time';
import type { XiaoeClient } from './client';
import { readList } from './shapes';

/**
 * Order lists, shared by the Xiaoe node and the Xiaoe Trigger. Hides what differs between the two list APIs:
 * 1.1 filters created time in unix seconds over at most 7 days, 200 a page, page_index; 2.0 filters created,
 * paid or updated time as Beijing strings over at most 31 days, 100 a page, page. Any window is split here.
 */
export const ORDER_LIST_V1 = 'xe.order.list.get/1.0.1';
export const ORDER_LIST_V2 = 'xe.ecommerce.order.list/1.0.0';

export type OrderTimeField = 'created' | 'paid' | 'updated';

const V2_FILTER: Record<OrderTimeField, { range: string; orderBy: string }> = {
	created: { range: 'created_time', orderBy: 'created_at' },
	paid: { range: 'pay_time', orderBy: 'pay_time' },
	updated: { range: 'update_time', orderBy: 'updated_at' },
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

export async function listOrdersV2(client: XiaoeClient, query: OrderQuery): Promise<IDataObject[]> {
	const node = client.ctx.getNode();
	const { range, orderBy } = V2_FILTER[query.timeField];
	const windows = splitWindows(query.start, query.end, 31 * DAY_MS);
	if (query.descending) windows.reverse();
	const out: IDataObject[] = [];
	for (const [from, to] of windows) {
		const remaining = query.limit === undefined ? undefined : query.limit - out.length;
		if (remaining !== undefined && remaining <= 0) break;
		const orders = await paginate(
			async (page, pageSize) =>
				readList(
					node,
					await client.call(
						ORDER_LIST_V2,
						{
							...query.filters,
							[`${range}_start`]: toBeijingString(from),
							[`${range}_end`]: toBeijingString(to),
							order_by: orderBy,
							order_asc: query.descending ? 'desc' : 'asc',
							page,
							page_size: pageSize,
						},
						{ itemIndex: query.itemIndex },
					),
					query.itemIndex,
				),
			{ pageSize: 100, limit: remaining },
		);
		out.push(...orders);
	}
	return out;
}

export async function listOrdersV1(client: XiaoeClient, query: OrderQuery): Promise<IDataObject[]> {
	const node = client.ctx.getNode();
	const windows = splitWindows(query.start, query.end, 7 * DAY_MS);
	if (query.descending) windows.reverse();
	const out: IDataObject[] = [];
	for (const [from, to] of windows) {
		const remaining = query.limit === undefined ? undefined : query.limit - out.length;
		if (remaining !== undefined && remaining <= 0) break;
		const orders = await paginate(
			async (page, pageSize) =>
				readList(
					node,
					await client.call(
						ORDER_LIST_V1,
						{
							...query.filters,
							begin_time: Math.floor(from.toSeconds()),
							end_time: Math.floor(to.toSeconds()),
							order_by: query.descending ? 'created_at:desc' : 'created_at:asc',
							page_index: page,
							page_size: pageSize,
						},
						{ itemIndex: query.itemIndex },
					),
					query.itemIndex,
				),
			{ pageSize: 200, limit: remaining },
		);
		out.push(...orders);
	}
	return out;
}
