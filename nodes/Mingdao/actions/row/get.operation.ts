import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { rawRow, simplifyRow } from '../../rows';
import { readRowId, rowIdProperty, worksheetFor } from '../common';
import { readOptionsProperty } from './readOptions';

/** One row by its row ID (GET rows/{id}). Output: the row, simplified or as Mingdao sent it. */
export const get: OperationModule<MingdaoClient> = {
	name: 'Get',
	action: 'Get a row (获取行记录)',
	description: 'One row by its row ID',
	properties: [rowIdProperty, readOptionsProperty],
	async execute(ctx, client, i) {
		const ws = await worksheetFor(ctx, client, i);
		const rowId = readRowId(ctx, i);
		const row = (await client.v3('GET', `${client.rowsPath(ws.id)}/${encodeURIComponent(rowId)}`, undefined, { itemIndex: i })) as IDataObject;
		return ctx.getNodeParameter('options.simplify', i, true) ? simplifyRow(ws, row) : rawRow(row);
	},
};
