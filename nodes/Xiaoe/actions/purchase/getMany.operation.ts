import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { paginate } from '../../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readList } from '../../schema';
import { dateParam, filterValue, requiredText } from '../params';

/** A user's subscriptions and their validity (xe.resource.purchase.get/1.0.0). */
export const getMany: OperationModule<XiaoeClient> = {
	name: 'Get Many',
	action: 'Get many purchases (用户订阅)',
	description: "A user's subscriptions and their validity (xe.resource.purchase.get/1.0.0)",
	properties: [
		{ displayName: 'User ID', name: 'userId', type: 'string', required: true, default: '' },
		...returnAllAndLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Product ID', name: 'productId', type: 'string', default: '' },
				{
					displayName: 'Resource Type',
					name: 'resourceType',
					type: 'number',
					default: 6,
					description: '1 article, 2 audio, 3 video, 4 live, 6 column/membership, 8 big column, 23 super VIP, 25 camp',
				},
				{ displayName: 'Subscribed After', name: 'subscribedAfter', type: 'dateTime', default: '' },
				{ displayName: 'Subscribed Before', name: 'subscribedBefore', type: 'dateTime', default: '' },
			],
		},
	],
	async execute(ctx, client, i) {
		const userId = requiredText(ctx, 'userId', 'User ID', i);
		const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const filters: IDataObject = { user_id: userId };
		if (raw.productId) filters.product_id = raw.productId;
		if (raw.resourceType) filters.resource_type = raw.resourceType;
		const dates: Array<[string, string, string]> = [
			['subscribedAfter', 'Subscribed After', 'begin_time'],
			['subscribedBefore', 'Subscribed Before', 'end_time'],
		];
		for (const [name, label, api] of dates) {
			if (filterValue(raw, name) !== undefined) filters[api] = toBeijingString(dateParam(ctx, `filters.${name}`, `Filters › ${label}`, i, true)!);
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
};
