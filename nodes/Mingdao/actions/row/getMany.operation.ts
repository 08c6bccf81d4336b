import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import type { OperationModule } from '../../../core/operation';
import { paginate } from '../../../core/paginate';
import type { MingdaoClient } from '../../client';
import { buildFilter, OPERATOR_HELP, SYSTEM_COLUMNS } from '../../filters';
import type { ConditionInput } from '../../filters';
import { rawRow, simplifyRow } from '../../rows';
import { PAGE_SIZE } from '../../upsertStore';
import { findField } from '../../worksheet';
import { worksheetFor } from '../common';
import { readOptionsProperty } from './readOptions';

const filterProperties: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		placeholder: 'Add Condition',
		typeOptions: { multipleValues: true },
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
						displayName: 'Operator Name or ID',
						name: 'operator',
						type: 'options',
						// The operators of the field chosen in this row ("&field": n8n resolves it within the row).
						typeOptions: { loadOptionsMethod: 'getFilterOperators', loadOptionsDependsOn: ['&field', 'worksheet.value'] },
						default: 'eq',
						description: `${OPERATOR_HELP} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
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
		default: '',
		description:
			'Field to sort by (empty: Mingdao\'s default order). Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Ascending',
		name: 'sortAscending',
		type: 'boolean',
		default: true,
		description: 'Whether to sort from the smallest to the largest value',
	},
];

/** Rows matching the filters (POST rows/list), 1000 per page; Return All or up to Limit. Output: one item per row. */
export const getMany: OperationModule<MingdaoClient> = {
	name: 'Get Many',
	action: 'Get many rows (查询行记录)',
	description: 'Rows matching filters, 1000 per page',
	properties: [
		...returnAllAndLimit,
		...filterProperties,
		readOptionsProperty,
	],
	async execute(ctx, client, i) {
		const ws = await worksheetFor(ctx, client, i);
		const conditions = (ctx.getNodeParameter('filters.conditions', i, []) as ConditionInput[]) ?? [];
		const logic = ctx.getNodeParameter('filterLogic', i, 'AND') as string;
		const filter = buildFilter(ctx.getNode(), ws, conditions, logic, { itemIndex: i, timezone: ctx.getTimezone() });
		const sortRef = String(ctx.getNodeParameter('sortField', i, '') ?? '').trim();
		let sorts: Array<{ field: string; isAsc: boolean }> | undefined;
		if (sortRef) {
			const system = SYSTEM_COLUMNS.includes(sortRef);
			const field = system ? undefined : findField(ws, sortRef);
			if (!field && !system) throw inputError(ctx.getNode(), 'Sort By', `"${sortRef}" is not a field of worksheet ${ws.name}`, i);
			sorts = [{ field: field?.id ?? sortRef, isAsc: ctx.getNodeParameter('sortAscending', i, true) as boolean }];
		}
		const limit = readLimit(ctx, i);
		const rows = await paginate<IDataObject>(
			async (pageIndex, pageSize) => {
				const body: Record<string, unknown> = { pageIndex, pageSize, includeTotalCount: true };
				if (filter) body.filter = filter;
				if (sorts) body.sorts = sorts;
				// total: a string in the reference's schema, a number in its example.
				const data = (await client.v3('POST', `${client.rowsPath(ws.id)}/list`, body, { itemIndex: i })) as {
					rows?: IDataObject[];
					total?: number | string;
				};
				return { items: data?.rows ?? [], total: data?.total === undefined ? undefined : Number(data.total) };
			},
			{ pageSize: limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, limit), limit },
		);
		const simplify = ctx.getNodeParameter('options.simplify', i, true) as boolean;
		return simplify ? rows.map((row) => simplifyRow(ws, row)) : rows.map(rawRow);
	},
};
