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

/** `{rowid, ctime, utime, <alias>: value}`; system times as ISO 8601 with +08:00. */
export function simplifyRow(ws: Worksheet, row: IDataObject): IDataObject {
	const time = (v: unknown) => (typeof v === 'string' && v ? beijingToIso(v) : (v as string | null | undefined));
	const out: IDataObject = { rowid: row.rowid, ctime: time(row.ctime), utime: time(row.utime) };
	for (const field of ws.fields) {
		const raw = row[field.alias] !== undefined ? row[field.alias] : row[field.id];
		if (raw === undefined) continue;
		out[keyOf(field)] = simplifyValue(field, raw) as IDataObject[keyof IDataObject];
	}
	return out;
}
