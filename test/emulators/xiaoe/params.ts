/** Request-parameter parsing that answers like Xiaoe: code 1001 "参数错误: <what>" on anything wrong. */
import { parseDate, parseTime } from './time';

export type Body = Record<string, unknown>;

/** A non-zero business answer ({code, msg, data}, still HTTP 200). */
export class ApiError extends Error {
	constructor(
		public code: number,
		msg: string,
		public data: unknown = [],
	) {
		super(msg);
	}
}

export const paramError = (what: string) => new ApiError(1001, `参数错误: ${what}`);

export const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

const absent = (v: unknown) => v === undefined || v === null || v === '';

/** Flat endpoints: parameters wrapped in `data` are a nesting mistake. */
export function flat(body: Body): Body {
	if (isObject(body.data)) throw paramError('参数应直接放在请求体中,不要嵌套在data中');
	return body;
}

/** Nested endpoints: parameters must sit under `data`; known keys found on top are a nesting mistake. */
export function nested(body: Body, keys: string[]): Body {
	if (isObject(body.data)) return body.data;
	const misplaced = keys.find((k) => !absent(body[k]));
	if (misplaced) throw paramError(`${misplaced}应放在data中`);
	return {};
}

/** Integer parameter (numbers or numeric strings, as the 1.x docs type them as strings). */
export function int(
	src: Body,
	key: string,
	o: { required?: boolean; def?: number; min?: number; max?: number } = {},
): number | undefined {
	const v = src[key];
	if (absent(v)) {
		if (o.required) throw paramError(`${key}不能为空`);
		return o.def;
	}
	const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
	if (!Number.isInteger(n)) throw paramError(`${key}必须为整数`);
	if (o.min !== undefined && n < o.min) throw paramError(`${key}不能小于${o.min}`);
	if (o.max !== undefined && n > o.max) throw paramError(`${key}不能大于${o.max}`);
	return n;
}

export function num(src: Body, key: string): number | undefined {
	const v = src[key];
	if (absent(v)) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n)) throw paramError(`${key}必须为数字`);
	return n;
}

export function str(src: Body, key: string, required = false): string | undefined {
	const v = src[key];
	if (absent(v)) {
		if (required) throw paramError(`${key}不能为空`);
		return undefined;
	}
	if (typeof v !== 'string' && typeof v !== 'number') throw paramError(`${key}必须为字符串`);
	return String(v);
}

/** 'YYYY-MM-DD HH:mm:ss' Beijing → ms. */
export function time(src: Body, key: string): number | undefined {
	if (absent(src[key])) return undefined;
	const ms = parseTime(src[key]);
	if (ms === undefined) throw paramError(`${key}格式应为YYYY-MM-DD HH:mm:ss`);
	return ms;
}

/** 'YYYY-MM-DD' Beijing → ms at the start of the day. */
export function date(src: Body, key: string): number | undefined {
	if (absent(src[key])) return undefined;
	const ms = parseDate(src[key]);
	if (ms === undefined) throw paramError(`${key}格式应为YYYY-MM-DD`);
	return ms;
}

/** One page of a list plus the full count. */
export function paginate<T, R>(all: T[], offset: number, size: number, map: (t: T) => R): { list: R[]; total: number } {
	return { list: all.slice(offset, offset + size).map(map), total: all.length };
}

export const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
