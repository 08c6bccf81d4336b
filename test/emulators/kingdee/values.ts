/** Value conversion between models (what clients send), stored records and answers. */
import type { FieldDef } from './forms';
import { findForm } from './forms';
import type { KingdeeState } from './state';

export class RowFault extends Error {
	constructor(
		readonly fieldName: string | null,
		message: string,
		readonly msgCode?: number,
	) {
		super(message);
	}
}

export function truthy(value: unknown, fallback: boolean): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	return String(value).toLowerCase() === 'true' || value === 1;
}

/** Case-insensitive property of an object. */
export function prop(object: Record<string, unknown>, key: string): unknown {
	const lower = key.toLowerCase();
	const hit = Object.keys(object).find((k) => k.toLowerCase() === lower);
	return hit === undefined ? undefined : object[hit];
}

const DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$/;

/** A stored date: 2026-11-20T00:00:00. Values with a zone offset are refused (Kingdee has no zones). */
export function parseDate(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = DATE.exec(value.trim());
	if (!m) return undefined;
	return `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}`;
}

/** Convert one model value to its stored form, or throw RowFault with Kingdee-like wording. */
export function toStored(state: KingdeeState, key: string, def: FieldDef, value: unknown): unknown {
	const type = def.type;
	if (value === null || value === undefined) return null;
	if (typeof type === 'object') {
		const refForm = findForm(type.ref)!;
		if (typeof value !== 'object' || Array.isArray(value)) {
			throw new RowFault(key, `字段“${def.label}”的值格式不正确，基础资料应以 {"FNumber": "编码"} 传入`, 8);
		}
		const number = prop(value as Record<string, unknown>, 'FNumber');
		if (number === undefined || number === null || String(number).trim() === '') return null;
		const found = state.byNumber(refForm.id, String(number).trim());
		if (!found) throw new RowFault(key, `字段“${def.label}”的值“${number}”在${refForm.label}中不存在`);
		return found.id;
	}
	if (type === 'number') {
		const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
		if (!Number.isFinite(n)) throw new RowFault(key, `字段“${def.label}”的值“${String(value)}”不是有效的数值`);
		return n;
	}
	if (type === 'bool') return truthy(value, false);
	if (type === 'date') {
		const date = parseDate(value);
		if (!date) throw new RowFault(key, `字段“${def.label}”的值“${String(value)}”不是有效的日期`);
		return date;
	}
	if (typeof value === 'object') throw new RowFault(key, `字段“${def.label}”的值格式不正确`);
	const text = String(value);
	if (def.maxLength !== undefined && text.length > def.maxLength)
		throw new RowFault(key, `字段“${def.label}”的长度不能超过${def.maxLength}`);
	return text;
}

export function isBlank(value: unknown): boolean {
	return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
