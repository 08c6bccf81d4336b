import { chunk } from './paginate';

/**
 * Batched upsert, written once for every service that lacks a native one (Mingdao, later Fxiaoke, Kingdee):
 * one lookup for all keys, creates in batches, updates only what changed, nothing written for unchanged rows,
 * duplicate keys in one run merged. Each service supplies a store; the algorithm and its tests live here.
 */
export type UpsertAction = 'created' | 'updated' | 'unchanged';
export type Values = Record<string, unknown>;

export interface UpsertInput {
	itemIndex: number;
	key: string;
	values: Values;
}

export interface UpsertOutcome {
	action: UpsertAction;
	id: string;
	key: string;
	/** Field names that were written on update (empty for unchanged). */
	changed: string[];
}

export interface UpsertStore<R> {
	/** Existing records for these keys (first match per key). Should need few calls for many keys. */
	findByKeys(keys: string[]): Promise<Map<string, R>>;
	idOf(record: R): string;
	/** The subset of `values` that differs from the record (empty object = unchanged). */
	changes(record: R, values: Values): Values;
	createMany(values: Values[]): Promise<string[]>;
	createBatchSize: number;
	/** Writes the same values to every id (how batch-update endpoints work). */
	updateMany(ids: string[], values: Values): Promise<void>;
	updateBatchSize: number;
	/**
	 * True when the error proves the whole batch was refused and nothing was written (e.g. a validation error),
	 * so the items can be retried one by one to isolate the bad one. Timeouts are not refusals.
	 */
	isRefusal(error: unknown): boolean;
}

export async function upsert<R>(
	store: UpsertStore<R>,
	inputs: UpsertInput[],
): Promise<Map<number, UpsertOutcome | Error>> {
	const results = new Map<number, UpsertOutcome | Error>();

	// Merge duplicate keys: later items win field by field, and all of them share one row.
	const groups = new Map<string, { values: Values; itemIndexes: number[] }>();
	for (const input of inputs) {
		const group = groups.get(input.key) ?? { values: {}, itemIndexes: [] };
		Object.assign(group.values, input.values);
		group.itemIndexes.push(input.itemIndex);
		groups.set(input.key, group);
	}
	const settle = (key: string, outcome: UpsertOutcome | Error) => {
		for (const i of groups.get(key)!.itemIndexes) results.set(i, outcome);
	};

	const keys = [...groups.keys()];
	let existing: Map<string, R>;
	try {
		existing = await store.findByKeys(keys);
	} catch (error) {
		keys.forEach((key) => settle(key, error as Error));
		return results;
	}

	// Creates, in batches; a refused batch is retried row by row so only the bad row fails.
	const missing = keys.filter((key) => !existing.has(key));
	for (const batch of chunk(missing, store.createBatchSize)) {
		await writeBatch(store, batch, async (part) => {
			const ids = await store.createMany(part.map((key) => groups.get(key)!.values));
			part.forEach((key, n) => settle(key, { action: 'created', id: ids[n], key, changed: [] }));
		}, settle);
	}

	// Updates: only changed fields; rows needing the same change share a batch call.
	const changeSets = new Map<string, { values: Values; keys: string[] }>();
	for (const key of keys) {
		const record = existing.get(key);
		if (record === undefined) continue;
		const changes = store.changes(record, groups.get(key)!.values);
		const fields = Object.keys(changes);
		if (fields.length === 0) {
			settle(key, { action: 'unchanged', id: store.idOf(record), key, changed: [] });
			continue;
		}
		const signature = JSON.stringify(Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : 1)));
		const set = changeSets.get(signature) ?? { values: changes, keys: [] };
		set.keys.push(key);
		changeSets.set(signature, set);
	}
	for (const { values, keys: setKeys } of changeSets.values()) {
		for (const batch of chunk(setKeys, store.updateBatchSize)) {
			await writeBatch(store, batch, async (part) => {
				await store.updateMany(part.map((key) => store.idOf(existing.get(key)!)), values);
				part.forEach((key) =>
					settle(key, { action: 'updated', id: store.idOf(existing.get(key)!), key, changed: Object.keys(values) }),
				);
			}, settle);
		}
	}
	return results;
}

async function writeBatch<R>(
	store: UpsertStore<R>,
	keys: string[],
	write: (keys: string[]) => Promise<void>,
	settle: (key: string, outcome: Error) => void,
): Promise<void> {
	try {
		await write(keys);
	} catch (error) {
		if (keys.length === 1 || !store.isRefusal(error)) {
			keys.forEach((key) => settle(key, error as Error));
			return;
		}
		for (const key of keys) {
			try {
				await write([key]);
			} catch (single) {
				settle(key, single as Error);
			}
		}
	}
}
