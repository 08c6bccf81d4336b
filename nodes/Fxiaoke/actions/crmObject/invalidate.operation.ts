import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { objectProperty, readObject, readRecordId, recordIdProperty } from '../common';

/** 作废: the record's life status becomes "invalid" (it can then be deleted or recovered). Output: `{ _id, life_status }`. */
export const invalidate: OperationModule<FxiaokeClient> = {
	name: 'Invalidate',
	action: 'Invalidate a CRM record (作废对象数据)',
	properties: [objectProperty, recordIdProperty],
	async execute(ctx, client, i) {
		const id = readRecordId(ctx, i);
		await client.invalidate(readObject(ctx, i), id, i);
		return { _id: id, life_status: 'invalid' };
	},
};
