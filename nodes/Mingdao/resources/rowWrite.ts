import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { inputError, unexpectedResponse } from '../../core/errors';
import type { ItemResult } from '../../core/items';
import { chunk } from '../../core/paginate';
import type { MingdaoClient } from '../client';
import type { Worksheet } from '../fields';
import { fieldsPayload, keysOf, mappedValues, rowIdOf, worksheetFor } from '../rows';
import type { FieldValues } from '../rows';
import { MINGDAO } from '../adapter';
import { apiCodeOf, createdRowIds, patchRows, REFUSAL_CODES, WRITE_BATCH } from '../upsertStore';

/**
 * Create, update and delete: one item per call, or batched across items (100 rows per call).
 * Output per item: `{action, id}` (+ `changed` for updates); `id` is the row id, named as rows are.
 */

interface Prepared {
	i: number;
	ws: Worksheet;
	values: FieldValues;
	rowId: string;
}

const triggerOf = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('options.triggerWorkflow', i, true) as boolean;

function readRowId(ctx: IExecuteFunctions, i: number): string {
	const rowId = String(ctx.getNodeParameter('rowId', i, '') ?? '').trim();
	if (!rowId) throw inputError(ctx.getNode(), 'Row ID', 'is empty', i);
	return rowId;
}

/**
 * Read and convert every item before writing anything. Without "Continue On Fail" a bad item stops the node
 * here, so nothing is written; with it, the bad item fails and the others go on.
 */
async function prepare(
	ctx: IExecuteFunctions,
	client: MingdaoClient,
	indexes: number[],
	read: { values: boolean; rowId: boolean },
): Promise<{ ready: Prepared[]; results: Map<number, ItemResult> }> {
	const results = new Map<number, ItemResult>();
	const ready: Prepared[] = [];
	for (const i of indexes) {
		try {
			const ws = await worksheetFor(ctx, client, i);
			const rowId = read.rowId ? readRowId(ctx, i) : '';
			const values = read.values ? mappedValues(ctx, ws, i) : {};
			if (read.values && read.rowId && Object.keys(values).length === 0) {
				throw inputError(ctx.getNode(), 'Fields', 'no values to update: map at least one field', i);
			}
			ready.push({ i, ws, values, rowId });
		} catch (error) {
			results.set(i, error as Error);
			if (!ctx.continueOnFail()) return { ready: [], results };
		}
	}
	return { ready, results };
}

/** Items grouped by a key, in input order. */
function groupBy<T>(list: T[], keyOf: (x: T) => string): T[][] {
	const groups = new Map<string, T[]>();
	for (const x of list) groups.set(keyOf(x), [...(groups.get(keyOf(x)) ?? []), x]);
	return [...groups.values()];
}

/**
 * Write in chunks; a chunk Mingdao refused as a whole (validation error: nothing written) is retried item by item,
 * so only the bad item fails. Returns false when the node must stop (an error without "Continue On Fail").
 */
async function writeChunks<T extends { i: number }>(
	ctx: IExecuteFunctions,
	list: T[],
	refusal: Set<string>,
	batch: (part: T[]) => Promise<void>,
	single: (x: T) => Promise<void>,
	results: Map<number, ItemResult>,
	stopped: () => boolean = () => false,
): Promise<boolean> {
	for (const part of chunk(list, WRITE_BATCH)) {
		// A batch reported some of its rows as failed and the node must stop: write nothing more.
		if (stopped()) return false;
		try {
			await (part.length === 1 ? single(part[0]) : batch(part));
		} catch (error) {
			if (part.length === 1 || !refusal.has(apiCodeOf(error) ?? '')) {
				part.forEach((x) => results.set(x.i, error as Error));
				if (!ctx.continueOnFail()) return false;
				continue;
			}
			for (const x of part) {
				try {
					await single(x);
				} catch (one) {
					results.set(x.i, one as Error);
					if (!ctx.continueOnFail()) return false;
				}
			}
		}
	}
	return true;
}

export async function create(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject> {
	const ws = await worksheetFor(ctx, client, i);
	const values = mappedValues(ctx, ws, i);
	const data = (await client.v3('POST', client.rowsPath(ws), { fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, i) }, { itemIndex: i })) as
		| IDataObject
		| string;
	// The reference answers `data: {id}`; a bare id string is read too.
	const id = typeof data === 'string' ? data : data && typeof data === 'object' ? rowIdOf(data) : undefined;
	if (!id) throw unexpectedResponse(ctx.getNode(), MINGDAO, 'the row was created but the answer has no row id (data.id)', i);
	return { action: 'created', id };
}

export async function createMany(ctx: IExecuteFunctions, client: MingdaoClient, indexes: number[]): Promise<Map<number, ItemResult>> {
	const { ready, results } = await prepare(ctx, client, indexes, { values: true, rowId: false });
	for (const group of groupBy(ready, (p) => p.ws.id)) {
		const ws = group[0].ws;
		const trigger = triggerOf(ctx, group[0].i);
		const ok = await writeChunks(
			ctx,
			group,
			REFUSAL_CODES,
			async (part) => {
				const data = await client.v3('POST', `${client.rowsPath(ws)}/batch`, {
					rows: part.map((p) => ({ fields: fieldsPayload(p.values) })),
					triggerWorkflow: trigger,
				});
				const ids = createdRowIds(client, data, part.length);
				part.forEach((p, n) => results.set(p.i, [{ action: 'created', id: ids[n] }]));
			},
			async (p) => {
				results.set(p.i, [await create(ctx, client, p.i)]);
			},
			results,
		);
		if (!ok) break;
	}
	return results;
}

export async function update(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject> {
	const ws = await worksheetFor(ctx, client, i);
	const rowId = readRowId(ctx, i);
	const values = mappedValues(ctx, ws, i);
	if (Object.keys(values).length === 0) throw inputError(ctx.getNode(), 'Fields', 'no values to update: map at least one field', i);
	await client.v3(
		'PATCH',
		`${client.rowsPath(ws)}/${encodeURIComponent(rowId)}`,
		{ fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, i) },
		{ itemIndex: i },
	);
	return { action: 'updated', id: rowId, changed: keysOf(ws, Object.keys(values)) };
}

/**
 * Items whose values are identical share one PATCH rows/batch (the endpoint writes the same values to all ids).
 * A row the answer lists in failedRowIds fails its items; the other rows of the call are updated.
 */
export async function updateMany(ctx: IExecuteFunctions, client: MingdaoClient, indexes: number[]): Promise<Map<number, ItemResult>> {
	const { ready, results } = await prepare(ctx, client, indexes, { values: true, rowId: true });
	const signature = (p: Prepared) => `${p.ws.id}|${JSON.stringify(Object.entries(p.values).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
	for (const group of groupBy(ready, signature)) {
		const { ws, values } = group[0];
		const body = { fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, group[0].i) };
		const settle = (p: Prepared, failed: Map<string, Error>) =>
			results.set(p.i, failed.get(p.rowId) ?? [{ action: 'updated', id: p.rowId, changed: keysOf(ws, Object.keys(values)) }]);
		let stop = false;
		const ok = await writeChunks(
			ctx,
			group,
			REFUSAL_CODES,
			async (part) => {
				const failed = await patchRows(client, ws, [...new Set(part.map((p) => p.rowId))], body);
				part.forEach((p) => settle(p, failed));
				if (failed.size && !ctx.continueOnFail()) stop = true;
			},
			async (p) => {
				settle(p, await patchRows(client, ws, [p.rowId], body, p.i));
			},
			results,
			() => stop,
		);
		if (!ok || stop) break;
	}
	return results;
}

/** A batch delete with one missing row is refused as a whole (10007): retried row by row, only that row fails. */
const DELETE_REFUSALS = new Set([...REFUSAL_CODES, '10007']);

export async function deleteMany(ctx: IExecuteFunctions, client: MingdaoClient, indexes: number[]): Promise<Map<number, ItemResult>> {
	const { ready, results } = await prepare(ctx, client, indexes, { values: false, rowId: true });
	for (const group of groupBy(ready, (p) => p.ws.id)) {
		const ws = group[0].ws;
		const body = {
			permanent: ctx.getNodeParameter('options.permanent', group[0].i, false) as boolean,
			triggerWorkflow: triggerOf(ctx, group[0].i),
		};
		const done = (p: Prepared) => results.set(p.i, [{ action: 'deleted', id: p.rowId }]);
		// The same row named by several items is deleted once.
		const byRow = groupBy(group, (p) => p.rowId).map((items) => ({ i: items[0].i, rowId: items[0].rowId, items }));
		const ok = await writeChunks(
			ctx,
			byRow,
			DELETE_REFUSALS,
			async (part) => {
				await client.v3('DELETE', `${client.rowsPath(ws)}/batch`, { ...body, rowIds: part.map((r) => r.rowId) });
				part.forEach((r) => r.items.forEach(done));
			},
			async (r) => {
				// A failure is recorded for r.i by writeChunks and copied to the other items of the row below.
				await client.v3('DELETE', `${client.rowsPath(ws)}/${encodeURIComponent(r.rowId)}`, body, { itemIndex: r.i });
				r.items.forEach(done);
			},
			results,
		);
		for (const r of byRow) {
			const result = results.get(r.i);
			if (result instanceof Error) r.items.forEach((p) => results.set(p.i, result));
		}
		if (!ok) break;
	}
	return results;
}
