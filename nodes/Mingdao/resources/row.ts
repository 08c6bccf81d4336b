import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import { paginate } from '../../core/paginate';
import type { MingdaoClient } from '../client';
import { buildFilter, OPERATOR_HELP, OPERATORS, SYSTEM_COLUMNS } from '../filters';
import type { ConditionInput } from '../filters';
import { findField } from '../fields';
import { rawRow, simplifyRow, worksheetFor } from '../rows';
import { PAGE_SIZE } from '../upsertStore';
import { create, createMany, deleteMany, update, updateMany } from './rowWrite';
import { upsertRows } from './rowUpsert';

const R = 'row';
const WRITES = ['create', 'createMany', 'update', 'updateMany', 'upsert'];

function mapper(operations: string[], mode: 'add' | 'upsert', description: string): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		displayOptions: showFor(R, operations),
		description,
		typeOptions: {
			loadOptionsDependsOn: ['worksheet.value', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: mode !== 'add' || operations.includes('create'),
				multiKeyMatch: false,
				supportAutoMap: true,
				...(mode === 'upsert'
					? {
							matchingFieldsLabels: {
								title: 'Field to Match On',
								description: 'The field that identifies a row (best: a unique Text or Number field, e.g. an external ID)',
								hint: 'Rows whose field holds this value are updated; new values create rows',
							},
						}
					: {}),
			},
		},
	};
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create a row', description: 'One row per item (POST rows)' },
			{
				name: 'Create Many',
				value: 'createMany',
				action: 'Create many rows',
				description: 'All items as rows, 100 per API call (POST rows/batch)',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				action: 'Create or update rows',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
			},
			{ name: 'Delete', value: 'delete', action: 'Delete rows', description: 'Delete the row of each item, 100 per API call' },
			{ name: 'Get', value: 'get', action: 'Get a row', description: 'One row by its row ID' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many rows', description: 'Rows matching filters, 1000 per page' },
			{ name: 'Update', value: 'update', action: 'Update a row', description: 'Update one row per item by its row ID' },
			{
				name: 'Update Many',
				value: 'updateMany',
				action: 'Update many rows',
				description: 'Update the row of each item; items with identical values share one API call (PATCH rows/batch)',
			},
		],
		default: 'getMany',
	},
	{
		displayName: 'Row ID',
		name: 'rowId',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['get', 'update', 'updateMany', 'delete']),
		default: '',
		placeholder: 'e.g. 0bc19fb7-4100-43ad-8f0e-7d2879427677',
		description: 'The row ID (Mingdao rowid), as output by Get Many, Create and Create or Update',
	},
	mapper(['create', 'createMany'], 'add', 'Values for the new row. Option fields take the label (or key); dates are converted to Beijing time.'),
	mapper(['update', 'updateMany'], 'add', 'Values to write; fields not mapped are left as they are'),
	mapper(['upsert'], 'upsert', 'Values for the row; the field to match on finds the existing row'),
	// Get Many
	...returnAllAndLimit(R, ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		placeholder: 'Add Condition',
		typeOptions: { multipleValues: true },
		displayOptions: showFor(R, ['getMany']),
		default: {},
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['worksheet.value'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: OPERATORS,
						default: 'eq',
						description: OPERATOR_HELP,
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { operator: ['isempty', 'isnotempty'] } },
						description:
							'Option fields take the label; dates YYYY-MM-DD [HH:mm:ss] (Beijing time) or ISO 8601; members their account IDs; relations row IDs. Lists and ranges are comma-separated.',
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'filterLogic',
		type: 'options',
		displayOptions: showFor(R, ['getMany']),
		options: [
			{ name: 'All Conditions Must Match (AND)', value: 'AND' },
			{ name: 'Any Condition Must Match (OR)', value: 'OR' },
		],
		default: 'AND',
	},
	{
		displayName: 'Sort By Name or ID',
		name: 'sortField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFilterFields', loadOptionsDependsOn: ['worksheet.value'] },
		displayOptions: showFor(R, ['getMany']),
		default: '',
		description:
			'Field to sort by (empty: Mingdao\'s default order). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Ascending',
		name: 'sortAscending',
		type: 'boolean',
		displayOptions: showFor(R, ['getMany']),
		default: true,
		description: 'Whether to sort from the smallest to the largest value',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(R, ['get', 'getMany']),
		default: {},
		options: [
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to return {ID, _createdAt, _updatedAt, alias: value} with numbers, option labels, related row IDs, member names, booleans and ISO times (+08:00), instead of the raw v3 row',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(R, WRITES),
		default: {},
		options: [
			{
				displayName: 'Clear Fields Left Empty',
				name: 'clearEmpty',
				type: 'boolean',
				default: false,
				description:
					'Whether a mapped field whose value is empty clears the field in Mingdao. Off: empty values leave the field as it is (null from the input still clears it).',
			},
			{
				displayName: 'Trigger Workflows',
				name: 'triggerWorkflow',
				type: 'boolean',
				default: true,
				description: 'Whether Mingdao workflows triggered by row changes run for these writes',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		displayOptions: showFor(R, ['delete']),
		default: {},
		options: [
			{
				displayName: 'Delete Permanently',
				name: 'permanent',
				type: 'boolean',
				default: false,
				description: 'Whether to skip the recycle bin (回收站). Off: deleted rows can be restored in Mingdao.',
			},
			{
				displayName: 'Trigger Workflows',
				name: 'triggerWorkflow',
				type: 'boolean',
				default: true,
				description: 'Whether Mingdao workflows triggered by row changes run for these deletes',
			},
		],
	},
];

async function get(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject> {
	const ws = await worksheetFor(ctx, client, i);
	const rowId = String(ctx.getNodeParameter('rowId', i, '') ?? '').trim();
	if (!rowId) throw inputError(ctx.getNode(), 'Row ID', 'is empty', i);
	const row = (await client.v3('GET', `${client.rowsPath(ws)}/${encodeURIComponent(rowId)}`, undefined, { itemIndex: i })) as IDataObject;
	return ctx.getNodeParameter('options.simplify', i, true) ? simplifyRow(ws, row) : rawRow(row);
}

async function getMany(ctx: IExecuteFunctions, client: MingdaoClient, i: number): Promise<IDataObject[]> {
	const ws = await worksheetFor(ctx, client, i);
	const conditions = (ctx.getNodeParameter('filters.conditions', i, []) as ConditionInput[]) ?? [];
	const logic = ctx.getNodeParameter('filterLogic', i, 'AND') as string;
	const filter = buildFilter(ctx.getNode(), ws, conditions, logic, { itemIndex: i, timezone: ctx.getTimezone() });
	const sortRef = String(ctx.getNodeParameter('sortField', i, '') ?? '').trim();
	let sorts: Array<{ field: string; isAsc: boolean }> | undefined;
	if (sortRef) {
		const field = SYSTEM_COLUMNS.includes(sortRef) ? undefined : findField(ws, sortRef);
		if (!field && !SYSTEM_COLUMNS.includes(sortRef)) {
			throw inputError(ctx.getNode(), 'Sort By', `"${sortRef}" is not a field of worksheet ${ws.name}`, i);
		}
		sorts = [{ field: field?.id ?? sortRef, isAsc: ctx.getNodeParameter('sortAscending', i, true) as boolean }];
	}
	const limit = readLimit(ctx, i);
	const rows = await paginate<IDataObject>(
		async (pageIndex, pageSize) => {
			const body: Record<string, unknown> = { pageIndex, pageSize, includeTotalCount: true };
			if (filter) body.filter = filter;
			if (sorts) body.sorts = sorts;
			// total: a string in the reference's schema, a number in its example.
			const data = (await client.v3('POST', `${client.rowsPath(ws)}/list`, body, { itemIndex: i })) as { rows?: IDataObject[]; total?: number | string };
			return { items: data?.rows ?? [], total: data?.total === undefined ? undefined : Number(data.total) };
		},
		{ pageSize: limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit), limit },
	);
	const simplify = ctx.getNodeParameter('options.simplify', i, true) as boolean;
	return simplify ? rows.map((row) => simplifyRow(ws, row)) : rows.map(rawRow);
}

export const resource: ResourceModule<MingdaoClient> = {
	properties,
	operations: {
		get: { execute: get },
		getMany: { execute: getMany },
		create: { execute: create },
		createMany: { batch: true, execute: createMany },
		update: { execute: update },
		updateMany: { batch: true, execute: updateMany },
		delete: { batch: true, execute: deleteMany },
		upsert: { batch: true, execute: upsertRows },
	},
};
