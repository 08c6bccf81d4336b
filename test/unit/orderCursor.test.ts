import { DateTime } from 'luxon';
import { advanceCursor } from '../../nodes/Xiaoe/orderCursor';
import type { CursorState, Versioned } from '../../nodes/Xiaoe/orderCursor';

const FMT = 'yyyy-MM-dd HH:mm:ss';
const minus = (seconds: number) => (t: string) => DateTime.fromFormat(t, FMT).minus({ seconds }).toFormat(FMT);
const order = (id: string, time: string): Versioned => ({ id, time, order: { id } });

/** What the original integration did: next window starts at the last order's time (inclusive or exclusive). */
function naivePoll(visible: Versioned[], last: string, inclusive: boolean) {
	const emit = visible.filter((o) => (inclusive ? o.time >= last : o.time > last)).sort((a, b) => (a.time < b.time ? -1 : 1));
	return { emit, last: emit.length ? emit[emit.length - 1].time : last };
}

describe('order cursor', () => {
	const S = '2026-11-25 10:00:00';
	const poll1 = [order('a', S), order('b', S)];
	// written after poll 1 but stamped with the same second, and one order written late (10 s older)
	const poll2 = [...poll1, order('c', S), order('d', '2026-11-25 09:59:50')];

	it('emits ties on one second and late orders once, and nothing twice', () => {
		let state: CursorState = { time: '2026-11-25 09:00:00', since: '2026-11-25 09:00:00', seen: {} };
		const r1 = advanceCursor(state, poll1, minus(300));
		expect(r1.emit.map((o) => o.id)).toEqual(['a', 'b']);
		state = r1.next;
		const r2 = advanceCursor(state, poll2, minus(300));
		expect(r2.emit.map((o) => o.id)).toEqual(['d', 'c']);
		const r3 = advanceCursor(r2.next, poll2, minus(300));
		expect(r3.emit).toEqual([]);
		// an update is a new version and is emitted again
		const r4 = advanceCursor(r3.next, [...poll2, order('a', '2026-11-25 10:05:00')], minus(300));
		expect(r4.emit.map((o) => o.id)).toEqual(['a']);
	});

	it('the naive cursor of the original integration misses or duplicates these same orders', () => {
		const exclusive1 = naivePoll(poll1, '2026-11-25 09:00:00', false);
		const exclusive2 = naivePoll(poll2, exclusive1.last, false);
		expect(exclusive2.emit.map((o) => o.id)).toEqual([]); // c and d are lost
		const inclusive1 = naivePoll(poll1, '2026-11-25 09:00:00', true);
		const inclusive2 = naivePoll(poll2, inclusive1.last, true);
		expect(inclusive2.emit.map((o) => o.id).sort()).toEqual(['a', 'b', 'c']); // a, b twice; d lost
	});

	it('forgets versions older than the overlap window, so state stays small', () => {
		const many = Array.from({ length: 50 }, (_, i) => order(`o${i}`, DateTime.fromFormat(S, FMT).plus({ minutes: i }).toFormat(FMT)));
		const r = advanceCursor({ time: S, since: S, seen: {} }, many, minus(300));
		expect(Object.keys(r.next.seen).length).toBeLessThanOrEqual(6);
		expect(r.next.time).toBe(many[49].time);
	});
});
