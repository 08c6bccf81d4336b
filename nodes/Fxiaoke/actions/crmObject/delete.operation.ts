import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { objectProperty, readObject, readRecordId, recordIdProperty } from '../common';

/** Deletes an invalidated record for good (Fxiaoke deletes only invalidated records). Output: `{ _id, deleted: true }`. */
export const remove: OperationModule<FxiaokeClient> = {
	name: 'Delete',
	action: 'Delete an invalidated CRM record (删除对象数据)',
	properties: [
		objectProperty,
		recordIdProperty,
		{
			displayName: 'Invalidate First',
			name: 'invalidateFirst',
			type: 'boolean',
			default: false,
			description: 'Whether to invalidate (作废) the record before deleting it; otherwise only invalidated records can be deleted',
		},
	],
	async execute(ctx, client, i) {
		const apiName = readObject(ctx, i);
		const id = readRecordId(ctx, i);
		if (ctx.getNodeParameter('invalidateFirst', i, false) as boolean) await client.invalidate(apiName, id, i);
		await client.remove(apiName, [id], i);
		return { _id: id, deleted: true };
	},
};
