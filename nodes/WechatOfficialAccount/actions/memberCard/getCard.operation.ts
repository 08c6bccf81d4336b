import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { requiredText } from '../params';
import { cardIdProperty } from './fields';

/** POST /card/get {card_id} → {card:{card_type, member_card{…}}}: the card's definition, as WeChat returns it. */
export const getCard: OperationModule<WechatClient> = {
	name: 'Get Card',
	action: 'Get a card definition (查看卡券详情)',
	description: 'The card definition: type, base_info, bonus and balance rules (/card/get)',
	properties: [cardIdProperty(true)],
	async execute(ctx, client, i) {
		const answer = await client.post('/card/get', { card_id: requiredText(ctx, 'cardId', 'Card ID', i) }, { itemIndex: i });
		return answer.card && typeof answer.card === 'object' ? (answer.card as IDataObject) : answer;
	},
};
