import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { maybeApplied } from './errors';
import type { ItemResult } from './items';
import { chunk } from './paginate';
import type { ApiFailure, RowResult } from './types';

/**
 * Batch operations across items (create many, update many, delete many), written once:
 *   1. read and validate every item first — without "Continue On Fail" a bad item stops the node before anything
 *      is written; with it, that item fails and the others go on;
 *   2. group the items that may share a call (same worksheet, same values…), and items naming the same row;
 *   3. write in chunks; a chunk the service refused as a whole is retried row by row, so only the bad row fails.
 *      A chunk that failed ambiguously (it may have landed) is not resent: its items fail with that error.
 */
export interface BatchSpec<T> {
	read(itemIndex: number): Promise<T>;
	/** Items with the same group key may share one call (default: all). */
	groupKey?(value: T): string;
	/** Items with the same row key inside a group are one row, written once (default: every item its own row). */
	rowKey?(value: T): string;
	chunkSize: number;
	/** Write one chunk (one value per row); one result per value, in order. Throws when the call failed as a whole. */
	write(values: T[], itemIndexes: number[]): Promise<RowResult[]>;
	/** The output of an item whose row was written. */
	output(value: T, result: { id?: string; number?: string }): IDataObject;
	/** A per-row failure as the item's error (the service's code and message). */
	rowError(failure: ApiFailure): Error;
}

interface Row<T> {
	value: T;
	itemIndexes: number[];
}

export async function runBatch<T>(ctx: IExecuteFunctions, itemIndexes: number[], spec: BatchSpec<T>): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	const stopOnError = !ctx.continueOnFail();

	// 1. read everything first
	const ready: Array<{ itemIndex: number; value: T }> = [];
	for (const itemIndex of itemIndexes) {
		try {
			ready.push({ itemIndex, value: await spec.read(itemIndex) });
		} catch (error) {
			results.set(itemIndex, error as Error);
			if (stopOnError) return results;
		}
	}

	// 2. groups of rows
	const groups = new Map<string, Map<string, Row<T>>>();
	ready.forEach(({ itemIndex, value }, n) => {
		const group = spec.groupKey?.(value) ?? '';
		const rows = groups.get(group) ?? new Map<string, Row<T>>();
		const key = spec.rowKey?.(value) ?? `#${n}`;
		const row = rows.get(key) ?? { value, itemIndexes: [] };
		row.itemIndexes.push(itemIndex);
		rows.set(key, row);
		groups.set(group, rows);
	});

	// 3. write in chunks
	const settle = (row: Row<T>, outcome: RowResult | Error) => {
		for (const i of row.itemIndexes) {
			if (outcome instanceof Error) results.set(i, outcome);
			else if (outcome.ok) results.set(i, [spec.output(row.value, outcome)]);
			else results.set(i, spec.rowError(outcome.failure));
		}
		return outcome instanceof Error || !outcome.ok;
	};
	const writeRows = async (rows: Array<Row<T>>): Promise<boolean> => {
		const answer = await spec.write(
			rows.map((r) => r.value),
			rows.map((r) => r.itemIndexes[0]),
		);
		let failed = false;
		rows.forEach((row, index) => {
			const result = answer.find((r) => r.index === index) ?? new Error('the service did not report this row');
			failed = settle(row, result) || failed;
		});
		return failed;
	};
	for (const rows of groups.values()) {
		for (const part of chunk([...rows.values()], spec.chunkSize)) {
			let failed: boolean;
			try {
				failed = await writeRows(part);
			} catch (error) {
				if (part.length === 1 || maybeApplied(error) || !(error instanceof NodeApiError)) {
					part.forEach((row) => settle(row, error as Error));
					failed = true;
				} else {
					failed = false;
					for (const row of part) {
						try {
							failed = (await writeRows([row])) || failed;
						} catch (single) {
							failed = settle(row, single as Error) || failed;
						}
						if (failed && stopOnError) return results;
					}
				}
			}
			if (failed && stopOnError) return results;
		}
	}
	return results;
}
