import type { IDataObject } from 'n8n-workflow';
import { beijingToIso } from '../core/time';
import { exactNumberFromText } from './numbers';
import { keyOf } from './worksheet';
import type { Field, Worksheet } from './worksheet';

/**
 * Rows as Mingdao reads them → what a workflow gets, and field values → what Mingdao writes.
 * Output rows (Simplify on) carry Mingdao's own v3 names: `id`, `_createdAt`, aliases as keys.
 */

/** Field values to write, keyed by field id, in v3 write form. */
export type FieldValues = Record<string, unknown>;

export function fieldsPayload(values: FieldValues): Array<{ id: string; value: unknown }> {
	return Object.entries(values).map(([id, value]) => ({ id, value }));
}

/** Items whose values are the same share one PATCH rows/batch: their signature (field order does not count). */
export const valuesSignature = (values: FieldValues) => JSON.stringify(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1)));

/** Field ids → the keys users see (aliases). */
export function keysOf(ws: Worksheet, ids: string[]): string[] {
	return ids.map((id) => {
		const f = ws.fields.find((x) => x.id === id);
		return f ? keyOf(f) : id;
	});
}

/** Numbers as numbers, unless a number would not keep the exact value (then the text Mingdao sent). */
function readNumber(value: unknown): unknown {
	if (value === '' || value === null || value === undefined) return null;
	if (typeof value !== 'string') return value;
	const n = exactNumberFromText(value);
	return n.ok ? n.value : value;
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === '' || v === null || v === undefined ? [] : [v]);
const prop = (x: unknown, key: string): unknown => (x && typeof x === 'object' ? (x as Record<string, unknown>)[key] : x);

/** One read value → what a workflow wants to use: numbers, labels, ids, names, booleans, ISO times. */
export function simplifyValue(field: Field, value: unknown): unknown {
	switch (field.type) {
		case 'Number':
		case 'Currency':
		case 'AutoNumber':
			return readNumber(value);
		case 'Checkbox':
			return value === true || value === 1 || value === '1' || value === 'true';
		case 'SingleSelect':
		case 'Dropdown': {
			const first = asList(value)[0];
			return first === undefined ? null : (prop(first, 'value') ?? field.options.find((o) => o.key === first)?.value ?? first);
		}
		case 'MultipleSelect':
			return asList(value).map((x) => prop(x, 'value') ?? field.options.find((o) => o.key === x)?.value ?? x);
		case 'Relation':
			return asList(value).map((x) => prop(x, 'sid') ?? prop(x, 'rowid'));
		case 'Collaborator':
			return asList(value).map((x) => prop(x, 'name') ?? prop(x, 'fullname') ?? prop(x, 'accountId'));
		case 'DateTime':
			return typeof value === 'string' && value ? beijingToIso(value.length === 16 ? `${value}:00` : value) : value || null;
		default:
			return value;
	}
}

/** The row id: `id` in v3 (list and detail); older answers say `rowid`. */
export function rowIdOf(row: IDataObject): string | undefined {
	const id = row.id ?? row.rowid;
	return typeof id === 'string' && id ? id : typeof id === 'number' ? String(id) : undefined;
}

const time = (v: unknown) => (typeof v === 'string' && v ? beijingToIso(v) : ((v ?? null) as string | null));
/** A system user (`_createdBy`, `_owner`, …): `{accountId or id, fullname}` → the name, as member fields read. */
const userName = (v: unknown) => (v && typeof v === 'object' ? (prop(v, 'fullname') ?? prop(v, 'name') ?? prop(v, 'accountId') ?? prop(v, 'id')) : v);

/**
 * The row as this node outputs it (Simplify on): `{id, _createdAt, _updatedAt, [_createdBy, _updatedBy, _owner],
 * <alias>: value}`, times as ISO 8601 with +08:00, users and members by name. The names are Mingdao's v3 names,
 * so `id` and `_createdAt` are the same with Simplify on or off. Read from the current names and the older ones:
 * `_createAt` (the reference's detail example), `_createBy`, `rowid`, `ctime`, `utime`.
 */
export function simplifyRow(ws: Worksheet, row: IDataObject): IDataObject {
	const out: IDataObject = {
		id: rowIdOf(row) ?? null,
		_createdAt: time(row._createdAt ?? row._createAt ?? row.ctime),
		_updatedAt: time(row._updatedAt ?? row.utime),
	};
	const users: Array<[string, unknown]> = [
		['_createdBy', row._createdBy ?? row._createBy],
		['_updatedBy', row._updatedBy],
		['_owner', row._owner],
	];
	for (const [key, v] of users) if (v !== undefined) out[key] = userName(v) as IDataObject[keyof IDataObject];
	for (const field of ws.fields) {
		const raw = row[field.alias] !== undefined ? row[field.alias] : row[field.id];
		if (raw === undefined) continue;
		out[keyOf(field)] = simplifyValue(field, raw) as IDataObject[keyof IDataObject];
	}
	return out;
}

/** Simplify off: the row as Mingdao sent it, with `id` added when only the older `rowid` is there. */
export function rawRow(row: IDataObject): IDataObject {
	return row.id === undefined && rowIdOf(row) ? { id: rowIdOf(row), ...row } : row;
}
