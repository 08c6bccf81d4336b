import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { inputError } from '../core/errors';
import { beijingToIso } from '../core/time';
import type { MingdaoClient } from './client';
import { findField, keyOf, READ_ONLY, SKIP, toWriteValue } from './fields';
import type { Field, Worksheet } from './fields';

/** Field values to write, keyed by field id, in v3 write form. */
export type FieldValues = Record<string, unknown>;

/** The worksheet id or alias from the resource locator (n8n resolves `extractValue`; tests may pass the raw object). */
export function worksheetRef(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('worksheet', itemIndex, '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
	return String(value ?? '').trim();
}

export async function worksheetFor(ctx: IExecuteFunctions, client: MingdaoClient, itemIndex: number): Promise<Worksheet> {
	return client.worksheet(worksheetRef(ctx, itemIndex), itemIndex);
}

/**
 * The resource mapper's values for one item, converted per field type. "Map Automatically" takes the item's JSON
 * keys that name a field (alias, id or name) and ignores the rest; "Map Each Column Below" takes `columns.value`,
 * where a field left empty arrives as null or '' and is skipped unless "Clear Fields Left Empty" is on.
 */
export function mappedValues(ctx: IExecuteFunctions, ws: Worksheet, itemIndex: number): FieldValues {
	const mode = ctx.getNodeParameter('columns.mappingMode', itemIndex, 'defineBelow') as string;
	const clearEmpty = ctx.getNodeParameter('options.clearEmpty', itemIndex, false) as boolean;
	const auto = mode === 'autoMapInputData';
	const source = auto
		? ctx.getInputData()[itemIndex].json
		: ((ctx.getNodeParameter('columns.value', itemIndex, {}) as IDataObject | null) ?? {});
	const out: FieldValues = {};
	for (const [key, raw] of Object.entries(source)) {
		const field = findField(ws, key);
		if (!field) {
			if (auto) continue;
			throw inputError(ctx.getNode(), `Field "${key}"`, `is not a field of worksheet ${ws.name}; refresh the field list`, itemIndex);
		}
		if (READ_ONLY.has(field.type)) continue;
		let value = raw as unknown;
		if (!auto && (value === null || value === '')) value = clearEmpty ? null : undefined;
		else if (auto && value === '' && clearEmpty) value = null;
		const converted = toWriteValue(field, value, { node: ctx.getNode(), itemIndex, timezone: ctx.getTimezone() });
		if (converted !== SKIP) out[field.id] = converted;
	}
	return out;
}

export function fieldsPayload(values: FieldValues): Array<{ id: string; value: unknown }> {
	return Object.entries(values).map(([id, value]) => ({ id, value }));
}

/** Field ids → the keys users see (aliases). */
export function keysOf(ws: Worksheet, ids: string[]): string[] {
	return ids.map((id) => {
		const f = ws.fields.find((x) => x.id === id);
		return f ? keyOf(f) : id;
	});
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === '' || v === null || v === undefined ? [] : [v]);
const prop = (x: unknown, key: string): unknown => (x && typeof x === 'object' ? (x as Record<string, unknown>)[key] : x);

/** One read value → what a workflow wants to use: numbers, labels, ids, names, booleans, ISO times. */
export function simplifyValue(field: Field, value: unknown): unknown {
	switch (field.type) {
		case 'Number':
		case 'Currency':
		case 'AutoNumber':
			return value === '' || value === null || value === undefined ? null : Number.isFinite(Number(value)) ? Number(value) : value;
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
