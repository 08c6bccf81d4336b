import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { apiError, inputError, unexpectedResponse } from '../../core/errors';
import { runBatch } from '../../core/batch';
import type { ItemResult } from '../../core/items';
import type { ApiFailure, RowResult } from '../../core/types';
import { MINGDAO } from '../adapter';
import type { MingdaoClient } from '../client';
import type { Worksheet } from '../fields';
import { fieldsPayload, keysOf, mappedValues, rowIdOf, worksheetFor } from '../rows';
import type { FieldValues } from '../rows';
import { createdRowIds, patchRows, WRITE_BATCH } from '../upsertStore';

/**
 * Create, update and delete: one item per call, or batched across items (100 rows per call).
 * Output per item: `{action, id}` (+ `changed` for updates); `id` is the row id, named as rows are.
 */

interface Prepared {
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

/** Reads one item for a batch operation: its worksheet, and its row id and/or converted values. */
function reader(ctx: IExecuteFunctions, client: MingdaoClient, read: { values: boolean; rowId: boolean }) {
	return async (i: number): Promise<Prepared> => {
		const ws = await worksheetFor(ctx, client, i);
		const rowId = read.rowId ? readRowId(ctx, i) : '';
		const values = read.values ? mappedValues(ctx, ws, i) : {};
		if (read.values && read.rowId && Object.keys(values).length === 0) {
			throw inputError(ctx.getNode(), 'Fields', 'no values to update: map at least one field', i);
		}
		return { ws, values, rowId };
	};
}

const rowError = (ctx: IExecuteFunctions) => (failure: ApiFailure) => apiError(ctx.getNode(), MINGDAO, failure);
const allOk = (rows: unknown[], ids?: unknown[]): RowResult[] =>
	rows.map((_, index) => ({ index, ok: true as const, id: ids?.[index] === undefined ? undefined : String(ids[index]) }));

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
	return runBatch(ctx, indexes, {
		read: reader(ctx, client, { values: true, rowId: false }),
		groupKey: (p) => p.ws.id,
		chunkSize: WRITE_BATCH,
		async write(list, itemIndexes) {
			if (list.length === 1) return [{ index: 0, ok: true, id: String((await create(ctx, client, itemIndexes[0])).id) }];
			const data = await client.v3('POST', `${client.rowsPath(list[0].ws)}/batch`, {
				rows: list.map((p) => ({ fields: fieldsPayload(p.values) })),
				triggerWorkflow: triggerOf(ctx, itemIndexes[0]),
			});
			return allOk(list, createdRowIds(client, data, list.length));
		},
		output: (_p, result) => ({ action: 'created', id: result.id }),
		rowError: rowError(ctx),
	});
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
	return runBatch(ctx, indexes, {
		read: reader(ctx, client, { values: true, rowId: true }),
		groupKey: (p) => `${p.ws.id}|${JSON.stringify(Object.entries(p.values).sort(([a], [b]) => (a < b ? -1 : 1)))}`,
		// The same row named by several items with the same values is written once.
		rowKey: (p) => p.rowId,
		chunkSize: WRITE_BATCH,
		async write(list, itemIndexes) {
			const { ws, values } = list[0];
			const body = { fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, itemIndexes[0]) };
			const failed = await patchRows(client, ws, list.map((p) => p.rowId), body, list.length === 1 ? itemIndexes[0] : undefined);
			return list.map((p, index): RowResult => {
				const failure = failed.get(p.rowId);
				return failure ? { index, ok: false, failure } : { index, ok: true, id: p.rowId };
			});
		},
		output: (p) => ({ action: 'updated', id: p.rowId, changed: keysOf(p.ws, Object.keys(p.values)) }),
		rowError: rowError(ctx),
	});
}

/** A batch delete with one missing row is refused as a whole (10007): retried row by row, only that row fails. */
export async function deleteMany(ctx: IExecuteFunctions, client: MingdaoClient, indexes: number[]): Promise<Map<number, ItemResult>> {
	return runBatch(ctx, indexes, {
		read: reader(ctx, client, { values: false, rowId: true }),
		groupKey: (p) => p.ws.id,
		// The same row named by several items is deleted once.
		rowKey: (p) => p.rowId,
		chunkSize: WRITE_BATCH,
		async write(list, itemIndexes) {
			const ws = list[0].ws;
			const body = {
				permanent: ctx.getNodeParameter('options.permanent', itemIndexes[0], false) as boolean,
				triggerWorkflow: triggerOf(ctx, itemIndexes[0]),
			};
			if (list.length === 1) {
				await client.v3('DELETE', `${client.rowsPath(ws)}/${encodeURIComponent(list[0].rowId)}`, body, { itemIndex: itemIndexes[0] });
			} else {
				await client.v3('DELETE', `${client.rowsPath(ws)}/batch`, { ...body, rowIds: list.map((p) => p.rowId) });
			}
			return allOk(list, list.map((p) => p.rowId));
		},
		output: (p) => ({ action: 'deleted', id: p.rowId }),
		rowError: rowError(ctx),
	});
}
