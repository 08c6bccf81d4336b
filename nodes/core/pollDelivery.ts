import type { INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import type { CursorState, DeliveryOutcome } from './pollCursor';
import { settleDeliveries } from './pollCursor';
import { redact } from './redact';

/**
 * Wires the poll cursor's at-least-once rules to n8n. n8n saves a poll trigger's static data when it emits and
 * tells the poll nothing about the execution it starts — except through the `donePromise` of `__emit`, which n8n
 * settles with the finished run. So a poll emits itself, with a done promise whose outcome is kept here, in
 * process memory, until the next poll folds it into the cursor (static data cannot be written between polls).
 * After a restart the outcomes are gone: those deliveries count as lost after a grace time and are re-delivered.
 */
const outcomes = new Map<string, DeliveryOutcome>();
const POLLING = new Set<string>();

/** Re-delivery timing: how long an unknown outcome is waited for, and the pause after failures (doubling). */
export const deliveryPolicy = { graceMs: 15 * 60_000, basePauseMs: 60_000, maxPauseMs: 60 * 60_000 };

function triggerKey(ctx: IPollFunctions): string {
	return `${ctx.getWorkflow().id}|${ctx.getNode().id}`;
}

export function newDeliveryId(): string {
	return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** Start one execution with these items and remember how it ends; resolves when it has ended. */
export function emitTracked(ctx: IPollFunctions, items: INodeExecutionData[], deliveryId: string): Promise<void> {
	const key = `${triggerKey(ctx)}|${deliveryId}`;
	const done = ctx.helpers.createDeferredPromise<IRun | undefined>();
	outcomes.set(key, 'running');
	const ended = done.promise.then(
		(run) => void outcomes.set(key, succeeded(run) ? 'succeeded' : 'failed'),
		() => void outcomes.set(key, 'failed'),
	);
	try {
		ctx.__emit([items], undefined, done);
	} catch (error) {
		// n8n could not start the execution: the page is re-delivered after the pause, and the log says why
		outcomes.set(key, 'failed');
		ctx.logger.warn(`${ctx.getNode().name}: could not start the execution of ${items.length} item(s), re-delivered later: ${redact((error as Error)?.message ?? String(error))}`);
		return Promise.resolve();
	}
	return ended;
}

/**
 * Several deliveries of one poll, one execution after the other: each starts when the previous one has ended, so
 * an execution holds one delivery's items at a time, whatever the backlog (n8n keeps every item of an execution in
 * memory until it ends). All are "running" from the start: a later poll neither re-emits nor counts them as lost;
 * after a restart the ones not yet run are lost and re-delivered after the grace time, like any other.
 */
export function emitInTurn(ctx: IPollFunctions, deliveries: Array<{ id: string; items: INodeExecutionData[] }>): void {
	for (const { id } of deliveries) outcomes.set(`${triggerKey(ctx)}|${id}`, 'running');
	void deliveries.reduce<Promise<void>>(
		async (previous, { id, items }) => {
			await previous;
			await emitTracked(ctx, items, id);
		},
		Promise.resolve(),
	);
}

/** A run counts as delivered when it finished without an error (items on an error output are handled). */
function succeeded(run: IRun | undefined): boolean {
	if (!run) return false;
	if (run.data?.resultData?.error) return false;
	return run.status === undefined || run.status === 'success';
}

/**
 * Fold what n8n reported since the last poll into the cursor, and forget reported outcomes. `policy` lets a
 * trigger offer its own pause before re-delivery (defaults to `deliveryPolicy`).
 */
export function settleTracked(ctx: IPollFunctions, state: CursorState, now = Date.now(), policy: Partial<typeof deliveryPolicy> = {}): CursorState {
	const prefix = `${triggerKey(ctx)}|`;
	// Forget an outcome only once the stored cursor no longer lists its delivery: the state returned here is not
	// stored yet, and if this poll fails before storing it, the next poll settles the same deliveries again.
	const stored = new Set(Object.keys(state.pending ?? {}));
	for (const key of [...outcomes.keys()]) {
		if (key.startsWith(prefix) && !stored.has(key.slice(prefix.length)) && outcomes.get(key) !== 'running') outcomes.delete(key);
	}
	return settleDeliveries(state, (id) => outcomes.get(prefix + id), now, { ...deliveryPolicy, ...policy });
}

/**
 * n8n may start a poll while the previous one of the same trigger still runs (a slow backfill); both would read
 * the same cursor and emit the same records. A poll that finds its trigger busy returns nothing instead.
 */
export async function onePollAtATime<T>(ctx: IPollFunctions, poll: () => Promise<T>): Promise<T | null> {
	const key = `${triggerKey(ctx)}|${ctx.getMode()}`;
	if (POLLING.has(key)) return null;
	POLLING.add(key);
	try {
		return await poll();
	} finally {
		POLLING.delete(key);
	}
}
