import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import type { ItemResult } from '../../core/items';
import { chunk, paginateCursor } from '../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../core/time';
import type { XiaoeClient } from '../client';
import { readList, readObject } from '../shapes';
import { dateParam } from './time';

const R = 'user';

const PROFILE_FIELDS = [
	'nickname', 'name', 'avatar', 'gender', 'phone', 'city', 'province', 'country', 'birth', 'address',
	'company', 'job', 'is_seal', 'wx_union_id', 'wx_open_id', 'wx_app_open_id', 'wx_email', 'wx_account',
];

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a user', description: 'One user by ID, phone, WeChat UnionID or OpenID (xe.user.info.get)' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many users', description: 'All users matching filters, past the 10 000-user ceiling of list 1.0 (xe.user.batch.get/2.0.0)' },
			{
				name: 'Get Many by ID',
				value: 'getManyByIds',
				action: 'Get many users by ID',
				description: 'Look up the user of every input item, 50 per API call (xe.user.batch_by_user_id.get)',
			},
		],
		default: 'get',
	},
	// Get
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		displayOptions: showFor(R, ['get']),
		options: [
			{ name: 'User ID', value: 'user_id' },
			{ name: 'Phone', value: 'phone', description: 'May carry an area code, e.g. +86-13900000000' },
			{ name: 'WeChat UnionID', value: 'wx_union_id' },
			{ name: 'WeChat OpenID', value: 'wx_open_id' },
		],
		default: 'user_id',
	},
	{
		displayName: 'Value',
		name: 'lookupValue',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['get']),
		default: '',
	},
	{
		displayName: 'Fields',
		name: 'fields',
		type: 'multiOptions',
		displayOptions: showFor(R, ['get']),
		options: PROFILE_FIELDS.map((f) => ({ name: f, value: f })),
		default: ['nickname', 'name', 'phone', 'avatar', 'company', 'job', 'wx_union_id'],
		description: 'Profile fields to return (field_list)',
	},
	// Get Many
	...returnAllAndLimit(R, ['getMany']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getMany']),
		default: {},
		options: [
			{ displayName: 'Last Paid After', name: 'last_paytime_start', type: 'dateTime', default: '' },
			{ displayName: 'Last Paid Before', name: 'last_paytime_end', type: 'dateTime', default: '' },
			{ displayName: 'Max Total Paid (Yuan)', name: 'max_pay_sum', type: 'number', default: 0 },
			{ displayName: 'Min Total Paid (Yuan)', name: 'min_pay_sum', type: 'number', default: 0 },
			{ displayName: 'Name', name: 'name', type: 'string', default: '' },
			{ displayName: 'Nickname', name: 'nickname', type: 'string', default: '' },
			{ displayName: 'Phone', name: 'phone', type: 'string', default: '', description: 'Takes priority over nickname and name' },
			{ displayName: 'Registered After', name: 'user_created_start', type: 'dateTime', default: '', description: 'Day precision (Beijing date)' },
			{ displayName: 'Registered Before', name: 'user_created_end', type: 'dateTime', default: '', description: 'Day precision (Beijing date)' },
			{ displayName: 'Tag ID', name: 'tag_id', type: 'string', default: '' },
			{
				displayName: 'User Type',
				name: 'user_type',
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
	// Get Many by IDs
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['getManyByIds']),
		default: '={{ $json.user_id }}',
		description: 'The user ID of each input item; the node looks them up 50 at a time and pairs each user with its item',
	},
	{
		displayName: 'If Not Found',
		name: 'notFound',
		type: 'options',
		displayOptions: showFor(R, ['getManyByIds']),
		options: [
			{ name: 'Output Item With Found = False', value: 'empty' },
			{ name: 'Fail the Item', value: 'error' },
			{ name: 'Skip the Item', value: 'skip' },
		],
		default: 'empty',
	},
	{
		displayName: 'Put Result in Field',
		name: 'putInField',
		type: 'string',
		displayOptions: showFor(R, ['getManyByIds']),
		default: '',
		placeholder: 'buyer',
		description: 'Empty: each output item is the user. A field name: each output item is its input item with the user added under that field (handy to keep the order and its buyer together).',
	},
	{
		displayName: 'pay_sum is in yuan (元). Times are returned as ISO 8601 in Beijing time (+08:00).',
		name: 'userNotice',
		type: 'notice',
		displayOptions: showFor(R, ['getMany', 'getManyByIds']),
		default: '',
	},
];

async function get(ctx: IExecuteFunctions, client: XiaoeClient, i: number): Promise<IDataObject> {
	const by = ctx.getNodeParameter('lookupBy', i) as string;
	const value = String(ctx.getNodeParameter('lookupValue', i, '')).trim();
	if (!value) throw inputError(ctx.getNode(), 'Value', 'is required', i);
	const fields = ctx.getNodeParameter('fields', i, []) as string[];
	const fieldList: IDataObject = {};
	for (const f of fields.length ? fields : ['nickname']) fieldList[f] = 1;
	// user_id sits at the top level, the other keys and field_list under `data` (the API mixes both).
	const body: IDataObject = by === 'user_id' ? { user_id: value, data: { field_list: fieldList } } : { data: { [by]: value, field_list: fieldList } };
	const data = await client.call('xe.user.info.get/1.0.0', body, { itemIndex: i });
	const user = readObject(ctx.getNode(), data, i);
	return normalizeBeijingTimes({ ...(by === 'user_id' ? { user_id: value } : {}), ...user });
}

async function getMany(ctx: IExecuteFunctions, client: XiaoeClient, i: number): Promise<IDataObject[]> {
	const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
	const filters: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === '' || value === undefined || value === null) continue;
		if (/_start$|_end$/.test(key)) {
			const dt = dateParamFromCollection(ctx, key, value, i);
			filters[key] = toBeijingString(dt, 'yyyy-MM-dd');
		} else if ((key === 'min_pay_sum' || key === 'max_pay_sum') && value === 0) {
			continue;
		} else {
			filters[key] = value;
		}
	}
	const users = await paginateCursor<IDataObject, IDataObject>(
		async (cursor) => {
			const data = await client.call('xe.user.batch.get/2.0.0', { ...filters, page_size: 50, ...(cursor ? { es_skip: cursor } : {}) }, { itemIndex: i });
			const { items } = readList(ctx.getNode(), data, i);
			const last = items[items.length - 1];
			return { items, next: items.length === 50 ? (last?.es_skip as IDataObject | undefined) : undefined };
		},
		{ limit: readLimit(ctx, i) },
	);
	return users.map((u) => normalizeBeijingTimes(u));
}

function dateParamFromCollection(ctx: IExecuteFunctions, key: string, _value: unknown, i: number) {
	return dateParam(ctx, `filters.${key}`, `Filters › ${key}`, i, true)!;
}

/** One call per 50 distinct user IDs across all input items, each user paired back with its item(s). */
async function getManyByIds(ctx: IExecuteFunctions, client: XiaoeClient, itemIndexes: number[]): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	const wanted = new Map<number, string>();
	const notFound = ctx.getNodeParameter('notFound', 0, 'empty') as string;
	const putInField = String(ctx.getNodeParameter('putInField', 0, '') ?? '').trim();
	const input = ctx.getInputData();
	const shape = (i: number, user: IDataObject): IDataObject[] => (putInField ? [{ ...input[i].json, [putInField]: user }] : [user]);
	for (const i of itemIndexes) {
		const id = String(ctx.getNodeParameter('userId', i, '') ?? '').trim();
		if (!id) results.set(i, inputError(ctx.getNode(), 'User ID', 'is empty', i));
		else wanted.set(i, id);
	}
	const found = new Map<string, IDataObject>();
	const distinct = [...new Set(wanted.values())];
	for (const ids of chunk(distinct, 50)) {
		try {
			const data = await client.call('xe.user.batch_by_user_id.get/1.0.0', { user_id_list: ids, page: 1, page_size: 50 });
			for (const user of readList(ctx.getNode(), data).items) found.set(String(user.user_id), normalizeBeijingTimes(user));
		} catch (error) {
			for (const [i, id] of wanted) if (ids.includes(id)) results.set(i, error as Error);
		}
	}
	for (const [i, id] of wanted) {
		if (results.has(i)) continue;
		const user = found.get(id);
		if (user) results.set(i, shape(i, { ...user, found: true }));
		else if (notFound === 'error') results.set(i, inputError(ctx.getNode(), 'User ID', `no Xiaoe user "${id}"`, i));
		else if (notFound === 'empty') results.set(i, shape(i, { user_id: id, found: false }));
		else results.set(i, []);
	}
	return results;
}

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		get: { execute: get },
		getMany: { execute: getMany },
		getManyByIds: { batch: true, execute: getManyByIds },
	},
};
