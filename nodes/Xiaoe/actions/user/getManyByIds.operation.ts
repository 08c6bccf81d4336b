import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import { chunk } from '../../../core/paginate';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readList } from '../../schema';

const BATCH = 50;

/**
 * The users of all input items, one call per 50 distinct user IDs (xe.user.batch_by_user_id.get/1.0.0), each user
 * paired back with its item(s). A failed call fails only the items whose users it asked for.
 */
export const getManyByIds: OperationModule<XiaoeClient> = {
	name: 'Get Many by ID',
	action: 'Get many users by ID (批量查询用户)',
	description: 'Look up the user of every input item, 50 per API call (xe.user.batch_by_user_id.get)',
	properties: [
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '={{ $json.user_id }}',
			description: 'The user ID of each input item; the node looks them up 50 at a time and pairs each user with its item',
		},
		{
			displayName: 'If Not Found',
			name: 'notFound',
			type: 'options',
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
			default: '',
			placeholder: 'buyer',
			description:
				'Empty: each output item is the user. A field name: each output item is its input item with the user added under that field (handy to keep the order and its buyer together).',
		},
		{
			displayName: 'pay_sum is in yuan (元). Times are returned as ISO 8601 in Beijing time (+08:00).',
			name: 'userNotice',
			type: 'notice',
			default: '',
		},
	],
	batch: true,
	async execute(ctx, client, itemIndexes) {
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
		for (const ids of chunk([...new Set(wanted.values())], BATCH)) {
			try {
				const data = await client.call('xe.user.batch_by_user_id.get/1.0.0', { user_id_list: ids, page: 1, page_size: BATCH });
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
	},
};
