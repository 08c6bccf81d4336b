import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { fieldsMapper, mappedValues, objectProperty, readObject, readWriteOptions, writeOptionsProperty } from '../common';

/**
 * Creates one record per item (`data/create`). Output: `{ _id, ...written fields }`. Not retried after a lost
 * answer (it may have been created): use Upsert where items may be sent again.
 */
export const create: OperationModule<FxiaokeClient> = {
	name: 'Create',
	action: 'Create a CRM record (新建对象数据)',
	properties: [objectProperty, fieldsMapper('add'), writeOptionsProperty],
	async execute(ctx, client, i) {
		const apiName = readObject(ctx, i);
		const values = mappedValues(ctx, await client.describe(apiName, i), i);
		const id = await client.create(apiName, values, readWriteOptions(ctx, i), i);
		return { _id: id, ...values };
	},
};
