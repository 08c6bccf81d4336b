import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { paginate } from '../../../core/paginate';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readList } from '../../schema';
import { RESOURCE_TYPES } from '../common';
import { filterValue } from '../params';

/** Courses and columns of the shop (xe.resource.list.get/1.0.0: not in the public docs, called as production clients call it). */
export const getMany: OperationModule<XiaoeClient> = {
	name: 'Get Many',
	action: 'Get many courses (课程列表)',
	description: 'Courses and columns of the shop (xe.resource.list.get/1.0.0)',
	properties: [
		{
			displayName:
				'xe.resource.list.get/1.0.0 is not publicly documented: this operation calls it as the integration it comes from did (page, page_size ≤ 50). Prices are in fen (分).',
			name: 'courseNotice',
			type: 'notice',
			default: '',
		},
		...returnAllAndLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [{ displayName: 'Resource Type', name: 'resourceType', type: 'options', options: RESOURCE_TYPES, default: 6 }],
		},
	],
	async execute(ctx, client, i) {
		const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const filters: IDataObject = {};
		const resourceType = filterValue(raw, 'resourceType');
		if (resourceType !== undefined) filters.resource_type = resourceType;
		const items = await paginate(
			async (page, pageSize) =>
				readList(ctx.getNode(), await client.call('xe.resource.list.get/1.0.0', { ...filters, page, page_size: pageSize }, { itemIndex: i }), i),
			{ pageSize: 50, limit: readLimit(ctx, i) },
		);
		return items.map((c) => normalizeBeijingTimes(c));
	},
};
