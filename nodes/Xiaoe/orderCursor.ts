import type { IDataObject } from 'n8n-workflow';

/**
 * The Xiaoe Trigger's memory, kept in the workflow's static data. A plain "last time seen" cursor misses orders
 * that share one second across a page boundary or are written late, and re-emits them when compared with ≥.
 * So the cursor is the newest time seen plus, for every order seen in the last `overlap` seconds, the version
 * (its time) already emitted. Each poll re-reads from cursor − overlap and emits only versions not yet seen.
 */
export interface CursorState {
	/** Newest order time seen, Beijing 'yyyy-MM-dd HH:mm:ss' (sorts as text). */
	time: string;
	/** Orders older than this are never emitted (the configured start). */
	since: string;
	/** order id → time of the version already emitted, for orders inside the overlap window. */
	seen: Record<string, string>;
}

export interface Versioned {
	id: string;
	time: string;
	order: IDataObject;
}

/** Select what to emit and compute the next state; pure, so the rules are unit-tested without n8n. */
export function advanceCursor(
	state: CursorState,
	orders: Versioned[],
	overlapStart: (time: string) => string,
): { emit: Versioned[]; next: CursorState } {
	const emit: Versioned[] = [];
	const seen = { ...state.seen };
	let time = state.time;
	for (const o of orders) {
		if (!o.id || !o.time || o.time < state.since) continue;
		if (seen[o.id] !== undefined && seen[o.id] >= o.time) continue;
		seen[o.id] = o.time;
		emit.push(o);
		if (o.time > time) time = o.time;
	}
	emit.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1));
	// Forget versions that can no longer be re-read: they are older than the next poll's overlap window.
	const horizon = overlapStart(time);
	for (const [id, t] of Object.entries(seen)) if (t < horizon) delete seen[id];
	return { emit, next: { time, since: state.since, seen } };
}
