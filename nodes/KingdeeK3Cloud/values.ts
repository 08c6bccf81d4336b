import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { BEIJING, BEIJING_FORMAT } from '../core/time';

/**
 * Plain values in, Kingdee's model out, and back:
 * - a dotted key is a reference to base data by one of its fields, as in ExecuteBillQuery's field keys:
 *   `"FCustId.FNumber": "C001"` → `"FCustId": {"FNumber": "C001"}` (also inside entry rows);
 * - a date with an explicit offset (ISO string, Luxon DateTime, JS Date) → Beijing wall-clock time
 *   'yyyy-MM-dd HH:mm:ss', the form Kingdee stores (dates without an offset are sent as written);
 * - answers: multi-language values `[{Key: 2052, Value: "…"}]` → the value in the credential's language.
 */
export class ModelError extends Error {}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

export function toKingdeeValue(value: unknown, path: string): unknown {
	if (DateTime.isDateTime(value)) return value.setZone(BEIJING).toFormat(BEIJING_FORMAT);
	if (value instanceof Date) return DateTime.fromJSDate(value).setZone(BEIJING).toFormat(BEIJING_FORMAT);
	if (typeof value === 'string' && ISO_WITH_OFFSET.test(value.trim())) {
		const dt = DateTime.fromISO(value.trim(), { setZone: true });
		if (dt.isValid) return dt.setZone(BEIJING).toFormat(BEIJING_FORMAT);
	}
	if (Array.isArray(value))
		return value.map((v, i) => (isPlainObject(v) ? toModel(v, `${path}[${i}]`) : toKingdeeValue(v, `${path}[${i}]`)));
	if (isPlainObject(value)) return toModel(value, path);
	return value;
}

/** A Kingdee model from plain values (see the file comment). Throws ModelError naming the key that conflicts. */
export function toModel(values: Record<string, unknown>, path = 'Model'): IDataObject {
	const out: IDataObject = {};
	for (const [rawKey, value] of Object.entries(values)) {
		const key = rawKey.trim();
		const dot = key.indexOf('.');
		if (dot <= 0 || dot === key.length - 1) {
			if (isPlainObject(out[key]) && isPlainObject(value))
				Object.assign(out[key] as IDataObject, toModel(value, `${path}.${key}`));
			else if (key in out) throw new ModelError(`${path}.${key} is given twice`);
			else out[key] = toKingdeeValue(value, `${path}.${key}`) as IDataObject[string];
			continue;
		}
		const head = key.slice(0, dot);
		const rest = key.slice(dot + 1);
		const existing = out[head];
		if (existing !== undefined && !isPlainObject(existing)) {
			throw new ModelError(`${path}.${head} is given both as a value and as ${key}`);
		}
		out[head] = { ...((existing as IDataObject) ?? {}), ...toModel({ [rest]: value }, `${path}.${head}`) };
	}
	return out;
}

/** The flat field keys of a model, as ExecuteBillQuery names them (`FCustId.FNumber`); entry arrays apart. */
export function flatKeys(model: IDataObject): { fields: Map<string, unknown>; entries: Map<string, IDataObject[]> } {
	const fields = new Map<string, unknown>();
	const entries = new Map<string, IDataObject[]>();
	const walk = (object: IDataObject, prefix: string) => {
		for (const [key, value] of Object.entries(object)) {
			if (Array.isArray(value) && value.every(isPlainObject)) {
				if (!prefix) entries.set(key, value as IDataObject[]);
				continue;
			}
			if (isPlainObject(value)) walk(value as IDataObject, `${prefix}${key}.`);
			else fields.set(`${prefix}${key}`, value);
		}
	};
	walk(model, '');
	return { fields, entries };
}

/** ExecuteBillQuery rows (arrays in FieldKeys order) → objects keyed by field key. */
export function rowsToObjects(fieldKeys: string[], rows: unknown[][]): IDataObject[] {
	return rows.map((row) => {
		const out: IDataObject = {};
		fieldKeys.forEach((key, i) => (out[key] = fromKingdee(row[i]) as IDataObject[string]));
		return out;
	});
}

const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

function isMultiLanguage(value: unknown): value is Array<{ Key: unknown; Value: unknown }> {
	return (
		Array.isArray(value) &&
		value.length > 0 &&
		value.every((v) => isPlainObject(v) && 'Key' in v && 'Value' in v && Object.keys(v).length === 2)
	);
}

/** An answer value as users want it: one language, ISO dates for `/Date(ms)/`, recursively. */
export function fromKingdee(value: unknown, lcid = 2052): unknown {
	if (typeof value === 'string') {
		const ms = MS_DATE.exec(value);
		return ms ? DateTime.fromMillis(Number(ms[1])).setZone(BEIJING).toISO() : value;
	}
	if (isMultiLanguage(value)) {
		const hit = value.find((v) => Number(v.Key) === lcid) ?? value[0];
		return hit.Value;
	}
	if (Array.isArray(value)) return value.map((v) => fromKingdee(v, lcid));
	if (isPlainObject(value)) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = fromKingdee(v, lcid);
		return out;
	}
	return value;
}
