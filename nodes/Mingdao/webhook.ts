import type { IDataObject } from 'n8n-workflow';

/**
 * What a Mingdao workflow's "Send API request" (发送API请求) step posts, turned into items. Mingdao has no fixed
 * payload for this step: the admin writes the body. We recommend `{event, worksheetId, rowId, fields:{...}}` and also
 * accept an array of those, `{records:[...]}`, or a bare row (`{rowid, ...fields}`) with the event in the query.
 */
export interface MingdaoEvent {
	event: string;
	worksheetId: string;
	rowId: string;
	fields: IDataObject;
	receivedAt: string;
}

/** Mingdao's trigger kinds (1 add, 2 edit, 3 delete, 4 edit only) and common words → created/updated/deleted. */
export function normalizeEvent(raw: unknown): string {
	const text = String(raw ?? '').trim();
	const lower = text.toLowerCase();
	if (['1', 'add', 'added', 'create', 'created', 'new', 'insert', '新增', '创建', '添加'].includes(lower)) return 'created';
	if (['2', '4', 'edit', 'edited', 'update', 'updated', 'modify', 'modified', '修改', '更新', '编辑'].includes(lower)) return 'updated';
	if (['3', 'delete', 'deleted', 'remove', 'removed', '删除'].includes(lower)) return 'deleted';
	return text || 'unknown';
}

const META = new Set(['event', 'worksheetId', 'worksheet_id', 'rowId', 'rowid', 'row_id', 'fields']);
const str = (...values: unknown[]) => {
	const v = values.find((x) => x !== undefined && x !== null && x !== '');
	return v === undefined ? '' : String(v);
};

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return {};
	}
}

export function toEvents(body: unknown, query: IDataObject, receivedAt: string): MingdaoEvent[] {
	const parsed = parseBody(body);
	let records: unknown[];
	let shared: IDataObject = {};
	if (Array.isArray(parsed)) records = parsed;
	else if (parsed && typeof parsed === 'object' && Array.isArray((parsed as IDataObject).records)) {
		shared = parsed as IDataObject;
		records = shared.records as unknown[];
	} else records = [parsed ?? {}];
	return records
		.filter((r): r is IDataObject => !!r && typeof r === 'object' && !Array.isArray(r))
		.map((record) => {
			let fields: IDataObject;
			if (record.fields && typeof record.fields === 'object' && !Array.isArray(record.fields)) fields = record.fields as IDataObject;
			else {
				// A bare row: everything but the envelope keys is a field.
				fields = {};
				for (const [k, v] of Object.entries(record)) if (!META.has(k)) fields[k] = v;
			}
			return {
				event: normalizeEvent(str(record.event, shared.event, query.event)),
				worksheetId: str(record.worksheetId, record.worksheet_id, shared.worksheetId, query.worksheetId),
				rowId: str(record.rowId, record.rowid, record.row_id),
				fields,
				receivedAt,
			};
		});
}
