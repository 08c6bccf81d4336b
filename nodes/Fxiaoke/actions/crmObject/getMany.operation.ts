import type { IDataObject } from 'n8n-workflow';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { readAll } from '../../walk';
import type { SortField } from '../../walk';
import { filtersProperty, objectProperty, readFilters, readObject } from '../common';

/**
 * Records matching the filters (`data/query`), in a stable order. Return All reads any number of records: offset
 * paging, then a key cursor on the sort field + _id (see walk.ts), so a deep-offset ceiling cannot cut the result.
 * Output: one item per record.
 */
export const getMany: OperationModule<FxiaokeClient> = {
	name: 'Get Many',
	action: 'Get many CRM records (查询对象数据)',
	properties: [
		objectProperty,
		...returnAllAndLimit,
		filtersProperty(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Sort By',
					name: 'sortBy',
					type: 'options',
					options: [
						{ name: 'Record ID', value: '_id', description: 'The _id field' },
						{ name: 'Last Modified Time (最后修改时间)', value: 'last_modified_time' },
						{ name: 'Create Time (创建时间)', value: 'create_time' },
					],
					default: '_id',
					description: 'Always-set fields only, so that large reads can continue after the last record seen',
				},
				{
					displayName: 'Sort Direction',
					name: 'sortDirection',
					type: 'options',
					options: [
						{ name: 'Ascending', value: 'asc' },
						{ name: 'Descending', value: 'desc' },
					],
					default: 'asc',
				},
				{
					displayName: 'Fields to Return',
					name: 'fieldProjection',
					type: 'string',
					default: '',
					placeholder: 'e.g. name,account_no,owner',
					description: 'Comma-separated field API names; empty returns every field',
				},
			],
		},
	],
	async execute(ctx, client, i) {
		const apiName = readObject(ctx, i);
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		const sortField = (String(options.sortBy || '_id') as SortField);
		const projection = String(options.fieldProjection ?? '').split(',').map((s) => s.trim()).filter(Boolean);
		return readAll(client, apiName, {
			filters: await readFilters(ctx, client, apiName, i),
			sort: { field: sortField, asc: options.sortDirection !== 'desc' },
			limit: readLimit(ctx, i),
			// The cursor needs _id and the sort field in every row.
			fieldProjection: projection.length ? [...new Set(['_id', sortField, ...projection])] : undefined,
			itemIndex: i,
		});
	},
};
