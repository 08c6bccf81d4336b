/**
 * The Fxiaoke Trigger polled in-process against the emulator: each change emitted once (same-millisecond ties,
 * records written late inside the overlap), filters, manual sample without touching the cursor, and
 * at-least-once delivery (a failed run's records come again on a later poll).
 */
import type { IDataObject } from 'n8n-workflow';
import { startFxiaokeEmulator } from '../emulators/fxiaoke';
import type { FxiaokeEmulator } from '../emulators/fxiaoke';
import { flush, fxiaokeCreds, withEmit } from '../emulators/fxiaoke/testing';
import { pollContext } from '../support/context';
import { FxiaokeTrigger } from '../../nodes/Fxiaoke/FxiaokeTrigger.node';
import { deliveryPolicy } from '../../nodes/core/pollDelivery';
import { sessionCache } from '../../nodes/core/sessionCache';
import type { CursorState } from '../../nodes/core/pollCursor';

let emu: FxiaokeEmulator;
const trigger = new FxiaokeTrigger();

beforeAll(async () => {
	emu = await startFxiaokeEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.state.reset();
	sessionCache.clear();
});

function poller(staticData: IDataObject, parameters: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') {
	const ctx = pollContext({
		parameters: { object: { mode: 'id', value: 'SalesOrderObj' }, event: 'last_modified_time', startFrom: 'now', filters: {}, options: { overlapSeconds: 60 }, ...parameters },
		credentials: { fxiaokeApi: fxiaokeCreds(emu) },
		staticData,
		mode,
	});
	const runs = withEmit(ctx);
	return {
		runs,
		poll: async () => {
			const before = runs.length;
			const returned = await trigger.poll.call(ctx);
			expect(returned).toBeNull(); // items go out through __emit with a done promise
			return runs.slice(before);
		},
	};
}

const idsOf = (items: Array<{ json: IDataObject }>) => items.map((i) => String(i.json._id)).sort();

describe('Fxiaoke Trigger', () => {
	it('emits each change once: a burst in one millisecond, late writes inside the overlap, updates', async () => {
		const staticData: IDataObject = {};
		const t = poller(staticData);
		expect(await t.poll()).toHaveLength(0); // activation: cursor at now, nothing old replayed
		const now = Date.now();
		const burst = Array.from({ length: 150 }, (_, k) => emu.state.insert('SalesOrderObj', { name: `SO-${k}`, account_id: 'a1' }, { at: now + 30_000 }));
		const [first] = await t.poll();
		expect(idsOf(first.items)).toEqual(burst.map((r) => String(r._id)).sort());
		first.finish(true);
		await flush();

		const tie = Array.from({ length: 5 }, (_, k) => emu.state.insert('SalesOrderObj', { name: `T-${k}` }, { at: now + 1 })); // same ms as the cursor
		const late = emu.state.insert('SalesOrderObj', { name: 'late' }, { at: now + 10_000 }); // older than the cursor, inside the overlap
		const updated = burst.slice(0, 4).map((r) => emu.state.update('SalesOrderObj', String(r._id), { order_amount: 9 }, now + 31_000)!);
		const [second] = await t.poll();
		expect(idsOf(second.items)).toEqual([...tie, late, ...updated].map((r) => String(r._id)).sort());
		second.finish(true);
		await flush();

		expect(await t.poll()).toHaveLength(0);
		expect(emu.stats().tokenFetches).toBe(1);
	});

	it('a failed run is delivered again on a later poll (at least once); a successful one is not', async () => {
		const staticData: IDataObject = {};
		const t = poller(staticData, { options: { overlapSeconds: 60, redeliveryPauseSeconds: 0 } });
		await t.poll();
		const recs = Array.from({ length: 3 }, (_, k) => emu.state.insert('SalesOrderObj', { name: `F-${k}` }, { at: Date.now() + 1 }));
		const [run1] = await t.poll();
		expect(idsOf(run1.items)).toEqual(recs.map((r) => String(r._id)).sort());
		run1.finish(false); // the workflow failed after the trigger emitted
		await flush();
		const more = emu.state.insert('SalesOrderObj', { name: 'F-new' }, { at: Date.now() + 2 });
		const [run2] = await t.poll();
		expect(idsOf(run2.items)).toEqual([...recs, more].map((r) => String(r._id)).sort());
		run2.finish(true);
		await flush();
		expect(await t.poll()).toHaveLength(0);
		const cursor = staticData.cursor as CursorState;
		expect(cursor.pending).toEqual({});
		expect(cursor.redeliver).toBeUndefined();
	});

	it('with the default pause, a failed run is not re-read on the very next poll', async () => {
		const staticData: IDataObject = {};
		const t = poller(staticData);
		await t.poll();
		emu.state.insert('SalesOrderObj', { name: 'P' }, { at: Date.now() + 1 });
		const [run1] = await t.poll();
		run1.finish(false);
		await flush();
		expect(await t.poll()).toHaveLength(0);
		expect((staticData.cursor as CursorState).retryAfter).toBeGreaterThan(Date.now() + 50_000);
		expect(deliveryPolicy.basePauseMs).toBe(60_000);
	});

	it('filters apply (only normal life status); manual mode returns a sample without moving the cursor', async () => {
		const staticData: IDataObject = {};
		const t = poller(staticData, { filters: { conditions: [{ field: 'life_status', operator: 'EQ', value: 'normal' }] } });
		await t.poll();
		const cursorBefore = JSON.stringify(staticData.cursor);
		const ok = emu.state.insert('SalesOrderObj', { name: 'ok' }, { at: Date.now() + 1 });
		const gone = emu.state.insert('SalesOrderObj', { name: 'gone' }, { at: Date.now() + 1 });
		emu.state.update('SalesOrderObj', String(gone._id), { life_status: 'invalid' }, Date.now() + 2);

		const manual = poller(staticData, {}, 'manual');
		const ctx = pollContext({ parameters: { object: { mode: 'id', value: 'SalesOrderObj' }, event: 'last_modified_time', filters: {}, options: {} }, credentials: { fxiaokeApi: fxiaokeCreds(emu) }, staticData, mode: 'manual' });
		const sample = await trigger.poll.call(ctx);
		expect(sample![0].map((i) => i.json._id)).toEqual([gone._id, ok._id]); // newest first
		expect(JSON.stringify(staticData.cursor)).toBe(cursorBefore);
		expect(manual.runs).toHaveLength(0);

		const [run] = await t.poll();
		expect(idsOf(run.items)).toEqual([String(ok._id)]);
	});

	it('starting from a date emits older records once', async () => {
		const old = emu.state.generate('SalesOrderObj', 12, { from: Date.now() - 3_600_000, stepMs: 60_000 });
		const staticData: IDataObject = {};
		const t = poller(staticData, { startFrom: 'date', startDate: new Date(Date.now() - 7_200_000).toISOString() });
		const [run] = await t.poll();
		expect(idsOf(run.items)).toEqual(old.map((r) => String(r._id)).sort());
		run.finish(true);
		await flush();
		expect(await t.poll()).toHaveLength(0);
	});
});
