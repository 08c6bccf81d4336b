import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { optionalText, requiredText } from '../params';
import { cardIdProperty } from './fields';

/** POST /card/user/getcardlist {openid, card_id?} → one item per card the user holds. */
export const listUserCards: OperationModule<WechatClient> = {
	name: "List a User's Cards",
	action: "List a user's cards (用户已领取卡券)",
	description: 'The codes and card IDs a user holds (/card/user/getcardlist); one item per card',
	properties: [
		{
			displayName: 'Open ID',
			name: 'openId',
			type: 'string',
			required: true,
			default: '',
			description: "The user's openid in this account",
		},
		cardIdProperty(false, 'Only cards of this card ID (empty: all cards)'),
	],
	async execute(ctx, client, i) {
		const body: IDataObject = { openid: requiredText(ctx, 'openId', 'Open ID', i) };
		const cardId = optionalText(ctx, 'cardId', 'Card ID', i);
		if (cardId) body.card_id = cardId;
		const answer = await client.post('/card/user/getcardlist', body, { itemIndex: i });
		const cards = Array.isArray(answer.card_list) ? (answer.card_list as IDataObject[]) : [];
		return cards.map((card) => ({ openid: body.openid, ...card, has_share_card: answer.has_share_card }));
	},
};
