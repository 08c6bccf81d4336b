import type { OperationModule } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { fieldsPayload, keysOf } from '../../rows';
import { fieldsMapper, mappedValues, readRowId, rowIdProperty, triggerOf, worksheetFor, writeOptionsProperty } from '../common';
import { requireValues } from './prepare';

/** The row of each item by its row ID (PATCH rows/{id}). Output: `{action: 'updated', id, changed}`. */
export const update: OperationModule<MingdaoClient> = {
	name: 'Update',
	action: 'Update a row (更新行记录)',
	description: 'Update one row per item by its row ID',
	properties: [rowIdProperty, fieldsMapper('add', 'Values to write; fields not mapped are left as they are', false), writeOptionsProperty],
	async execute(ctx, client, i) {
		const ws = await worksheetFor(ctx, client, i);
		const rowId = readRowId(ctx, i);
		const values = mappedValues(ctx, ws, i);
		requireValues(ctx, values, i);
		const body = { fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, i) };
		await client.v3('PATCH', `${client.rowsPath(ws.id)}/${encodeURIComponent(rowId)}`, body, { itemIndex: i });
		return { action: 'updated', id: rowId, changed: keysOf(ws, Object.keys(values)) };
	},
};
