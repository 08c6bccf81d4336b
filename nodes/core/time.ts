import { DateTime } from 'luxon';

/**
 * Xiaoe and Mingdao speak Beijing time (Asia/Shanghai). n8n hands nodes ISO strings (with or without an offset,
 * the latter meaning the workflow's time zone), Luxon DateTimes or epoch numbers. Everything converts explicitly
 * through a zone name: no hard-coded hour offsets.
 */
export const BEIJING = 'Asia/Shanghai';
export const BEIJING_FORMAT = 'yyyy-MM-dd HH:mm:ss';

const ZERO_DATES = new Set(['0000-00-00 00:00:00', '0000-00-00', '']);

/**
 * Read a date the user gave. `zone` is the zone for values without an offset (the workflow's time zone for
 * n8n date fields). Returns undefined when the value cannot be read.
 */
export function parseDateInput(value: unknown, zone: string): DateTime | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (DateTime.isDateTime(value)) return value.isValid ? value : undefined;
	if (value instanceof Date) return DateTime.fromJSDate(value);
	// Epoch numbers only where the unit is certain: 10 digits are seconds, 13 digits milliseconds (both 2001–2286);
	// any other number (a year, a fraction, 11–12 digits) is refused rather than read in a guessed unit.
	const epoch = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
	if (epoch !== undefined && /^\d{10}$/.test(epoch)) return DateTime.fromSeconds(Number(epoch));
	if (epoch !== undefined && /^\d{13}$/.test(epoch)) return DateTime.fromMillis(Number(epoch));
	return typeof value === 'string' ? parseDateText(value.trim(), zone) : undefined;
}

function parseDateText(text: string, zone: string): DateTime | undefined {
	let dt = DateTime.fromISO(text, { zone, setZone: true });
	if (!dt.isValid) dt = DateTime.fromFormat(text, BEIJING_FORMAT, { zone });
	if (!dt.isValid) dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm', { zone });
	if (!dt.isValid) dt = DateTime.fromFormat(text, 'yyyy/MM/dd HH:mm:ss', { zone });
	return dt.isValid ? dt : undefined;
}

/** 'yyyy-MM-dd HH:mm:ss' in Beijing time, as Xiaoe's and Mingdao's APIs take it. */
export function toBeijingString(dt: DateTime, format = BEIJING_FORMAT): string {
	return dt.setZone(BEIJING).toFormat(format);
}

/** A Beijing-time string from an API → ISO 8601 with its +08:00 offset; unset dates ('0000-00-00 …') → null. */
export function beijingToIso(value: string): string | null {
	const text = value.trim();
	if (ZERO_DATES.has(text)) return null;
	const fast = recentBeijingToIso(text);
	if (fast) return fast;
	const dt = DateTime.fromFormat(text, BEIJING_FORMAT, { zone: BEIJING });
	return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : value;
}

/**
 * The same answer without Luxon's zone lookup (the busiest function of a 10 000-order sync's profile): Asia/Shanghai
 * has kept UTC+8 without daylight saving since 1992, so for a valid time from then on the offset is +08:00. Earlier
 * times (summer time 1986–1991) and invalid ones return undefined and go through the zone. Pinned against Luxon in
 * test/unit/time.test.ts.
 */
function recentBeijingToIso(text: string): string | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
	if (!m || Number(m[1]) < 1992) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
	const t = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
	const valid =
		t.getUTCFullYear() === year && t.getUTCMonth() === month - 1 && t.getUTCDate() === day && t.getUTCHours() === hour && t.getUTCMinutes() === minute && t.getUTCSeconds() === second;
	return valid ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00` : undefined;
}

const BEIJING_STRING = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Rewrite every 'yyyy-MM-dd HH:mm:ss' string of an API record (at any depth) to ISO with offset, so that users
 * and downstream nodes never have to guess the zone. Returns a new object.
 */
export function normalizeBeijingTimes<T>(value: T): T {
	if (typeof value === 'string') {
		return (BEIJING_STRING.test(value) ? beijingToIso(value) : value) as unknown as T;
	}
	if (Array.isArray(value)) return value.map((v) => normalizeBeijingTimes(v)) as unknown as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = normalizeBeijingTimes(v);
		return out as T;
	}
	return value;
}

/** Split [start, end] into consecutive windows no longer than `maxMs` (APIs cap the span of one query). */
export function splitWindows(start: DateTime, end: DateTime, maxMs: number): Array<[DateTime, DateTime]> {
	const out: Array<[DateTime, DateTime]> = [];
	const last = end.startOf('second');
	let from = start.startOf('second');
	while (from <= last) {
		const to = DateTime.fromMillis(Math.min(last.toMillis(), from.toMillis() + maxMs - 1000), { zone: from.zone });
		out.push([from, to]);
		// APIs treat both ends as inclusive at second precision, so the next window starts one second later.
		from = to.plus({ seconds: 1 });
	}
	return out;
}
