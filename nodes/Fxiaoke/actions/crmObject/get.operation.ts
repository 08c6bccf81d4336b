import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { objectProperty, readObject, readRecordId, recordIdProperty } from '../common';

/** One record by its _id (`data/get`). Output: the record as Fxiaoke returns it (times in epoch ms). */
export const get: OperationModule<FxiaokeClient> = {
	name: 'Get',
	action: 'Get a CRM record (获取对象数据)',
	properties: [objectProperty, recordIdProperty],
	async execute(ctx, client, i) {
		return client.get(readObject(ctx, i), readRecordId(ctx, i), i);
	},
};
