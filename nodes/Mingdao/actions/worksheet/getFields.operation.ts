import type { OperationModule } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { worksheetFor, worksheetProperty } from '../common';

/** The worksheet's structure (GET /v3/app/worksheets/{id}). Output: one item per field. */
export const getFields: OperationModule<MingdaoClient> = {
	name: 'Get Fields',
	action: 'Get the fields of a worksheet (获取工作表字段)',
	description: 'One item per field: ID, name, alias, type, required, unique, read-only, hidden, options (GET /v3/app/worksheets/{ID})',
	properties: [worksheetProperty],
	async execute(ctx, client, i) {
		const ws = await worksheetFor(ctx, client, i);
		return ws.fields.map((f) => ({
			worksheetId: ws.id,
			id: f.id,
			name: f.name,
			alias: f.alias,
			type: f.type,
			required: f.required,
			isUnique: f.isUnique,
			isTitle: f.isTitle,
			isReadOnly: f.isReadOnly,
			isHidden: f.isHidden,
			...(f.subType !== undefined ? { subType: f.subType } : {}),
			options: f.options.filter((o) => !o.deleted).map((o) => ({ key: o.key, label: o.value })),
			...(f.dataSource ? { dataSource: f.dataSource } : {}),
		}));
	},
};
