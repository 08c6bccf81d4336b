import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { objectProperty, readObject } from '../common';

/** The object's fields (`object/describe`), one item per field: `{ apiName, label, type, required, unique, readonly, options }`. */
export const describe: OperationModule<FxiaokeClient> = {
	name: 'Describe Object',
	action: 'Describe a CRM object\'s fields (对象描述)',
	properties: [objectProperty],
	async execute(ctx, client, i) {
		const info = await client.describe(readObject(ctx, i), i);
		return info.fields.map((f) => ({ object: info.apiName, ...f }));
	},
};
