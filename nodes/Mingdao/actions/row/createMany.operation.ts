import { runBatch } from '../../../core/batch';
import type { OperationModule } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { fieldsPayload } from '../../rows';
import { createdRowIds, WRITE_BATCH } from '../../upsertStore';
import { fieldsMapper, triggerOf, writeOptionsProperty } from '../common';
import { createRow } from './create.operation';
import { allOk, reader, rowError } from './prepare';

/**
 * All items as rows, 100 per call (POST rows/batch), after every item was read and checked. A refused batch (e.g.
 * one duplicate unique value) is retried row by row, so only the bad row fails. Output: `{action: 'created', id}`.
 */
export const createMany: OperationModule<MingdaoClient> = {
	name: 'Create Many',
	action: 'Create many rows (批量新增行记录)',
	description: 'All items as rows, 100 per API call (POST rows/batch)',
	properties: [
		fieldsMapper('add', 'Values for the new rows. Option fields take the label (or key); dates are converted to Beijing time.', true),
		writeOptionsProperty,
	],
	batch: true,
	async execute(ctx, client, indexes) {
		return runBatch(ctx, indexes, {
			read: reader(ctx, client, { values: true, rowId: false }),
			groupKey: (p) => p.ws.id,
			chunkSize: WRITE_BATCH,
			async write(list, itemIndexes) {
				if (list.length === 1) return [{ index: 0, ok: true, id: String((await createRow(ctx, client, itemIndexes[0])).id) }];
				const data = await client.v3('POST', `${client.rowsPath(list[0].ws.id)}/batch`, {
					rows: list.map((p) => ({ fields: fieldsPayload(p.values) })),
					triggerWorkflow: triggerOf(ctx, itemIndexes[0]),
				});
				return allOk(list, createdRowIds(client, data, list.length));
			},
			output: (_p, result) => ({ action: 'created', id: result.id }),
			rowError: rowError(ctx),
		});
	},
};
