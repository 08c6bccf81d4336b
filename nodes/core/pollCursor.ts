/**
 * The memory of a polling trigger, kept in the workflow's static data, and the rules that move it. Pure functions,
 * so the rules are unit-tested without n8n; `pollDelivery.ts` wires them to n8n.
 *
 * Reading "changes since the last time seen" misses records that share one second across a page boundary or are
 * written late, and re-emits them when compared with ≥. So the cursor is the newest time seen plus, for every
 * record seen in the last `overlap`, the version (its time) already emitted. Each poll re-reads from
 * cursor − overlap and emits only versions not yet seen.
 *
 * Delivery is at least once: every emission is recorded as a pending delivery until n8n reports its execution's
 * outcome. When an execution fails (or its outcome is lost with a restart), its versions are forgotten again and
 * the next poll re-reads from the oldest of them, so they are emitted again — downstream writes must be
 * idempotent (the package's upserts are). Failed deliveries are re-read with a growing pause, so a workflow that
 * keeps failing does not start an execution every poll.
 *
 * Times are strings that sort in time order (Beijing 'yyyy-MM-dd HH:mm:ss', or zero-padded epoch ms).
 */
export interface CursorState {
	/** Newest record time seen. */
	time: string;
	/** Records older than this are never emitted (the configured start). */
	since: string;
	/** record id → time of the version already emitted, for records still inside the re-read window. */
	seen: Record<string, string>;
	/** Emissions whose execution has not reported success yet, by delivery id. */
	pending?: Record<string, PendingDelivery>;
	/** Versions of failed deliveries to emit again (record id → version time), and the oldest of their times. */
	redeliver?: Record<string, string>;
	redeliverFrom?: string;
	/** Failed deliveries so far in a row, and when the next re-delivery may start (ms epoch). */
	failures?: number;
	retryAfter?: number;
}

export interface PendingDelivery {
	/** ms epoch of the emission */
	at: number;
	/** [record id, version time] of every record emitted */
	versions: Array<[string, string]>;
}

export interface Versioned<T> {
	id: string;
	time: string;
	record: T;
}

/** What n8n said about a delivery's execution: unknown means this process never saw it (restart, other main). */
export type DeliveryOutcome = 'running' | 'succeeded' | 'failed' | undefined;

export interface CursorOptions {
	/** The re-read window start for a given newest time: `time − overlap`. */
	overlapStart(time: string): string;
}

/** The first state of a trigger that starts at `since`. */
export function newCursor(since: string): CursorState {
	return { time: since, since, seen: {}, pending: {} };
}

/**
 * Where this poll reads from: the overlap window, or earlier when a failed delivery is due to be re-read
 * (not while its pause runs: then only new records are emitted).
 */
export function readFrom(state: CursorState, options: CursorOptions, now: number): { from: string; rereading: boolean } {
	const overlap = options.overlapStart(state.time);
	const due = state.redeliverFrom !== undefined && (state.retryAfter === undefined || now >= state.retryAfter);
	if (due && state.redeliverFrom! < overlap) return { from: state.redeliverFrom!, rereading: true };
	return { from: overlap, rereading: due };
}

/** Select what to emit and compute the next state; `rereading` says the poll read from `readFrom`'s re-read start. */
export function advanceCursor<T>(
	state: CursorState,
	records: Array<Versioned<T>>,
	options: CursorOptions,
	rereading = false,
): { emit: Array<Versioned<T>>; next: CursorState } {
	const emit: Array<Versioned<T>> = [];
	const seen = { ...state.seen };
	if (rereading) {
		// Versions of failed deliveries count as not seen, unless a newer version was emitted since.
		for (const [id, time] of Object.entries(state.redeliver ?? {})) if (seen[id] === time) delete seen[id];
	}
	let time = state.time;
	for (const r of records) {
		if (!r.id || !r.time || r.time < state.since) continue;
		if (seen[r.id] !== undefined && seen[r.id] >= r.time) continue;
		seen[r.id] = r.time;
		emit.push(r);
		if (r.time > time) time = r.time;
	}
	emit.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const next: CursorState = { ...state, time, seen, pending: { ...(state.pending ?? {}) } };
	// The re-read of failed deliveries is done by this poll.
	if (rereading) {
		delete next.redeliver;
		delete next.redeliverFrom;
	}
	next.seen = prune(seen, next, options);
	return { emit, next };
}

/** Remember an emission until its execution reports back. */
export function recordDelivery<T>(state: CursorState, deliveryId: string, emitted: Array<Versioned<T>>, now: number): CursorState {
	return {
		...state,
		pending: { ...(state.pending ?? {}), [deliveryId]: { at: now, versions: emitted.map((r) => [r.id, r.time]) } },
	};
}

/**
 * Apply what n8n reported about pending deliveries. Succeeded ones are dropped. Failed ones — and those whose
 * outcome this process does not know after `graceMs` (lost with a restart) — are marked for re-delivery: after a
 * pause that doubles with each failure in a row (capped at `maxPauseMs`), a poll re-reads from the oldest of them
 * and emits their versions again (unless a newer version was emitted since).
 */
export function settleDeliveries(
	state: CursorState,
	outcomeOf: (deliveryId: string) => DeliveryOutcome,
	now: number,
	options: { graceMs: number; basePauseMs: number; maxPauseMs: number },
): CursorState {
	const pending: Record<string, PendingDelivery> = {};
	const redeliver = { ...(state.redeliver ?? {}) };
	let redeliverFrom = state.redeliverFrom;
	let failures = state.failures ?? 0;
	let anyFailed = false;
	let anySucceeded = false;
	for (const [id, delivery] of Object.entries(state.pending ?? {})) {
		const outcome = outcomeOf(id);
		if (outcome === 'succeeded') {
			anySucceeded = true;
			continue;
		}
		const lost = outcome === undefined && now - delivery.at > options.graceMs;
		if (outcome !== 'failed' && !lost) {
			pending[id] = delivery;
			continue;
		}
		anyFailed = true;
		for (const [recordId, time] of delivery.versions) {
			redeliver[recordId] = time;
			if (redeliverFrom === undefined || time < redeliverFrom) redeliverFrom = time;
		}
	}
	const next: CursorState = { ...state, pending, redeliver, redeliverFrom };
	if (anyFailed) {
		failures++;
		next.failures = failures;
		next.retryAfter = now + Math.min(options.maxPauseMs, options.basePauseMs * 2 ** (failures - 1));
	} else if (anySucceeded) {
		delete next.failures;
		delete next.retryAfter;
	}
	if (redeliverFrom === undefined) {
		delete next.redeliverFrom;
		delete next.redeliver;
	}
	return next;
}

/**
 * Forget versions that can no longer be re-read: older than the re-read window, and not part of a delivery
 * still pending or to be re-read (those may have to be told apart from already delivered ones again).
 */
function prune(seen: Record<string, string>, state: CursorState, options: CursorOptions): Record<string, string> {
	let horizon = options.overlapStart(state.time);
	if (state.redeliverFrom !== undefined && state.redeliverFrom < horizon) horizon = state.redeliverFrom;
	for (const delivery of Object.values(state.pending ?? {})) {
		for (const [, time] of delivery.versions) if (time < horizon) horizon = time;
	}
	const out: Record<string, string> = {};
	for (const [id, time] of Object.entries(seen)) if (time >= horizon) out[id] = time;
	return out;
}
