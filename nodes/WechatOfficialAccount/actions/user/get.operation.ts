import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { requiredText } from '../params';
import { langProperty, privacyNotice } from './fields';

/** GET /cgi-bin/user/info?openid=&lang=: one follower's basic information. */
export const get: OperationModule<WechatClient> = {
	name: 'Get',
	action: 'Get a user (获取用户基本信息)',
	description: "A follower's basic information (/cgi-bin/user/info); subscribe = 0 means not following",
	properties: [
		{ displayName: 'Open ID', name: 'openId', type: 'string', required: true, default: '', description: "The user's openid in this account" },
		langProperty,
		privacyNotice,
	],
	async execute(ctx, client, i) {
		const openid = requiredText(ctx, 'openId', 'Open ID', i);
		const lang = String(ctx.getNodeParameter('lang', i, 'zh_CN'));
		return await client.get('/cgi-bin/user/info', { openid, lang }, { itemIndex: i });
	},
};
