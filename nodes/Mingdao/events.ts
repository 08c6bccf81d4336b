import type { IDataObject } from 'n8n-workflow';

/**
 * What a Mingdao workflow's "Send API request" (发送API请求) step posts, turned into items. Mingdao has no fixed
 * payload for this step: the admin writes the body. We recommend `{event, worksheetId, rowId, fields:{...}}` and also
 * accept an array of those, `{records:[...]}`, or a bare row (`{rowid, ...fields}`) with the event in the query.
 * Anything else (a JSON scalar, a list holding non-records, an empty body) is refused with the reason, so a
 * misconfigured step fails visibly in Mingdao's workflow log instead of being acknowledged and dropped.
 */
export interface MingdaoEvent {
	event: string;
	worksheetId: string;
	rowId: string;
	fields: IDataObject;
	receivedAt: string;
}

export interface ReceivedBody {
	/** The bytes as sent (n8n's `rawBody`), when n8n kept them. */
	raw?: Buffer | string;
	/** What n8n parsed, used when there are no raw bytes (multipart forms n8n parsed: `{data, files}`). */
	parsed?: unknown;
	/** The Content-Type header. */
	contentType?: string;
}

export type BodyVerdict = { ok: true; records: IDataObject[]; shared: IDataObject } | { ok: false; reason: string };

/** Strict: bytes that are not UTF-8 are refused, not turned into replacement characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const isRecord = (v: unknown): v is IDataObject => !!v && typeof v === 'object' && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'object' ? 'object' : `${typeof v}`);
const refuse = (reason: string): BodyVerdict => ({ ok: false, reason });

/**
 * The records of a request. JSON is read from the raw bytes whatever the Content-Type says (a missing or wrong
 * header is common in hand-written "Send API request" steps); form fields only under a form Content-Type.
 */
export function readRecords(body: ReceivedBody): BodyVerdict {
	const contentType = String(body.contentType ?? '').split(';')[0].trim().toLowerCase();
	let value: unknown;
	if (body.raw === undefined) {
		// n8n's multipart parser answers {data: fields, files}.
		const parsed = body.parsed as IDataObject | undefined;
		value = contentType === 'multipart/form-data' && isRecord(parsed?.data) ? parsed.data : parsed;
	} else {
		let text: string;
		try {
			text = (Buffer.isBuffer(body.raw) ? UTF8.decode(body.raw) : body.raw).replace(/^\uFEFF/, '').trim();
		} catch {
			return refuse('the body is not UTF-8 text');
		}
		if (!text) return refuse('the body is empty: send one record {…} or a list of records [{…}] as JSON');
		if (contentType === 'multipart/form-data') {
			value = multipartFields(text, String(body.contentType));
			if (value === undefined) return refuse('the multipart body has no boundary or no fields');
		} else if (contentType === 'application/x-www-form-urlencoded' && !/^[[{]/.test(text)) {
			value = Object.fromEntries(new URLSearchParams(text));
		} else {
			try {
				value = JSON.parse(text);
			} catch (error) {
				return refuse(`the body is not JSON (${(error as Error).message.slice(0, 120)}): send one record {…} or a list of records [{…}]`);
			}
		}
	}
	if (Array.isArray(value)) return recordList(value, {});
	if (!isRecord(value)) return refuse(`the body is a JSON ${kind(value)}, not a record {…} or a list of records [{…}]`);
	if ('records' in value) {
		if (!Array.isArray(value.records)) return refuse(`"records" is a ${kind(value.records)}, not a list of records [{…}]`);
		return recordList(value.records, value);
	}
	if (Object.keys(value).length === 0) return refuse('the record is empty: send its fields, e.g. {"event":"updated","rowId":"…","fields":{…}}');
	return { ok: true, records: [value], shared: {} };
}

/**
 * The text fields of a multipart/form-data body (file parts are left out), as n8n would parse them: Mingdao's
 * "Send API request" step can post form-data, and with Read the Body Unparsed n8n leaves that to this node.
 */
export function multipartFields(text: string, contentType: string): IDataObject | undefined {
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	if (!match) return undefined;
	const delimiter = `--${match[1] ?? match[2]}`;
	const fields: IDataObject = {};
	for (const part of text.split(delimiter).slice(1)) {
		if (part.startsWith('--')) break;
		const content = part.replace(/^\r?\n/, '');
		const end = content.search(/\r?\n\r?\n/);
		if (end < 0) continue;
		const headers = content.slice(0, end);
		const name = /content-disposition:[^\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
		if (name === undefined || /\bfilename\*?=/i.test(headers)) continue;
		const value = content.slice(end).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
		const earlier = fields[name];
		fields[name] = earlier === undefined ? value : Array.isArray(earlier) ? [...(earlier as string[]), value] : [earlier as string, value];
	}
	return Object.keys(fields).length ? fields : undefined;
}

function recordList(list: unknown[], shared: IDataObject): BodyVerdict {
	if (list.length === 0) return refuse('the list holds no records');
	const bad = list.findIndex((r) => !isRecord(r) || Object.keys(r).length === 0);
	if (bad >= 0) return refuse(`record ${bad + 1} of the list is ${isRecord(list[bad]) ? 'empty' : `a JSON ${kind(list[bad])}`}, not a record {…}`);
	return { ok: true, records: list as IDataObject[], shared };
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

/** Records → one event each; the event and worksheet may come from the records, the envelope or the query. */
export function toEvents(records: IDataObject[], shared: IDataObject, query: IDataObject, receivedAt: string): MingdaoEvent[] {
	return records.map((record) => {
		let fields: IDataObject;
		if (isRecord(record.fields)) fields = record.fields;
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
