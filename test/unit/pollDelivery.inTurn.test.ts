/**
 * A poll with a large backlog emits one execution per page (the triggers' "… per Execution" option), one after
 * the other, so that n8n holds one page's items at a time. Pinned here: the order of the emits, that every page is
 * "running" from the start (a later poll neither re-emits nor counts them lost), and that a failed page is
 * re-delivered while the pages after it still run.
 */
import type { INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import { newCursor, type CursorState } from '../../nodes/core/pollCursor';
import { emitInTurn, settleTracked } from '../../nodes/core/pollDelivery';

function pollContext() {
	const emitted: Array<{ items: INodeExecutionData[]; finish: (run: Partial<IRun>) => void }> = [];
	const ctx = {
		getWorkflow: () => ({ id: 'wf-in-turn' }),
		getNode: () => ({ id: 'trigger-1' }),
		helpers: {
			createDeferredPromise: <T>() => {
				let resolve!: (value: T) => void;
				let reject!: (error: Error) => void;
				const promise = new Promise<T>((res, rej) => {
					resolve = res;
					reject = rej;
				});
				return { promise, resolve, reject };
			},
		},
		__emit: (data: INodeExecutionData[][], _response: unknown, done: { resolve: (run: IRun) => void }) => {
			emitted.push({ items: data[0], finish: (run) => done.resolve(run as IRun) });
		},
	} as unknown as IPollFunctions;
	return { ctx, emitted };
}

const tick = async () => await new Promise((resolve) => setImmediate(resolve));
const ok = { status: 'success' } as Partial<IRun>;
const failed = { status: 'error', data: { resultData: { error: new Error('target down') } } } as unknown as Partial<IRun>;

describe('poll delivery: several pages of one poll, one execution after the other', () => {
	it('starts each page when the previous one has ended; all pending until then; a failed page is re-delivered', async () => {
		const { ctx, emitted } = pollContext();
		const pages = ['p1', 'p2', 'p3'].map((id) => ({ id, items: [{ json: { page: id } }] }));
		const stored: CursorState = {
			...newCursor('0001'),
			pending: Object.fromEntries(pages.map((p, i) => [p.id, { at: 1000, versions: [[`r${i}`, `000${i + 2}`]] as Array<[string, string]> }])),
		};
		emitInTurn(ctx, pages);
		await tick();
		expect(emitted.map((e) => e.items[0].json.page)).toEqual(['p1']);

		// A poll long after (past the 15-minute grace time) while p1 runs: nothing is lost, nothing re-delivered.
		const during = settleTracked(ctx, stored, 1000 + 60 * 60_000);
		expect(Object.keys(during.pending ?? {})).toEqual(['p1', 'p2', 'p3']);
		expect(during.redeliver).toBeUndefined();

		emitted[0].finish(failed);
		await tick();
		expect(emitted.map((e) => e.items[0].json.page)).toEqual(['p1', 'p2']);
		emitted[1].finish(ok);
		await tick();
		emitted[2].finish(ok);
		await tick();
		expect(emitted).toHaveLength(3);

		const after = settleTracked(ctx, stored, 2000);
		expect(after.pending).toEqual({});
		expect(after.redeliver).toEqual({ r0: '0002' });
	});
});
