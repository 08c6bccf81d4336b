import type { IDataObject, INode } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { inputError } from '../core/errors';

/**
 * An object's fields as its description gives them, and the rules for values: what is sent for each field type,
 * and when a stored value already equals a wanted one (upserts write only what changed).
 *
 * Not settled by a primary source: the description's exact layout. Production clients read `data.describe.fields`
 * (a map keyed by api_name) or `data.fields`; both, as map or list, are accepted. Type names are the PaaS ones
 * (text, number, currency, percentile, date, date_time, true_or_false, select_one, select_many, employee, …).
 * Read values: times are ms epoch numbers, money and numbers strings ("1.00") (official apifox examples).
 */
export interface FieldInfo {
	apiName: string;
	label: string;
	type: string;
	required: boolean;
	unique: boolean;
	readonly: boolean;
	options: Array<{ label: string; value: string }>;
}

export interface ObjectInfo {
	apiName: string;
	label: string;
	fields: FieldInfo[];
}

const NUMBER_TYPES = new Set(['number', 'currency', 'percentile']);
const TIME_TYPES = new Set(['date', 'date_time', 'time']);
const LIST_TYPES = new Set(['select_many', 'employee', 'department', 'employee_many', 'department_many', 'image', 'file_attachment']);
/** Fields that identify a record well enough to match on in an upsert. */
export const MATCHABLE = new Set(['text', 'auto_number', 'phone_number', 'email', 'number', 'url']);

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const bool = (v: unknown) => v === true || v === 'true';

function asRecord(v: unknown): IDataObject {
	return v && typeof v === 'object' && !Array.isArray(v) ? (v as IDataObject) : {};
}

export function parseField(raw: IDataObject, key?: string): FieldInfo {
	const options = (Array.isArray(raw.options) ? raw.options : []) as IDataObject[];
	return {
		apiName: str(raw.api_name ?? raw.apiName ?? key),
		label: str(raw.label ?? raw.api_name ?? key),
		type: str(raw.type ?? raw.data_type ?? 'text'),
		required: bool(raw.is_required ?? raw.required),
		unique: bool(raw.is_unique ?? raw.unique),
		readonly: bool(raw.is_readonly ?? raw.readonly) || ['_id', 'create_time', 'last_modified_time', 'created_by', 'version', 'life_status'].includes(str(raw.api_name ?? raw.apiName ?? key)),
		options: options.map((o) => ({ label: str(o.label ?? o.value), value: str(o.value) })),
	};
}

/** The fields of a describe answer, whatever the layout (see the header). */
export function parseDescribe(apiName: string, body: unknown): ObjectInfo {
	const data = asRecord(asRecord(body).data);
	const describe = asRecord(data.describe ?? data.objectDescribe ?? data);
	const rawFields = describe.fields ?? data.fields;
	const entries: Array<[string | undefined, IDataObject]> = Array.isArray(rawFields)
		? (rawFields as IDataObject[]).map((f) => [undefined, f])
		: Object.entries(asRecord(rawFields)).map(([k, f]) => [k, asRecord(f)]);
	return {
		apiName,
		label: str(describe.display_name ?? describe.displayName ?? apiName),
		fields: entries.map(([k, f]) => parseField(f, k)).filter((f) => f.apiName),
	};
}

export function findField(info: ObjectInfo, key: string): FieldInfo | undefined {
	return info.fields.find((f) => f.apiName === key);
}

interface Where {
	node: INode;
	itemIndex: number;
	timezone: string;
}

/** A value as Fxiaoke takes it for this field type; bad input names the field and the item. */
export function toApiValue(field: FieldInfo, value: unknown, where: Where): unknown {
	if (value === undefined || value === null || value === '') return value === '' ? '' : null;
	const bad = (problem: string) => inputError(where.node, `Field ${field.label} (${field.apiName})`, problem, where.itemIndex);
	if (NUMBER_TYPES.has(field.type)) {
		const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, '').trim());
		if (typeof value === 'boolean' || !Number.isFinite(n)) throw bad(`"${String(value)}" is not a number`);
		return n;
	}
	if (TIME_TYPES.has(field.type)) return toEpochMs(value, where.timezone, bad);
	if (field.type === 'true_or_false') {
		if (typeof value === 'boolean') return value;
		const s = String(value).trim().toLowerCase();
		if (['true', '1', 'yes', '是'].includes(s)) return true;
		if (['false', '0', 'no', '否'].includes(s)) return false;
		throw bad(`"${String(value)}" is not true or false`);
	}
	if (field.type === 'select_one') return optionValue(field, value, bad);
	if (LIST_TYPES.has(field.type)) {
		const list = Array.isArray(value) ? value : String(value).split(',').map((s) => s.trim()).filter(Boolean);
		return field.type === 'select_many' ? list.map((v) => optionValue(field, v, bad)) : list.map(String);
	}
	if (typeof value === 'object') throw bad('expects text, not an object or list');
	return String(value);
}

/** An option's value, also when given by its label; unknown options are refused, not sent. */
function optionValue(field: FieldInfo, value: unknown, bad: (p: string) => Error): string {
	const s = String(value).trim();
	if (!field.options.length) return s;
	const hit = field.options.find((o) => o.value === s) ?? field.options.find((o) => o.label === s);
	if (!hit) throw bad(`"${s}" is not one of its options (${field.options.map((o) => `${o.label}=${o.value}`).join(', ')})`);
	return hit.value;
}

/** ms epoch from a number (ms, or s when it has 10 digits), an ISO / 'yyyy-MM-dd HH:mm:ss' text, or a Date. */
export function toEpochMs(value: unknown, timezone: string, bad: (p: string) => Error): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
	if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
	const s = String(value).trim();
	if (/^\d{10}$/.test(s)) return Number(s) * 1000;
	if (/^\d{11,}$/.test(s)) return Number(s);
	let dt = DateTime.fromISO(s, { zone: timezone });
	if (!dt.isValid) dt = DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm:ss', { zone: timezone });
	if (!dt.isValid) dt = DateTime.fromFormat(s, 'yyyy-MM-dd', { zone: timezone });
	if (!dt.isValid) throw bad(`"${s}" is not a date (use ISO 8601, "yyyy-MM-dd HH:mm:ss" or epoch milliseconds)`);
	return dt.toMillis();
}

/** Does the stored value already equal the wanted (converted) one? Numbers by value, lists as sets, text as text. */
export function sameValue(field: FieldInfo, stored: unknown, wanted: unknown): boolean {
	const blank = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
	if (blank(stored) || blank(wanted)) return blank(stored) && blank(wanted);
	if (NUMBER_TYPES.has(field.type) || TIME_TYPES.has(field.type)) return Number(stored) === Number(wanted);
	if (Array.isArray(stored) || Array.isArray(wanted)) {
		const a = (Array.isArray(stored) ? stored : [stored]).map(String).sort();
		const b = (Array.isArray(wanted) ? wanted : [wanted]).map(String).sort();
		return a.length === b.length && a.every((v, i) => v === b[i]);
	}
	if (field.type === 'true_or_false') return String(stored) === String(wanted);
	return String(stored) === String(wanted);
}

/** The canonical text of a match value (what upsert lookups compare): numbers as numbers, text trimmed. */
export function matchKey(field: FieldInfo, value: unknown): string {
	if (value === undefined || value === null) return '';
	if (NUMBER_TYPES.has(field.type)) return Number.isFinite(Number(value)) ? String(Number(value)) : String(value);
	return String(value).trim();
}
