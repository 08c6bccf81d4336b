import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { formFields } from '../../memberCard';
import { requiredText } from '../params';
import { cardIdProperty, codeProperty } from './fields';

/** POST /card/membercard/userinfo/get {card_id, code}: member data with the activation form flattened into `form`. */
export const getMemberInfo: OperationModule<WechatClient> = {
	name: 'Get Member Info',
	action: 'Get member info (会员信息) of a card',
	description: 'Member data and the answers of the activation form (/card/membercard/userinfo/get)',
	properties: [
		cardIdProperty(true),
		codeProperty,
		{
			displayName:
				'Output: openid, membership_number, bonus, balance (when WeChat sends it), user_card_status, has_active (when sent), user_info as WeChat returns it, and form: the answers by readable name (mobile, name, birthday, …; custom fields by their own names, multi-select answers as lists).',
			name: 'memberInfoNotice',
			type: 'notice',
			default: '',
		},
	],
	async execute(ctx, client, i) {
		const cardId = requiredText(ctx, 'cardId', 'Card ID', i);
		const code = requiredText(ctx, 'code', 'Code', i);
		const answer = await client.post('/card/membercard/userinfo/get', { card_id: cardId, code }, { itemIndex: i });
		return { card_id: cardId, code, ...answer, form: formFields(answer.user_info) };
	},
};
