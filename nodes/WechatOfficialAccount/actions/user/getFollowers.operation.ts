import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { paginateCursor } from '../../../core/paginate';
import type { WechatClient } from '../../client';

/**
 * GET /cgi-bin/user/get?next_openid=: the account's followers, up to 10 000 openids per call, paged by next_openid.
 * The last page repeats the last openid as next_openid; the walk stops when a page is empty or the total is reached.
 */
export const getFollowers: OperationModule<WechatClient> = {
	name: 'Get Followers',
	action: 'Get followers (获取用户列表)',
	description: 'Open IDs of the followers (/cgi-bin/user/get), one item per follower',
	properties: [
		...returnAllAndLimit,
		{
			displayName: 'Start After Open ID',
			name: 'nextOpenId',
			type: 'string',
			default: '',
			description: 'Continue after this openid (next_openid); empty starts from the first follower',
		},
	],
	async execute(ctx, client, i) {
		const limit = readLimit(ctx, i);
		let seen = 0;
		const ids = await paginateCursor<string, string>(
			async (cursor) => {
				const start = cursor ?? String(ctx.getNodeParameter('nextOpenId', i, '')).trim();
				const page = await client.get('/cgi-bin/user/get', { next_openid: start }, { itemIndex: i });
				const data = (page.data ?? {}) as IDataObject;
				const items = Array.isArray(data.openid) ? (data.openid as unknown[]).map(String) : [];
				seen += items.length;
				const total = Number(page.total);
				const more = items.length > 0 && typeof page.next_openid === 'string' && page.next_openid !== '' && !(seen >= total);
				return { items, next: more ? (page.next_openid as string) : undefined };
			},
			{ limit },
		);
		return ids.map((openid) => ({ openid }));
	},
};
