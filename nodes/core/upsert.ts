import { NodeApiError } from 'n8n-workflow';
import { chunk } from './paginate';
import { apiCodeOf, maybeApplied } from './errors';
import { upsertLocks } from './keyLocks';
import type { ApiFailure, RowResult } from './types';

/**
 * Batched upsert, written once for every service that lacks a native one (Mingdao, Fxiaoke, Kingdee):
 * look all keys up, plan (`creates`, `updates` with only the changed fields, `unchanged`), then write in batches.
 * Each service supplies a store; the algorithm and its tests live here.
 *
 * A write that fails ambiguously (timeout, connection reset, 5xx: it may have landed) is not resent blindly:
 * its keys are looked up again and re-planned, so a row that did land is not created twice and an update that
 * did land is not written again. A batch the service refused as a whole is retried row by row, so only the bad
 * row fails, whatever code the service used.
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
	/** Field names that were written on update (empty for created and unchanged). */
	changed: string[];
	/** Set when a write had to be looked up again after an ambiguous failure. */
	recovered?: boolean;
}

export interface PlannedCreate {
	key: string;
	values: Values;
}

export interface PlannedUpdate {
	key: string;
	id: string;
	/** Only the fields that differ from the stored record. */
	values: Values;
}

export interface UpsertPlan {
	creates: PlannedCreate[];
	updates: PlannedUpdate[];
	unchanged: Array<{ key: string; id: string }>;
}

export interface UpsertStore<R> {
	/** Existing records for these keys (first match per key). Should need few calls for many keys. */
	findByKeys(keys: string[]): Promise<Map<string, R>>;
	idOf(record: R): string;
	/** The subset of `values` that differs from the record (empty object = unchanged). */
	changes(record: R, values: Values): Values;
	/** Create these rows; one result per row, in order (`index` = position in `rows`). */
	create(rows: PlannedCreate[]): Promise<RowResult[]>;
	createBatchSize: number;
	/** Update these rows, each with its own values; one result per row, in order. */
	update(rows: PlannedUpdate[]): Promise<RowResult[]>;
	updateBatchSize: number;
	/**
	 * True when a create was refused because the key exists already (another process created it since the
	 * look-up, and the key field is unique): the row is looked up again and updated instead of failing.
	 */
	isConflict?(failure: ApiFailure): boolean;
	/** Scope of the in-process key locks (e.g. the worksheet id); concurrent upserts of one scope and key take turns. */
	lockScope?: string;
}

export interface UpsertOptions {
	/** Turns a per-row failure into the error shown for that item (the service's code and message). */
	rowError(failure: ApiFailure): Error;
	/** Look-up-and-rewrite rounds after ambiguous failures (default 3). */
	maxRounds?: number;
}

/** Which rows to create, update (with only what changed) or leave alone. Pure: the rules are unit-tested alone. */
export function planUpsert<R>(
	wanted: Map<string, Values>,
	existing: Map<string, R>,
	store: Pick<UpsertStore<R>, 'idOf' | 'changes'>,
): UpsertPlan {
	const plan: UpsertPlan = { creates: [], updates: [], unchanged: [] };
	for (const [key, values] of wanted) {
		const record = existing.get(key);
		if (record === undefined) {
			plan.creates.push({ key, values });
			continue;
		}
		const id = store.idOf(record);
		const changes = store.changes(record, values);
		if (Object.keys(changes).length === 0) plan.unchanged.push({ key, id });
		else plan.updates.push({ key, id, values: changes });
	}
	return plan;
}

/** Items with the same key share one row: later items win field by field. */
function mergeByKey(inputs: UpsertInput[]): Map<string, { values: Values; itemIndexes: number[] }> {
	const groups = new Map<string, { values: Values; itemIndexes: number[] }>();
	for (const input of inputs) {
		const group = groups.get(input.key) ?? { values: {}, itemIndexes: [] };
		Object.assign(group.values, input.values);
		group.itemIndexes.push(input.itemIndex);
		groups.set(input.key, group);
	}
	return groups;
}

export async function upsert<R>(
	store: UpsertStore<R>,
	inputs: UpsertInput[],
	options: UpsertOptions,
): Promise<Map<number, UpsertOutcome | Error>> {
	if (store.lockScope === undefined) return upsertUnlocked(store, inputs, options);
	const release = await upsertLocks.acquire(inputs.map((input) => `${store.lockScope}\u0000${input.key}`));
	try {
		return await upsertUnlocked(store, inputs, options);
	} finally {
		release();
	}
}

async function upsertUnlocked<R>(
	store: UpsertStore<R>,
	inputs: UpsertInput[],
	options: UpsertOptions,
): Promise<Map<number, UpsertOutcome | Error>> {
	const results = new Map<number, UpsertOutcome | Error>();
	const groups = mergeByKey(inputs);
	const settle = (key: string, outcome: UpsertOutcome | Error) => {
		for (const i of groups.get(key)!.itemIndexes) results.set(i, outcome);
	};
	/** What we attempted for a key in an earlier round whose outcome was unknown. */
	const attempted = new Map<string, { action: 'created' | 'updated'; changed: string[]; error: Error; conflict?: boolean }>();
	let pending = [...groups.keys()];
	const maxRounds = options.maxRounds ?? 3;

	for (let round = 1; pending.length > 0; round++) {
		if (round > maxRounds) {
			for (const key of pending) settle(key, attempted.get(key)!.error);
			break;
		}
		let existing: Map<string, R>;
		try {
			existing = await store.findByKeys(pending);
		} catch (error) {
			pending.forEach((key) => settle(key, error as Error));
			break;
		}
		const plan = planUpsert(new Map(pending.map((key) => [key, groups.get(key)!.values])), existing, store);
		const unsure: string[] = [];

		for (const { key, id } of plan.unchanged) {
			// Unchanged after an unsure write means that write landed: report what it did.
			const earlier = attempted.get(key);
			settle(
				key,
				earlier && !earlier.conflict
					? { action: earlier.action, id, key, changed: earlier.changed, recovered: true }
					: { action: 'unchanged', id, key, changed: [] },
			);
		}
		await writeRows(store.createBatchSize, plan.creates, (rows) => store.create(rows), options, {
			done: (row, id) => settle(row.key, { action: 'created', id, key: row.key, changed: [], ...(attempted.has(row.key) ? { recovered: true } : {}) }),
			failed: (row, error, failure) => {
				// Created meanwhile by someone else: look it up again and update it instead.
				if (failure && store.isConflict?.(failure) && !attempted.has(row.key)) {
					attempted.set(row.key, { action: 'updated', changed: [], error, conflict: true });
					unsure.push(row.key);
				} else settle(row.key, error);
			},
			unsure: (row, error) => {
				attempted.set(row.key, { action: 'created', changed: [], error });
				unsure.push(row.key);
			},
		});
		await writeRows(store.updateBatchSize, plan.updates, (rows) => store.update(rows), options, {
			done: (row) => {
				// An update that finishes a create whose answer was lost is still the row's creation.
				const earlier = attempted.get(row.key);
				const action = earlier?.action === 'created' ? 'created' : 'updated';
				settle(row.key, { action, id: row.id, key: row.key, changed: action === 'created' ? [] : Object.keys(row.values), ...(earlier ? { recovered: true } : {}) });
			},
			failed: (row, error) => settle(row.key, error),
			unsure: (row, error) => {
				const earlier = attempted.get(row.key);
				attempted.set(row.key, { action: earlier?.action ?? 'updated', changed: earlier?.changed ?? Object.keys(row.values), error });
				unsure.push(row.key);
			},
		});
		pending = unsure;
	}
	return results;
}

interface RowHandlers<T> {
	done(row: T, id: string): void;
	/** `failure` is the service's own per-row or whole-call refusal, when there is one. */
	failed(row: T, error: Error, failure?: ApiFailure): void;
	/** The write may or may not have landed: look again next round. */
	unsure(row: T, error: Error): void;
}

/**
 * Write rows in batches. A batch that throws ambiguously marks its rows unsure; a batch that throws otherwise was
 * refused as a whole, so its rows are retried one by one and only the bad one fails.
 */
async function writeRows<T extends { key: string; id?: string }>(
	batchSize: number,
	rows: T[],
	write: (rows: T[]) => Promise<RowResult[]>,
	options: UpsertOptions,
	on: RowHandlers<T>,
): Promise<void> {
	const apply = (part: T[], results: RowResult[]) => {
		part.forEach((row, n) => {
			const result = results.find((r) => r.index === n);
			if (!result) on.unsure(row, new Error('the service did not report this row; it is looked up again'));
			else if (result.ok) on.done(row, result.id ?? row.id ?? '');
			else on.failed(row, options.rowError(result.failure), result.failure);
		});
	};
	for (const part of chunk(rows, batchSize)) {
		try {
			apply(part, await write(part));
		} catch (error) {
			if (isUnsure(error)) {
				part.forEach((row) => on.unsure(row, error as Error));
				continue;
			}
			if (part.length === 1) {
				on.failed(part[0], error as Error, failureOf(error));
				continue;
			}
			for (const row of part) {
				try {
					apply([row], await write([row]));
				} catch (single) {
					if (isUnsure(single)) on.unsure(row, single as Error);
					else on.failed(row, single as Error, failureOf(single));
				}
			}
		}
	}
}

/** The service's code and message of an API error, for `isConflict`. */
function failureOf(error: unknown): ApiFailure | undefined {
	const code = apiCodeOf(error);
	return code === undefined ? undefined : { code, message: (error as Error).message };
}

/**
 * The core marks writes that may have landed. Anything that is not the service's own answer (an unreadable
 * response, a lost connection inside a store) leaves it open too; the service's refusal does not.
 */
function isUnsure(error: unknown): boolean {
	return maybeApplied(error) || !(error instanceof NodeApiError);
}
