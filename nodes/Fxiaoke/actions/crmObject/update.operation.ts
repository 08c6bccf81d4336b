import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { fieldsMapper, mappedValues, objectProperty, readObject, readRecordId, readWriteOptions, recordIdProperty, writeOptionsProperty } from '../common';

/**
 * Updates the mapped fields of one record (`data/update`); fields left empty are not sent.
 * Output: `{ _id, updated: { field: value, … } }`.
 */
export const update: OperationModule<FxiaokeClient> = {
	name: 'Update',
	action: 'Update a CRM record (编辑对象数据)',
	properties: [objectProperty, recordIdProperty, fieldsMapper('update'), writeOptionsProperty],
	async execute(ctx, client, i) {
		const apiName = readObject(ctx, i);
		const id = readRecordId(ctx, i);
		const values = mappedValues(ctx, await client.describe(apiName, i), i);
		if (Object.keys(values).length === 0) throw inputError(ctx.getNode(), 'Fields', 'map at least one field to update', i);
		await client.update(apiName, id, values, readWriteOptions(ctx, i), i);
		return { _id: id, updated: values };
	},
};
