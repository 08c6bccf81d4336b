import { runBatch } from '../../../core/batch';
import type { OperationModule } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { WRITE_BATCH } from '../../upsertStore';
import { deleteOptionsProperty, rowIdProperty, triggerOf } from '../common';
import { allOk, reader, rowError } from './prepare';

/**
 * The row of each item, 100 per call (DELETE rows/batch). A batch with one missing row is refused as a whole
 * (10007): retried row by row, only that row fails. Output: `{action: 'deleted', id}`.
 */
export const remove: OperationModule<MingdaoClient> = {
	name: 'Delete',
	action: 'Delete rows (删除行记录)',
	description: 'Delete the row of each item, 100 per API call',
	properties: [rowIdProperty, deleteOptionsProperty],
	batch: true,
	async execute(ctx, client, indexes) {
		return runBatch(ctx, indexes, {
			read: reader(ctx, client, { values: false, rowId: true }),
			groupKey: (p) => p.ws.id,
			// The same row named by several items is deleted once.
			rowKey: (p) => p.rowId,
			chunkSize: WRITE_BATCH,
			async write(list, itemIndexes) {
				const rows = client.rowsPath(list[0].ws.id);
				const body = {
					permanent: ctx.getNodeParameter('options.permanent', itemIndexes[0], false) as boolean,
					triggerWorkflow: triggerOf(ctx, itemIndexes[0]),
				};
				if (list.length === 1) {
					await client.v3('DELETE', `${rows}/${encodeURIComponent(list[0].rowId)}`, body, { itemIndex: itemIndexes[0] });
				} else {
					await client.v3('DELETE', `${rows}/batch`, { ...body, rowIds: list.map((p) => p.rowId) });
				}
				return allOk(list, list.map((p) => p.rowId));
			},
			output: (p) => ({ action: 'deleted', id: p.rowId }),
			rowError: rowError(ctx),
		});
	},
};
