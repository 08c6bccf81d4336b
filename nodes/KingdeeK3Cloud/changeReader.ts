import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ChangeSpec, ChangedRecord, Position } from './changes';
import { groupRows, isAfter, orderString, pageFilter, positionOf, queryFields, timeLiteral } from './changes';
import type { KingdeeClient } from './client';

/**
 * The Kingdee Trigger's reads (ExecuteBillQuery), on the rules of changes.ts: all records changed since a time,
 * page after page with a key cursor; the newest time (for "start from now"); a small sample for manual runs.
 */

/** Every record whose time field is at or after `from` ('' = all), oldest first, one per internal id. */
export async function readChanges(client: KingdeeClient, spec: ChangeSpec, from: string, pageSize: number): Promise<ChangedRecord[]> {
	const fieldKeys = queryFields(spec);
	const order = orderString(spec);
	const rows: IDataObject[] = [];
	let after: Position | undefined;
	for (;;) {
		const page = await client.query({ formId: spec.formId, fieldKeys, filter: pageFilter(spec, from, after), order, limit: pageSize, pageSize });
		rows.push(...page);
		if (page.length < pageSize) break;
		const last = positionOf(spec, page[page.length - 1]);
		// A page must end after the previous one; otherwise the time comparison does not work on this server (a
		// precision the filter cannot express) and reading on would loop: stop before the cursor moves.
		if (!last || !isAfter(after, last)) {
			throw new NodeOperationError(
				client.ctx.getNode(),
				`Reading ${spec.formId} by ${spec.timeField} does not advance past ${last?.time ?? 'a row without time'}`,
				{ description: `Check that ${spec.timeField} is a datetime field and ${spec.idField} the internal ID of ${spec.formId}.` },
			);
		}
		after = last;
	}
	return groupRows(spec, rows);
}

/** "Start from now" in Kingdee's clock: the newest time, and the records at that time (already seen). */
export async function startingPoint(client: KingdeeClient, spec: ChangeSpec): Promise<{ time: string; seen: Record<string, string> }> {
	const keys = { ...spec, fields: [], entry: undefined };
	const [newest] = await client.query({
		formId: spec.formId,
		fieldKeys: [spec.idField, spec.timeField],
		filter: spec.filter.trim(),
		order: orderString(keys, 'DESC'),
		limit: 1,
	});
	const top = newest ? positionOf(keys, newest) : undefined;
	if (!top) return { time: '', seen: {} };
	const same = await readChanges(client, { ...keys, filter: joinFilter(spec.filter, `${spec.timeField} = ${timeLiteral(top.time)}`) }, '', 2000);
	return { time: top.time, seen: Object.fromEntries(same.map((r) => [r.id, r.time])) };
}

/** The newest `count` records (with their entry rows), newest first, for "Fetch Test Event". */
export async function sample(client: KingdeeClient, spec: ChangeSpec, count: number): Promise<ChangedRecord[]> {
	const limit = spec.entry ? 200 : count;
	const rows = await client.query({
		formId: spec.formId,
		fieldKeys: queryFields(spec),
		filter: spec.filter.trim(),
		order: orderString(spec, 'DESC'),
		limit,
	});
	const records = groupRows(spec, rows);
	// The last record may have been cut off between its entry rows.
	if (rows.length >= limit && records.length > 1) records.pop();
	return records.slice(0, count);
}

function joinFilter(user: string, condition: string): string {
	return user.trim() ? `(${user.trim()}) AND ${condition}` : condition;
}
