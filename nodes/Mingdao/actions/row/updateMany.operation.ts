import { runBatch } from '../../../core/batch';
import type { OperationModule } from '../../../core/operation';
import type { RowResult } from '../../../core/types';
import type { MingdaoClient } from '../../client';
import { fieldsPayload, keysOf, valuesSignature } from '../../rows';
import { patchRows, WRITE_BATCH } from '../../upsertStore';
import { fieldsMapper, rowIdProperty, triggerOf, writeOptionsProperty } from '../common';
import { reader, rowError } from './prepare';

/**
 * Items whose values are identical share one PATCH rows/batch (the endpoint writes the same values to all ids).
 * A row the answer lists in failedRowIds fails its items; the other rows of the call are updated.
 * Output: `{action: 'updated', id, changed}`.
 */
export const updateMany: OperationModule<MingdaoClient> = {
	name: 'Update Many',
	action: 'Update many rows (批量更新行记录)',
	description: 'Update the row of each item; items with identical values share one API call (PATCH rows/batch)',
	properties: [rowIdProperty, fieldsMapper('add', 'Values to write; fields not mapped are left as they are', false), writeOptionsProperty],
	batch: true,
	async execute(ctx, client, indexes) {
		return runBatch(ctx, indexes, {
			read: reader(ctx, client, { values: true, rowId: true }),
			groupKey: (p) => `${p.ws.id}|${valuesSignature(p.values)}`,
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
	},
};
