/**
 * Beijing-time helpers. Xiaoe returns and accepts wall-clock strings in UTC+8
 * ('YYYY-MM-DD HH:mm:ss'), with '0000-00-00 00:00:00' for "not set".
 */
import { DateTime } from 'luxon';

export const ZONE = 'Asia/Shanghai';
export const ZERO_TIME = '0000-00-00 00:00:00';
export const DAY_MS = 86_400_000;

/** ms → 'YYYY-MM-DD HH:mm:ss' Beijing; 0/undefined → the zero string. */
export function fmtTime(ms: number | null | undefined): string {
	if (!ms) return ZERO_TIME;
	return DateTime.fromMillis(ms, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** ms → 'YYYY-MM-DD' Beijing. */
export function fmtDate(ms: number): string {
	return DateTime.fromMillis(ms, { zone: ZONE }).toFormat('yyyy-MM-dd');
}

/** 'YYYY-MM-DD HH:mm:ss' (Beijing) → ms, or undefined when malformed. */
export function parseTime(s: unknown): number | undefined {
	if (typeof s !== 'string') return undefined;
	const dt = DateTime.fromFormat(s.trim(), 'yyyy-MM-dd HH:mm:ss', { zone: ZONE });
	return dt.isValid ? dt.toMillis() : undefined;
}

/** 'YYYY-MM-DD' (Beijing) → ms at the start of that day, or undefined. */
export function parseDate(s: unknown): number | undefined {
	if (typeof s !== 'string') return undefined;
	const dt = DateTime.fromFormat(s.trim(), 'yyyy-MM-dd', { zone: ZONE });
	return dt.isValid ? dt.toMillis() : undefined;
}

/** Control-API instants: ms number, numeric string, ISO string (no offset = Beijing) or the Xiaoe format. */
export function toMs(at: string | number | undefined | null, fallback: number): number {
	if (at === undefined || at === null || at === '') return fallback;
	if (typeof at === 'number') return at;
	if (/^\d+$/.test(at)) return Number(at);
	const xe = parseTime(at);
	if (xe !== undefined) return xe;
	const iso = DateTime.fromISO(at, { zone: ZONE });
	if (!iso.isValid) throw new Error(`invalid time: ${at}`);
	return iso.toMillis();
}
