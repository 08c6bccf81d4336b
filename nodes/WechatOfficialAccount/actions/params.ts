import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import { inputError } from '../../core/errors';

/**
 * Reading node parameters strictly: a value that cannot be sent exactly is an error naming the field and the item,
 * never a cleared, rounded or guessed value.
 */

/** A required text parameter, trimmed; empty is an error. */
export function requiredText(ctx: IExecuteFunctions, name: string, label: string, i: number): string {
	const value = ctx.getNodeParameter(name, i, '') as unknown;
	if (typeof value !== 'string' && typeof value !== 'number') throw inputError(ctx.getNode(), label, 'must be text', i);
	const text = String(value).trim();
	if (!text) throw inputError(ctx.getNode(), label, 'is required', i);
	return text;
}

/** An optional text parameter, trimmed; undefined when empty. */
export function optionalText(ctx: IExecuteFunctions, name: string, label: string, i: number): string | undefined {
	const value = ctx.getNodeParameter(name, i, '') as unknown;
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' && typeof value !== 'number') throw inputError(ctx.getNode(), label, 'must be text', i);
	const text = String(value).trim();
	return text || undefined;
}

/** A whole number, given as a number or as digits; anything else (1.5, "1e400", "12 yuan") is an error. */
export function integerValue(ctx: IExecuteFunctions, value: unknown, label: string, i: number, options: { min?: number } = {}): number {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value)) n = Number(value);
	else throw inputError(ctx.getNode(), label, `${JSON.stringify(value)} is not a whole number`, i);
	if (!Number.isSafeInteger(n)) throw inputError(ctx.getNode(), label, `${JSON.stringify(value)} is not a whole number`, i);
	if (options.min !== undefined && n < options.min) throw inputError(ctx.getNode(), label, `must be at least ${options.min}`, i);
	return n;
}

/** A finite number (balance: the unit is not documented, so the value is sent exactly as given). */
export function numberValue(ctx: IExecuteFunctions, value: unknown, label: string, i: number): number {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
	else throw inputError(ctx.getNode(), label, `${JSON.stringify(value)} is not a number`, i);
	if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
		throw inputError(ctx.getNode(), label, `${JSON.stringify(value)} cannot be sent exactly`, i);
	}
	return n;
}

/** A JSON object parameter (string or already-parsed object). */
export function jsonObject(ctx: IExecuteFunctions, name: string, label: string, i: number, fallback = '{}'): IDataObject {
	const raw = ctx.getNodeParameter(name, i, fallback) as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = jsonParse(raw.trim() || fallback);
		} catch {
			throw inputError(ctx.getNode(), label, 'is not valid JSON', i);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw inputError(ctx.getNode(), label, 'must be a JSON object', i);
	return value as IDataObject;
}

/** Several ids from a list parameter, a comma/newline separated text, or an array (expressions). */
export function idList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value.map((v) => String(v ?? '')) : String(value ?? '').split(/[\s,;]+/);
	return parts.map((p) => p.trim()).filter(Boolean);
}
