import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { paginateCursor } from '../../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readList } from '../../schema';
import { dateParam, filterValue } from '../params';

const PAGE_SIZE = 50;

/** Filters: parameter → the API's name, and whether it is a date (sent as a Beijing date, yyyy-MM-dd). */
const FILTERS: Array<{ name: string; label: string; api: string; date?: boolean; zeroIsUnset?: boolean }> = [
	{ name: 'lastPaidAfter', label: 'Last Paid After', api: 'last_paytime_start', date: true },
	{ name: 'lastPaidBefore', label: 'Last Paid Before', api: 'last_paytime_end', date: true },
	{ name: 'maxTotalPaid', label: 'Max Total Paid (Yuan)', api: 'max_pay_sum', zeroIsUnset: true },
	{ name: 'minTotalPaid', label: 'Min Total Paid (Yuan)', api: 'min_pay_sum', zeroIsUnset: true },
	{ name: 'name', label: 'Name', api: 'name' },
	{ name: 'nickname', label: 'Nickname', api: 'nickname' },
	{ name: 'phone', label: 'Phone', api: 'phone' },
	{ name: 'registeredAfter', label: 'Registered After', api: 'user_created_start', date: true },
	{ name: 'registeredBefore', label: 'Registered Before', api: 'user_created_end', date: true },
	{ name: 'tagId', label: 'Tag ID', api: 'tag_id' },
	{ name: 'userType', label: 'User Type', api: 'user_type' },
];

/** All users matching the filters, past list 1.0's 10 000-user ceiling: User List 2.0 pages by `es_skip` cursor. */
export const getMany: OperationModule<XiaoeClient> = {
	name: 'Get Many',
	action: 'Get many users (用户列表)',
	description: 'All users matching filters, past the 10 000-user ceiling of list 1.0 (xe.user.batch.get/2.0.0)',
	properties: [
		...returnAllAndLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Last Paid After', name: 'lastPaidAfter', type: 'dateTime', default: '' },
				{ displayName: 'Last Paid Before', name: 'lastPaidBefore', type: 'dateTime', default: '' },
				{ displayName: 'Max Total Paid (Yuan)', name: 'maxTotalPaid', type: 'number', default: 0 },
				{ displayName: 'Min Total Paid (Yuan)', name: 'minTotalPaid', type: 'number', default: 0 },
				{ displayName: 'Name', name: 'name', type: 'string', default: '' },
				{ displayName: 'Nickname', name: 'nickname', type: 'string', default: '' },
				{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Takes priority over nickname and name' },
				{ displayName: 'Registered After', name: 'registeredAfter', type: 'dateTime', default: '', description: 'Day precision (Beijing date)' },
				{ displayName: 'Registered Before', name: 'registeredBefore', type: 'dateTime', default: '', description: 'Day precision (Beijing date)' },
				{ displayName: 'Tag ID', name: 'tagId', type: 'string', default: '' },
				{
					displayName: 'User Type',
					name: 'userType',
					type: 'options',
					options: [
						{ name: 'All', value: 0 },
						{ name: 'Blacklisted', value: 1 },
						{ name: 'Super VIP (SVIP)', value: 2 },
					],
					default: 0,
				},
			],
		},
		{
			displayName: 'pay_sum is in yuan (元). Times are returned as ISO 8601 in Beijing time (+08:00).',
			name: 'userNotice',
			type: 'notice',
			default: '',
		},
	],
	async execute(ctx, client, i) {
		const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const filters: IDataObject = {};
		for (const filter of FILTERS) {
			const value = filterValue(raw, filter.name);
			if (value === undefined || (filter.zeroIsUnset && value === 0)) continue;
			filters[filter.api] = filter.date
				? toBeijingString(dateParam(ctx, `filters.${filter.name}`, `Filters › ${filter.label}`, i, true)!, 'yyyy-MM-dd')
				: value;
		}
		const users = await paginateCursor<IDataObject, IDataObject>(
			async (cursor) => {
				const body = { ...filters, page_size: PAGE_SIZE, ...(cursor ? { es_skip: cursor } : {}) };
				const { items } = readList(ctx.getNode(), await client.call('xe.user.batch.get/2.0.0', body, { itemIndex: i }), i);
				const last = items[items.length - 1];
				return { items, next: items.length === PAGE_SIZE ? (last?.es_skip as IDataObject | undefined) : undefined };
			},
			{ limit: readLimit(ctx, i) },
		);
		return users.map((u) => normalizeBeijingTimes(u));
	},
};
