import { DateTime } from 'luxon';
import { beijingToIso, normalizeBeijingTimes, parseDateInput, splitWindows, toBeijingString } from '../../nodes/core/time';

describe('time', () => {
	it('reads n8n date values in the workflow zone and writes Beijing time', () => {
		// 08:00 in Berlin (winter, UTC+1) is 15:00 in Beijing
		const dt = parseDateInput('2026-01-10T08:00:00', 'Europe/Berlin')!;
		expect(toBeijingString(dt)).toBe('2026-01-10 15:00:00');
		// an explicit offset wins over the workflow zone
		expect(toBeijingString(parseDateInput('2026-01-10T08:00:00Z', 'Europe/Berlin')!)).toBe('2026-01-10 16:00:00');
		expect(toBeijingString(parseDateInput('2026-01-10 08:00:00', 'Asia/Shanghai')!)).toBe('2026-01-10 08:00:00');
		expect(toBeijingString(parseDateInput(1768003200, 'UTC')!)).toBe('2026-01-10 08:00:00');
		expect(parseDateInput('not a date', 'UTC')).toBeUndefined();
		// epoch numbers only in a certain unit: 10 digits seconds, 13 digits ms; others are refused, not guessed
		expect(toBeijingString(parseDateInput(1768003200000, 'UTC')!)).toBe('2026-01-10 08:00:00');
		expect(toBeijingString(parseDateInput('1768003200', 'UTC')!)).toBe('2026-01-10 08:00:00');
		expect(parseDateInput(176800320000, 'UTC')).toBeUndefined();
		expect(parseDateInput(1768003200.5, 'UTC')).toBeUndefined();
		expect(parseDateInput(20260110, 'UTC')).toBeUndefined();
	});

	it('turns Beijing strings into ISO with offset and unset dates into null', () => {
		expect(beijingToIso('2026-01-10 08:00:00')).toBe('2026-01-10T08:00:00+08:00');
		expect(beijingToIso('0000-00-00 00:00:00')).toBeNull();
		expect(normalizeBeijingTimes({ a: '2026-01-10 08:00:00', b: [{ c: '0000-00-00 00:00:00' }], d: 'x', e: 3 })).toEqual({
			a: '2026-01-10T08:00:00+08:00',
			b: [{ c: null }],
			d: 'x',
			e: 3,
		});
	});

	it('splits a long range into API-sized windows with no gap and no overlap', () => {
		const start = DateTime.fromISO('2026-01-01T00:00:00', { zone: 'Asia/Shanghai' });
		const end = DateTime.fromISO('2026-01-20T12:00:00', { zone: 'Asia/Shanghai' });
		const windows = splitWindows(start, end, 7 * 24 * 3600 * 1000);
		expect(windows.map(([a, b]) => [toBeijingString(a), toBeijingString(b)])).toEqual([
			['2026-01-01 00:00:00', '2026-01-07 23:59:59'],
			['2026-01-08 00:00:00', '2026-01-14 23:59:59'],
			['2026-01-15 00:00:00', '2026-01-20 12:00:00'],
		]);
		expect(splitWindows(start, start, 1000)).toHaveLength(1);
	});
});

describe('beijingToIso without the zone lookup (1992 on) gives what Luxon gives', () => {
	const viaLuxon = (text: string) => {
		const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Shanghai' });
		return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : text;
	};
	it('for 20 000 times from 1985 to 2100, leap days, month ends and invalid dates', () => {
		const pad = (n: number, w = 2) => String(n).padStart(w, '0');
		const samples: string[] = ['2024-02-29 12:00:00', '2023-02-29 12:00:00', '2026-04-31 00:00:00', '2026-12-31 23:59:59', '2026-13-01 00:00:00', '2026-01-01 24:00:00', '1991-07-01 12:00:00', '1988-04-10 02:30:00', '1992-01-01 00:00:00'];
		let seed = 7;
		const rnd = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
		for (let i = 0; i < 20_000; i++) {
			samples.push(`${1985 + rnd(116)}-${pad(1 + rnd(12))}-${pad(1 + rnd(31))} ${pad(rnd(24))}:${pad(rnd(60))}:${pad(rnd(60))}`);
		}
		const differ = samples.filter((s) => beijingToIso(s) !== viaLuxon(s));
		expect(differ).toEqual([]);
		expect(beijingToIso('2026-11-25 10:00:00')).toBe('2026-11-25T10:00:00+08:00');
		expect(beijingToIso('1988-07-01 12:00:00')).toBe('1988-07-01T12:00:00+09:00'); // summer time then: through the zone
	});
});
