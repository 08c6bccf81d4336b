import type { INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import type { CursorState, DeliveryOutcome } from './pollCursor';
import { settleDeliveries } from './pollCursor';

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

/** Start one execution with these items and remember how it ends. */
export function emitTracked(ctx: IPollFunctions, items: INodeExecutionData[], deliveryId: string): void {
	const key = `${triggerKey(ctx)}|${deliveryId}`;
	const done = ctx.helpers.createDeferredPromise<IRun | undefined>();
	outcomes.set(key, 'running');
	done.promise.then(
		(run) => outcomes.set(key, succeeded(run) ? 'succeeded' : 'failed'),
		() => outcomes.set(key, 'failed'),
	);
	ctx.__emit([items], undefined, done);
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
