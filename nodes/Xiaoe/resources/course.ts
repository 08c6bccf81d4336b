import type { INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { paginate } from '../../core/paginate';
import { normalizeBeijingTimes } from '../../core/time';
import type { XiaoeClient } from '../client';
import { readList } from '../shapes';
import { RESOURCE_TYPES } from './goods';

const R = 'course';

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many courses',
				description: 'Courses and columns of the shop (xe.resource.list.get/1.0.0)',
			},
		],
		default: 'getMany',
	},
	{
		displayName:
			'xe.resource.list.get/1.0.0 is not publicly documented: this operation calls it as the integration it comes from did (page, page_size ≤ 50). Prices are in fen (分).',
		name: 'courseNotice',
		type: 'notice',
		displayOptions: showFor(R, ['getMany']),
		default: '',
	},
	...returnAllAndLimit(R, ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getMany']),
		default: {},
		options: [{ displayName: 'Resource Type', name: 'resource_type', type: 'options', options: RESOURCE_TYPES, default: 6 }],
	},
];

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		getMany: {
			async execute(ctx, client, i) {
				const filters = ctx.getNodeParameter('filters', i, {}) as Record<string, unknown>;
				const items = await paginate(
					async (page, pageSize) =>
						readList(ctx.getNode(), await client.call('xe.resource.list.get/1.0.0', { ...filters, page, page_size: pageSize }, { itemIndex: i }), i),
					{ pageSize: 50, limit: readLimit(ctx, i) },
				);
				return items.map((c) => normalizeBeijingTimes(c));
			},
		},
	},
};
