/**
 * Found by the fault run (scripts/faults.ts, 2 000 orders, seed 2: Fxiaoke customers → Kingdee lost the 100
 * customers of the delivery that failed during the Kingdee outage). A poll folds the outcomes n8n reported into
 * the cursor with `settleTracked`, which also forgets those outcomes from process memory at once. When that poll
 * then fails before it stores its new cursor (its read of the source throws: a fault that outlasts the client's
 * retries), the stored cursor still lists the delivery as pending, but its outcome is gone: the next poll takes it
 * for a delivery whose outcome was lost with a restart and waits the grace time (15 min) before re-delivering —
 * and after a restart in that window, longer. The items are late, not lost for good, but nothing says so.
 *
 * Fixed in nodes/core/pollDelivery.ts: an outcome is forgotten only once a stored cursor no longer lists its
 * delivery (`settleTracked` drops the outcomes of ids absent from the incoming, stored `state.pending`).
 */
import type { IPollFunctions, IRun } from 'n8n-workflow';
import { newCursor, type CursorState } from '../../nodes/core/pollCursor';
import { emitTracked, settleTracked } from '../../nodes/core/pollDelivery';

function pollContext(): { ctx: IPollFunctions; finish: (run: Partial<IRun>) => void } {
	let settle: ((run: IRun) => void) | undefined;
	const ctx = {
		getWorkflow: () => ({ id: 'wf-lost-outcome' }),
		getNode: () => ({ id: 'trigger-1' }),
		helpers: {
			createDeferredPromise: <T>() => {
				let resolve!: (value: T) => void;
				let reject!: (error: Error) => void;
				const promise = new Promise<T>((res, rej) => {
					resolve = res;
					reject = rej;
				});
				settle = resolve as unknown as (run: IRun) => void;
				return { promise, resolve, reject };
			},
		},
		__emit: () => undefined,
	} as unknown as IPollFunctions;
	return { ctx, finish: (run) => settle!(run as IRun) };
}

describe('poll delivery: an outcome must survive a poll that fails before storing its cursor', () => {
	it('a failed delivery is re-delivered on the next poll even when the poll that first saw the failure threw', async () => {
		const { ctx, finish } = pollContext();
		// Poll 1 emits delivery d1 and stores the cursor with d1 pending.
		const stored: CursorState = { ...newCursor('0001'), pending: { d1: { at: 1000, versions: [['r1', '0005']] } } };
		emitTracked(ctx, [{ json: { id: 'r1' } }], 'd1');
		finish({ status: 'error', data: { resultData: { error: new Error('target down') } } } as unknown as IRun);
		await new Promise((resolve) => setImmediate(resolve));

		// Poll 2 settles (d1 failed → to re-deliver), then its read throws: its new cursor is never stored.
		expect(settleTracked(ctx, stored, 2000).redeliver).toEqual({ r1: '0005' });

		// Poll 3 starts again from the stored cursor, a second later: d1 must be due for re-delivery, not pending.
		const next = settleTracked(ctx, stored, 3000);
		expect(next.redeliver).toEqual({ r1: '0005' });
		expect(next.pending).toEqual({});
	});
});
