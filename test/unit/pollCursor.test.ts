import { DateTime } from 'luxon';
import { advanceCursor, newCursor, readFrom, recordDelivery, settleDeliveries } from '../../nodes/core/pollCursor';
import type { CursorState, DeliveryOutcome, Versioned } from '../../nodes/core/pollCursor';

const FMT = 'yyyy-MM-dd HH:mm:ss';
const at = (t: string, seconds: number) => DateTime.fromFormat(t, FMT).plus({ seconds }).toFormat(FMT);
const options = { overlapStart: (t: string) => at(t, -300) };
const rec = (id: string, time: string): Versioned<{ id: string }> => ({ id, time, record: { id } });
const ids = (list: Array<Versioned<unknown>>) => list.map((r) => r.id);
const settle = { graceMs: 10 * 60_000, basePauseMs: 60_000, maxPauseMs: 3_600_000 };

/** The source as a poll sees it: every record whose time is ≥ `from`. */
const visible = (all: Array<Versioned<{ id: string }>>, from: string) => all.filter((r) => r.time >= from);

describe('poll cursor', () => {
	const S = '2026-11-25 10:00:00';
	const poll1 = [rec('a', S), rec('b', S)];
	// written after poll 1 but stamped with the same second, and one record written late (10 s older)
	const poll2 = [...poll1, rec('c', S), rec('d', at(S, -10))];

	it('emits ties on one second and late records once, nothing twice, and updates again', () => {
		const r1 = advanceCursor(newCursor(at(S, -3600)), poll1, options);
		expect(ids(r1.emit)).toEqual(['a', 'b']);
		const r2 = advanceCursor(r1.next, poll2, options);
		expect(ids(r2.emit)).toEqual(['d', 'c']);
		expect(advanceCursor(r2.next, poll2, options).emit).toEqual([]);
		const r4 = advanceCursor(r2.next, [...poll2, rec('a', at(S, 300))], options);
		expect(ids(r4.emit)).toEqual(['a']);
	});

	it('forgets versions older than the overlap window, so state stays small', () => {
		const many = Array.from({ length: 50 }, (_, i) => rec(`o${i}`, at(S, i * 60)));
		const r = advanceCursor(newCursor(S), many, options);
		expect(Object.keys(r.next.seen).length).toBeLessThanOrEqual(6);
		expect(r.next.time).toBe(many[49].time);
	});
});

describe('at-least-once delivery', () => {
	const S = '2026-11-25 10:00:00';
	const all = Array.from({ length: 30 }, (_, i) => rec(`o${i}`, at(S, i * 60))); // one a minute for 30 minutes
	let outcomes: Record<string, DeliveryOutcome>;
	const outcomeOf = (id: string) => outcomes[id];

	/** One poll as the trigger does it: settle, read, advance, record. Returns the ids emitted. */
	function poll(state: CursorState, upTo: number, now: number, deliveryId: string): { state: CursorState; emitted: string[] } {
		let s = settleDeliveries(state, outcomeOf, now, settle);
		const { from, rereading } = readFrom(s, options, now);
		const { emit, next } = advanceCursor(s, visible(all.slice(0, upTo), from), options, rereading);
		s = emit.length ? recordDelivery(next, deliveryId, emit, now) : next;
		return { state: s, emitted: ids(emit) };
	}

	beforeEach(() => (outcomes = {}));

	it('a failed execution is re-delivered on a later poll; a succeeded one never again', () => {
		let p = poll(newCursor(at(S, -1)), 10, 0, 'd1');
		expect(p.emitted).toHaveLength(10);
		outcomes.d1 = 'failed';
		// 20 minutes later, 20 new records exist; the failed ones wait out the pause (1 minute)
		p = poll(p.state, 30, 20 * 60_000, 'd2');
		expect(p.emitted).toHaveLength(20);
		expect(p.state.pending?.d1).toBeUndefined();
		outcomes.d2 = 'succeeded';
		// then the 10 again, read from their own time although it is older than the overlap window
		p = poll(p.state, 30, 21 * 60_000, 'd3');
		expect(p.emitted).toEqual(ids(all.slice(0, 10)));
		outcomes.d3 = 'succeeded';
		p = poll(p.state, 30, 22 * 60_000, 'd4');
		expect(p.emitted).toEqual([]);
		expect(p.state.pending).toEqual({});
		expect(p.state.failures).toBeUndefined();
	});

	it('pauses re-delivery after a failure, doubling with failures in a row, while new records still flow', () => {
		let p = poll(newCursor(at(S, -1)), 5, 0, 'd1');
		outcomes.d1 = 'failed';
		p = poll(p.state, 6, 60_000, 'd2'); // pause 1 min from now: only the new record
		expect(p.emitted).toEqual(['o5']);
		expect(p.state.retryAfter).toBe(120_000);
		outcomes.d2 = 'failed';
		p = poll(p.state, 6, 61_000, 'd3'); // second failure in a row: 2 minutes
		expect(p.emitted).toEqual([]);
		expect(p.state.failures).toBe(2);
		expect(p.state.retryAfter).toBe(61_000 + 120_000);
		p = poll(p.state, 6, 180_000, 'd4');
		expect(p.emitted).toEqual([]);
		p = poll(p.state, 6, 181_000, 'd5');
		expect(p.emitted).toEqual(['o0', 'o1', 'o2', 'o3', 'o4', 'o5']);
		outcomes.d5 = 'succeeded';
		p = poll(p.state, 6, 182_000, 'd6');
		expect(p.emitted).toEqual([]);
		expect(p.state.failures).toBeUndefined();
		expect(p.state.redeliver).toBeUndefined();
	});

	it('a delivery whose outcome is unknown (n8n restarted) is re-delivered after the grace time, not before', () => {
		let p = poll(newCursor(at(S, -1)), 3, 0, 'd1');
		p = poll(p.state, 3, 5 * 60_000, 'd2');
		expect(p.emitted).toEqual([]);
		expect(Object.keys(p.state.pending!)).toEqual(['d1']);
		p = poll(p.state, 3, 11 * 60_000, 'd3');
		expect(p.state.pending!.d1).toBeUndefined();
		// the pause after the loss runs first, then the three are delivered again
		p = poll(p.state, 3, 13 * 60_000, 'd4');
		expect(p.emitted).toEqual(['o0', 'o1', 'o2']);
	});

	it('a running execution is waited for, however long', () => {
		let p = poll(newCursor(at(S, -1)), 3, 0, 'd1');
		outcomes.d1 = 'running';
		p = poll(p.state, 3, 60 * 60_000, 'd2');
		expect(p.emitted).toEqual([]);
		expect(Object.keys(p.state.pending!)).toEqual(['d1']);
	});

	it('only the version the failed delivery emitted is taken back: a newer one delivered since stands', () => {
		const versions = [rec('a', S), rec('b', S)];
		let s = settleDeliveries(newCursor(at(S, -1)), outcomeOf, 0, settle);
		let r = advanceCursor(s, versions, options);
		s = recordDelivery(r.next, 'd1', r.emit, 0);
		r = advanceCursor(s, [...versions, rec('a', at(S, 30))], options); // a updated
		s = recordDelivery(r.next, 'd2', r.emit, 1);
		outcomes = { d1: 'failed', d2: 'succeeded' };
		s = settleDeliveries(s, outcomeOf, 10 * 60_000, settle);
		expect(s.redeliver).toEqual({ a: S, b: S });
		const { from, rereading } = readFrom(s, options, 20 * 60_000);
		r = advanceCursor(s, [rec('a', at(S, 30)), rec('b', S)].filter((x) => x.time >= from), options, rereading);
		expect(ids(r.emit)).toEqual(['b']);
	});
});
