import type { INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import { paginate } from '../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../core/time';
import type { XiaoeClient } from '../client';
import { readList } from '../shapes';
import { dateParam } from './time';

const R = 'purchase';

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
				action: 'Get many purchases',
				description: "A user's subscriptions and their validity (xe.resource.purchase.get/1.0.0)",
			},
		],
		default: 'getMany',
	},
	{ displayName: 'User ID', name: 'userId', type: 'string', required: true, displayOptions: showFor(R, ['getMany']), default: '' },
	...returnAllAndLimit(R, ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getMany']),
		default: {},
		options: [
			{ displayName: 'Product ID', name: 'product_id', type: 'string', default: '' },
			{ displayName: 'Resource Type', name: 'resource_type', type: 'number', default: 6, description: '1 article, 2 audio, 3 video, 4 live, 6 column/membership, 8 big column, 23 super VIP, 25 camp' },
			{ displayName: 'Subscribed After', name: 'begin_time', type: 'dateTime', default: '' },
			{ displayName: 'Subscribed Before', name: 'end_time', type: 'dateTime', default: '' },
		],
	},
];

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		getMany: {
			async execute(ctx, client, i) {
				const userId = String(ctx.getNodeParameter('userId', i, '')).trim();
				if (!userId) throw inputError(ctx.getNode(), 'User ID', 'is required', i);
				const raw = ctx.getNodeParameter('filters', i, {}) as Record<string, unknown>;
				const filters: Record<string, unknown> = { user_id: userId };
				if (raw.product_id) filters.product_id = raw.product_id;
				if (raw.resource_type) filters.resource_type = raw.resource_type;
				for (const key of ['begin_time', 'end_time']) {
					if (raw[key]) filters[key] = toBeijingString(dateParam(ctx, `filters.${key}`, `Filters › ${key}`, i, true)!);
				}
				const items = await paginate(
					async (page, pageSize) =>
						readList(
							ctx.getNode(),
							// Nested under `data`, 1-based page_index, at most 50 a page.
							await client.call('xe.resource.purchase.get/1.0.0', { data: { ...filters, page_index: page, page_size: pageSize } }, { itemIndex: i }),
							i,
						),
					{ pageSize: 50, limit: readLimit(ctx, i) },
				);
				return items.map((p) => normalizeBeijingTimes(p));
			},
		},
	},
};
