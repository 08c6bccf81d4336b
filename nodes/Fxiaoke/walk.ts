import type { IDataObject } from 'n8n-workflow';
import type { Condition, FxiaokeClient } from './client';

/**
 * Reading many records. The v2 query pages by offset (limit ≤ 100, offset a multiple of limit: official), and
 * deep offsets are reported to fail past 10 000 (not documented). So a read pages by offset only up to
 * `switchAt` records, then starts again after the last record seen with a key condition on a sorted, always-set
 * field (`_id`, or a time field with `_id` as tie-break). No offset ever passes `switchAt`, whatever the size.
 */
export type SortField = '_id' | 'last_modified_time' | 'create_time';

export interface WalkOptions {
	filters: Condition[];
	sort: { field: SortField; asc: boolean };
	/** Stop after this many records; undefined = all. */
	limit?: number;
	fieldProjection?: string[];
	itemIndex?: number;
}

export const PAGE_SIZE = 100;
/** Re-anchor after this many records read by offset (half the reported ceiling). */
export const walkPolicy = { switchAt: 5000 };

export async function readAll(client: FxiaokeClient, apiName: string, options: WalkOptions): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	await walk(client, apiName, options, options.filters, options.sort, (rows) => {
		for (const r of rows) {
			if (options.limit !== undefined && out.length >= options.limit) break;
			// A record edited during a time-ordered read can move behind the cursor and come again: keep it once.
			const id = String(r._id);
			if (seen.has(id)) continue;
			seen.add(id);
			out.push(r);
		}
		return options.limit === undefined ? Infinity : options.limit - out.length;
	});
	return out;
}

/** `take` receives each page and says how many more records are wanted. */
async function walk(
	client: FxiaokeClient,
	apiName: string,
	options: WalkOptions,
	base: Condition[],
	sort: { field: SortField; asc: boolean },
	take: (rows: IDataObject[]) => number,
): Promise<number> {
	const orders = [{ fieldName: sort.field, isAsc: sort.asc }];
	if (sort.field !== '_id') orders.push({ fieldName: '_id', isAsc: sort.asc });
	const after = sort.asc ? 'GT' : 'LT';
	let filters = base;
	let wanted = options.limit === undefined ? Infinity : options.limit;
	for (;;) {
		let last: IDataObject | undefined;
		for (let offset = 0; offset < walkPolicy.switchAt; offset += PAGE_SIZE) {
			// A small limit is one small page; otherwise full pages, so that every offset is a multiple of the limit.
			const limit = offset === 0 && wanted < PAGE_SIZE ? wanted : PAGE_SIZE;
			const projection = options.fieldProjection ? { fieldProjection: options.fieldProjection } : {};
			const { rows } = await client.query(apiName, { limit, offset, filters, orders, ...projection }, options.itemIndex);
			wanted = take(rows);
			if (rows.length < limit || wanted <= 0) return wanted;
			last = rows[rows.length - 1];
		}
		if (!last) return wanted;
		const id = String(last._id);
		if (sort.field === '_id') {
			filters = [...base, { field_name: '_id', field_values: [id], operator: after }];
			continue;
		}
		// Records sharing the last time: the rest of them by _id, then everything after that time.
		const time = String(last[sort.field]);
		wanted = await walk(
			client,
			apiName,
			{ ...options, limit: wanted === Infinity ? undefined : wanted },
			[...base, { field_name: sort.field, field_values: [time], operator: 'EQ' }, { field_name: '_id', field_values: [id], operator: after }],
			{ field: '_id', asc: sort.asc },
			take,
		);
		if (wanted <= 0) return wanted;
		filters = [...base, { field_name: sort.field, field_values: [time], operator: after }];
	}
}
