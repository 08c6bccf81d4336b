import { DateTime } from 'luxon';
import { BEIJING } from '../core/time';

/**
 * Dates as Mingdao v3 writes them: `YYYY-MM-DD` (Date) and `YYYY-MM-DD HH:mm:ss` (DateTime), Beijing time.
 * Accepted: ISO 8601 with dashes (`2026-11-25`, `2026-11-25T10:00:00+08:00`; no offset = the workflow's time zone),
 * Mingdao's own `YYYY-MM-DD HH:mm[:ss]` (Beijing time), Luxon DateTimes and JS Dates. A plain number is never
 * guessed to be an epoch (`20251201` would be 1970-08-23, a spreadsheet serial `45992` a 1970 time): it is read as
 * epoch seconds or milliseconds only when the user says so.
 */
export type EpochUnit = 'none' | 'seconds' | 'milliseconds';

export type DateReading = { ok: true; text: string } | { ok: false; problem: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINGDAO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;
/** ISO 8601 extended form only: luxon would also read `20251201` (basic form) as a date. */
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const INTEGER = /^[-+]?\d+$/;

export const DATE_FORMAT = 'yyyy-MM-dd';
export const DATE_TIME_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** The value in Mingdao's write form for a Date (`withTime` false) or DateTime field. */
export function readDate(raw: unknown, options: { withTime: boolean; timezone: string; epoch: EpochUnit }): DateReading {
	const format = options.withTime ? DATE_TIME_FORMAT : DATE_FORMAT;
	const out = (dt: DateTime): DateReading => ({ ok: true, text: dt.setZone(BEIJING).toFormat(format) });
	if (DateTime.isDateTime(raw)) return raw.isValid ? out(raw) : { ok: false, problem: 'is an invalid DateTime' };
	if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { ok: false, problem: 'is an invalid Date' } : out(DateTime.fromJSDate(raw));
	if (typeof raw === 'number' || (typeof raw === 'string' && INTEGER.test(raw.trim()))) return fromEpoch(raw, options.epoch, out);
	if (typeof raw !== 'string') return { ok: false, problem: 'is not a date' };

	const text = raw.trim();
	const day = DAY.exec(text);
	if (day) {
		// A date alone is a calendar day: no zone conversion that could move it.
		const dt = DateTime.fromObject({ year: +day[1], month: +day[2], day: +day[3] }, { zone: BEIJING });
		if (!dt.isValid) return { ok: false, problem: 'is not a calendar date' };
		return { ok: true, text: options.withTime ? `${text} 00:00:00` : text };
	}
	const local = MINGDAO_TIME.exec(text);
	if (local) {
		const dt = DateTime.fromFormat(`${local[1]} ${local[2]}:${local[3]}:${local[4] ?? '00'}`, DATE_TIME_FORMAT, { zone: BEIJING });
		return dt.isValid ? out(dt) : { ok: false, problem: 'is not a valid date and time' };
	}
	if (ISO.test(text)) {
		const dt = DateTime.fromISO(text, { zone: options.timezone, setZone: true });
		return dt.isValid ? out(dt) : { ok: false, problem: 'is not a valid date and time' };
	}
	return { ok: false, problem: 'is not in a date format this node reads' };
}

function fromEpoch(raw: number | string, epoch: EpochUnit, out: (dt: DateTime) => DateReading): DateReading {
	if (epoch === 'none') {
		return {
			ok: false,
			problem:
				'is a plain number (not read as a date: it could be 20251201, a spreadsheet serial or an epoch; for Unix timestamps set Options › Numbers in Date Fields)',
		};
	}
	const value = typeof raw === 'number' ? raw : Number(raw.trim());
	if (!Number.isSafeInteger(value)) return { ok: false, problem: 'is not a whole number of seconds or milliseconds' };
	const dt = epoch === 'seconds' ? DateTime.fromSeconds(value) : DateTime.fromMillis(value);
	return dt.isValid ? out(dt) : { ok: false, problem: 'is out of range' };
}
