/**
 * A poll with a large backlog emits one execution per page (the triggers' "… per Execution" option), one after
 * the other, so that n8n holds one page's items at a time. Pinned here: the order of the emits, that every page is
 * "running" from the start (a later poll neither re-emits nor counts them lost), and that a failed page is
 * re-delivered while the pages after it still run.
 */
import { newCursor, type CursorState } from '../../nodes/core/pollCursor';
import { emitInTurn, settleTracked } from '../../nodes/core/pollDelivery';
import { pollContext, type Emission } from '../support/context';

const tick = async () => await new Promise((resolve) => setImmediate(resolve));

describe('poll delivery: several pages of one poll, one execution after the other', () => {
	it('starts each page when the previous one has ended; all pending until then; a failed page is re-delivered', async () => {
		const emitted: Emission[] = [];
		const ctx = pollContext({ parameters: {}, credentials: {}, staticData: {}, emissions: emitted });
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

		emitted[0].finish('error');
		await tick();
		expect(emitted.map((e) => e.items[0].json.page)).toEqual(['p1', 'p2']);
		emitted[1].finish('success');
		await tick();
		emitted[2].finish('success');
		await tick();
		expect(emitted).toHaveLength(3);

		const after = settleTracked(ctx, stored, 2000);
		expect(after.pending).toEqual({});
		expect(after.redeliver).toEqual({ r0: '0002' });
	});

	it('counts a page n8n could not start as failed, logs why, and goes on with the next page', async () => {
		const emitted: Emission[] = [];
		const warnings: string[] = [];
		const ctx = pollContext({ parameters: {}, credentials: {}, staticData: {}, emissions: emitted });
		const emit = ctx.__emit.bind(ctx);
		let calls = 0;
		Object.assign(ctx, {
			logger: { debug() {}, info() {}, error() {}, warn: (m: string) => warnings.push(m) },
			__emit: (...args: Parameters<typeof ctx.__emit>) => {
				if (calls++ === 0) throw new Error('queue full');
				emit(...args);
			},
		});
		const pages = ['p1', 'p2'].map((id) => ({ id, items: [{ json: { page: id } }] }));
		const stored: CursorState = {
			...newCursor('0001'),
			pending: { p1: { at: 1000, versions: [['r1', '0002']] }, p2: { at: 1000, versions: [['r2', '0003']] } },
		};
		emitInTurn(ctx, pages);
		await tick();
		await tick();
		expect(emitted.map((e) => e.items[0].json.page)).toEqual(['p2']);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain('queue full');
		emitted[0].finish('success');
		await tick();
		const after = settleTracked(ctx, stored, 2000);
		expect(after.redeliver).toEqual({ r1: '0002' });
	});
});
