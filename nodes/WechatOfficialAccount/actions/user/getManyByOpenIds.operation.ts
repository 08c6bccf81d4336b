import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { runBatch } from '../../../core/batch';
import { apiError } from '../../../core/errors';
import type { RowResult } from '../../../core/types';
import { WECHAT } from '../../adapter';
import type { WechatClient } from '../../client';
import { requiredText } from '../params';
import { langProperty, privacyNotice } from './fields';

/** Documented maximum of /cgi-bin/user/info/batchget per call. */
export const BATCH_SIZE = 100;

/**
 * POST /cgi-bin/user/info/batchget over all items: one Open ID per item, 100 per call, one output per item.
 * A call refused as a whole (one bad openid fails the batch: 40003) is retried id by id, so only the bad item fails.
 */
export const getManyByOpenIds: OperationModule<WechatClient> = {
	name: 'Get Many by Open IDs',
	action: 'Get many users by open IDs (批量获取用户信息)',
	description: 'Basic information of many followers, 100 per call (/cgi-bin/user/info/batchget); one output per input item',
	batch: true,
	properties: [
		{
			displayName: 'Open ID',
			name: 'openId',
			type: 'string',
			required: true,
			default: '={{ $json.openid }}',
			description: 'One openid per input item; the node batches all items into calls of 100',
		},
		langProperty,
		privacyNotice,
	],
	async execute(ctx, client, itemIndexes) {
		const users = new Map<string, IDataObject>();
		return runBatch<{ openid: string; lang: string }>(ctx, itemIndexes, {
			read: async (i) => ({ openid: requiredText(ctx, 'openId', 'Open ID', i), lang: String(ctx.getNodeParameter('lang', i, 'zh_CN')) }),
			groupKey: (v) => v.lang,
			rowKey: (v) => v.openid,
			chunkSize: BATCH_SIZE,
			async write(values, indexes): Promise<RowResult[]> {
				const answer = await client.post(
					'/cgi-bin/user/info/batchget',
					{ user_list: values.map((v) => ({ openid: v.openid, lang: v.lang })) },
					{ itemIndex: indexes[0] },
				);
				const list = Array.isArray(answer.user_info_list) ? (answer.user_info_list as IDataObject[]) : [];
				for (const user of list) if (typeof user.openid === 'string') users.set(user.openid, user);
				return values.map((v, index) =>
					users.has(v.openid)
						? { index, ok: true as const, id: v.openid }
						: { index, ok: false as const, failure: { code: 'MISSING', message: `WeChat returned no user for openid ${v.openid}` } },
				);
			},
			output: (v) => users.get(v.openid) ?? { openid: v.openid },
			rowError: (failure) => apiError(ctx.getNode(), WECHAT, failure),
		});
	},
};
