import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import type { MingdaoClient } from '../client';
import { appWorksheets } from '../methods';
import { worksheetFor } from '../rows';

const R = 'worksheet';

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{
				name: 'Get Fields',
				value: 'getFields',
				action: 'Get the fields of a worksheet',
				description: 'One item per field: ID, name, alias, type, required, unique, read-only, hidden, options (GET /v3/app/worksheets/{ID})',
			},
			{ name: 'List', value: 'list', action: 'List the worksheets of the app', description: 'One item per worksheet of the app (GET /v3/app)' },
		],
		default: 'getFields',
	},
];

async function getFields(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject[]> {
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
}

async function list(_ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject[]> {
	const app = await client.v3('GET', '/app', undefined, { itemIndex: i });
	const appId = (app as { appId?: string })?.appId;
	return appWorksheets(app).map((w) => ({ id: w.id, name: w.name, alias: w.alias ?? '', section: w.section ?? '', appId }));
}

export const resource: ResourceModule<MingdaoClient> = {
	properties,
	operations: {
		getFields: { execute: getFields },
		list: { execute: list },
	},
};
