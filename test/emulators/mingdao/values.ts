/**
 * Field values: validated on write, stored canonically, formatted on read.
 * Canonical forms (what filters compare): text/date strings, numbers as numbers, select/relation/member
 * as arrays of keys/row ids/accountIds, checkbox as boolean, empty as null.
 */
import { ERR, MdError } from './errors';
import { MEMBERS } from './presets';
import type { FieldInfo, MingdaoFieldType, MingdaoState } from './state';

const ARRAY_TYPES = new Set<MingdaoFieldType>(['SingleSelect', 'MultipleSelect', 'Dropdown', 'Relation', 'Collaborator']);
const SELECT_TYPES = new Set<MingdaoFieldType>(['SingleSelect', 'MultipleSelect', 'Dropdown']);
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const NUMBER_RE = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export const isSelect = (t: MingdaoFieldType) => SELECT_TYPES.has(t);
export const isArrayType = (t: MingdaoFieldType) => ARRAY_TYPES.has(t);

export function isEmpty(v: unknown): boolean {
	return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

export function badValue(field: FieldInfo, why: string): MdError {
	return new MdError(ERR.badValue, `字段值错误: ${field.alias} (${field.name}): ${why}`);
}

/** 'YYYY-MM-DD[ HH:mm[:ss]]' → [date, time] if it is a real calendar date/time. */
export function parseDateText(s: string): [string, string] | undefined {
	const m = DATE_RE.exec(s.trim());
	if (!m) return undefined;
	const [y, mo, d, h = '00', mi = '00', sec = '00'] = m.slice(1);
	const dt = new Date(Date.UTC(+y, +mo - 1, +d));
	if (dt.getUTCMonth() !== +mo - 1 || dt.getUTCDate() !== +d || +h > 23 || +mi > 59 || +sec > 59) return undefined;
	return [`${y}-${mo}-${d}`, `${h}:${mi}:${sec}`];
}

export function parseNumber(v: unknown): number | undefined {
	if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
	if (typeof v === 'string' && NUMBER_RE.test(v.trim())) return Number(v.trim());
	return undefined;
}

/** A single id is accepted where an array is documented (lenient, as most Mingdao endpoints are). */
function idList(field: FieldInfo, raw: unknown): string[] {
	const list = Array.isArray(raw) ? raw : [raw];
	for (const x of list) if (typeof x !== 'string' || !x) throw badValue(field, `expected an array of ids, got ${JSON.stringify(raw)}`);
	return [...new Set(list as string[])];
}

/** A v3 write value → canonical value, or MdError 10002. */
export function toCanonical(field: FieldInfo, raw: unknown, state: MingdaoState): unknown {
	if (field.type === 'AutoNumber' || field.type === 'Formula') throw badValue(field, 'read-only field cannot be written');
	if (isEmpty(raw)) return null;
	switch (field.type) {
		case 'Text':
		case 'PhoneNumber':
		case 'Email': {
			const s = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
			if (typeof s !== 'string') throw badValue(field, `expected a string, got ${JSON.stringify(raw)}`);
			if (field.type === 'Email' && !/^[^@\s]+@[^@\s]+$/.test(s)) throw badValue(field, `not an email: ${s}`);
			return s;
		}
		case 'Number':
		case 'Currency': {
			const n = parseNumber(raw);
			if (n === undefined) throw badValue(field, `expected a number, got ${JSON.stringify(raw)}`);
			return n;
		}
		case 'Date':
		case 'DateTime': {
			const p = typeof raw === 'string' ? parseDateText(raw) : undefined;
			const fmt = field.type === 'Date' ? 'YYYY-MM-DD' : 'YYYY-MM-DD HH:mm:ss';
			if (!p) throw badValue(field, `expected ${fmt}, got ${JSON.stringify(raw)}`);
			return field.type === 'Date' ? p[0] : `${p[0]} ${p[1]}`;
		}
		case 'SingleSelect':
		case 'Dropdown':
		case 'MultipleSelect': {
			const keys = idList(field, raw);
			for (const k of keys) {
				const option = field.options.find((o) => o.key === k);
				if (!option) throw badValue(field, `option key does not exist: ${k}`);
				if (option.deleted) throw badValue(field, `option is deleted: ${k}`);
			}
			if (field.type !== 'MultipleSelect' && keys.length > 1) throw badValue(field, 'single select takes one option');
			return keys;
		}
		case 'Checkbox':
			if (raw === true || raw === 1 || raw === '1' || raw === 'true') return true;
			if (raw === false || raw === 0 || raw === '0' || raw === 'false') return false;
			throw badValue(field, `expected 1/0/true/false, got ${JSON.stringify(raw)}`);
		case 'Relation': {
			const ids = idList(field, raw);
			const target = state.findWorksheet(field.dataSource);
			for (const id of ids) if (!target?.rows.has(id)) throw badValue(field, `related row does not exist: ${id}`);
			return ids;
		}
		case 'Collaborator': {
			const ids = idList(field, raw);
			for (const id of ids) if (!MEMBERS.some((m) => m.accountId === id)) throw badValue(field, `unknown member: ${id}`);
			return ids;
		}
	}
	throw badValue(field, `unsupported field type ${field.type as string}`);
}

/** v2 sends most values as strings: JSON-string arrays, comma lists, or a bare id. Normalise to v3 form. */
export function normalizeV2(field: FieldInfo, raw: unknown): unknown {
	if (!isArrayType(field.type) || typeof raw !== 'string') return raw;
	const s = raw.trim();
	if (!s) return null;
	let list: unknown[];
	if (s.startsWith('[')) {
		try {
			list = JSON.parse(s) as unknown[];
		} catch {
			throw badValue(field, `invalid JSON array: ${s}`);
		}
	} else list = s.split(',').map((x) => x.trim());
	return list.map((x) => (x && typeof x === 'object' ? ((x as any).sid ?? (x as any).accountId ?? (x as any).key) : x));
}

function titleOf(state: MingdaoState, worksheetId: string | undefined, rowid: string): string | undefined {
	const ws = state.findWorksheet(worksheetId);
	const row = ws?.rows.get(rowid);
	if (!ws || !row) return undefined;
	const t = state.titleField(ws);
	const v = t ? row.values[t.id] : null;
	return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v);
}

/** Canonical → what v3 returns. Empty: "" for scalars, [] for array types, "0" for checkbox. */
export function toV3(field: FieldInfo, v: unknown, state: MingdaoState): unknown {
	if (field.type === 'Checkbox') return v ? '1' : '0';
	if (isEmpty(v)) return isArrayType(field.type) ? [] : '';
	switch (field.type) {
		case 'Number':
		case 'Currency':
		case 'AutoNumber':
			return String(v);
		case 'SingleSelect':
		case 'MultipleSelect':
		case 'Dropdown':
			return (v as string[]).map((k) => ({ key: k, value: field.options.find((o) => o.key === k)?.value ?? '' }));
		case 'Relation':
			// Rows deleted since they were linked drop out, as in Mingdao.
			return (v as string[]).flatMap((sid) => {
				const name = titleOf(state, field.dataSource, sid);
				return name === undefined ? [] : [{ sid, name }];
			});
		case 'Collaborator':
			return (v as string[]).map((id) => ({ accountId: id, name: MEMBERS.find((m) => m.accountId === id)?.name ?? '' }));
		default:
			return v;
	}
}

/** Canonical → what v2 returns: strings; arrays as JSON strings (members as {accountId, fullname}). */
export function toV2(field: FieldInfo, v: unknown, state: MingdaoState): unknown {
	const out = toV3(field, v, state);
	if (!Array.isArray(out)) return out;
	if (isSelect(field.type)) return JSON.stringify((v as string[] | null) ?? []);
	if (field.type === 'Collaborator') return JSON.stringify(out.map((m: any) => ({ accountId: m.accountId, fullname: m.name })));
	return JSON.stringify(out);
}

/** v2 numeric type codes (getWorksheetInfo). */
export const V2_TYPE: Record<MingdaoFieldType, number> = {
	Text: 2,
	PhoneNumber: 3,
	Email: 5,
	Number: 6,
	Currency: 8,
	SingleSelect: 9,
	MultipleSelect: 10,
	Dropdown: 11,
	Date: 15,
	DateTime: 16,
	Collaborator: 26,
	Relation: 29,
	Formula: 31,
	AutoNumber: 33,
	Checkbox: 36,
};
