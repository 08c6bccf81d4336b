import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { unexpectedResponse } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { MINGDAO } from '../../adapter';
import type { MingdaoClient } from '../../client';
import { fieldsPayload, rowIdOf } from '../../rows';
import { fieldsMapper, mappedValues, triggerOf, worksheetFor, writeOptionsProperty } from '../common';

/** One row per item (POST rows). Output: `{action: 'created', id}`. */
export async function createRow(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject> {
	const ws = await worksheetFor(ctx, client, i);
	const values = mappedValues(ctx, ws, i);
	const body = { fields: fieldsPayload(values), triggerWorkflow: triggerOf(ctx, i) };
	const data = (await client.v3('POST', client.rowsPath(ws.id), body, { itemIndex: i })) as IDataObject | string;
	// The reference answers `data: {id}`; a bare id string is read too.
	const id = typeof data === 'string' ? data : data && typeof data === 'object' ? rowIdOf(data) : undefined;
	if (!id) throw unexpectedResponse(ctx.getNode(), MINGDAO, 'the row was created but the answer has no row id (data.id)', i);
	return { action: 'created', id };
}

export const create: OperationModule<MingdaoClient> = {
	name: 'Create',
	action: 'Create a row (新增行记录)',
	description: 'One row per item (POST rows)',
	properties: [
		fieldsMapper('add', 'Values for the new row. Option fields take the label (or key); dates are converted to Beijing time.', true),
		writeOptionsProperty,
	],
	execute: createRow,
};
