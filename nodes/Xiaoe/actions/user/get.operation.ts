import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readObject } from '../../schema';
import { requiredText } from '../params';

/** Profile fields the API can return (field_list keys, shown as the API names them). */
const PROFILE_FIELDS = [
	'nickname', 'name', 'avatar', 'gender', 'phone', 'city', 'province', 'country', 'birth', 'address',
	'company', 'job', 'is_seal', 'wx_union_id', 'wx_open_id', 'wx_app_open_id', 'wx_email', 'wx_account',
];

/** Look Up By → the API's key for it. */
const LOOKUP_KEYS: Record<string, string> = { userId: 'user_id', phone: 'phone', wxUnionId: 'wx_union_id', wxOpenId: 'wx_open_id' };

/** One user by ID, phone, WeChat UnionID or OpenID (xe.user.info.get/1.0.0). */
export const get: OperationModule<XiaoeClient> = {
	name: 'Get',
	action: 'Get a user (用户信息)',
	description: 'One user by ID, phone, WeChat UnionID or OpenID (xe.user.info.get)',
	properties: [
		{
			displayName: 'Look Up By',
			name: 'lookupBy',
			type: 'options',
			options: [
				{ name: 'User ID', value: 'userId' },
				{ name: 'Phone', value: 'phone', description: 'May carry an area code, e.g. +86-13900000000' },
				{ name: 'WeChat UnionID', value: 'wxUnionId' },
				{ name: 'WeChat OpenID', value: 'wxOpenId' },
			],
			default: 'userId',
		},
		{ displayName: 'Value', name: 'lookupValue', type: 'string', required: true, default: '' },
		{
			displayName: 'Fields',
			name: 'fields',
			type: 'multiOptions',
			options: PROFILE_FIELDS.map((f) => ({ name: f, value: f })),
			default: ['nickname', 'name', 'phone', 'avatar', 'company', 'job', 'wx_union_id'],
			description: 'Profile fields to return (field_list)',
		},
	],
	async execute(ctx, client, i) {
		const choice = String(ctx.getNodeParameter('lookupBy', i, 'userId'));
		const by = LOOKUP_KEYS[choice];
		if (!by) throw inputError(ctx.getNode(), 'Look Up By', `"${choice}" is not one of ${Object.keys(LOOKUP_KEYS).join(', ')}`, i);
		const value = requiredText(ctx, 'lookupValue', 'Value', i);
		const fields = ctx.getNodeParameter('fields', i, []) as string[];
		const fieldList: IDataObject = {};
		for (const f of fields.length ? fields : ['nickname']) fieldList[f] = 1;
		// user_id sits at the top level, the other keys and field_list under `data` (the API mixes both).
		const body: IDataObject =
			by === 'user_id' ? { user_id: value, data: { field_list: fieldList } } : { data: { [by]: value, field_list: fieldList } };
		const data = await client.call('xe.user.info.get/1.0.0', body, { itemIndex: i });
		const user = readObject(ctx.getNode(), data, i);
		return normalizeBeijingTimes({ ...(by === 'user_id' ? { user_id: value } : {}), ...user });
	},
};
