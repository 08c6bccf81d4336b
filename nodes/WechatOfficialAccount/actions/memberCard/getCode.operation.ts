import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { optionalText, requiredText } from '../params';
import { cardIdProperty, codeProperty } from './fields';

/** POST /card/code/get {code, card_id?, check_consume?}: owner, status and validity of one code. */
export const getCode: OperationModule<WechatClient> = {
	name: 'Get Code Status',
	action: 'Get the status of a card code (查询code)',
	description: 'Owner (openid), user_card_status, can_consume and validity of a code (/card/code/get)',
	properties: [
		codeProperty,
		cardIdProperty(false, 'Needed for cards with custom codes (自定义code)'),
		{
			displayName: 'Check Consume',
			name: 'checkConsume',
			type: 'boolean',
			default: false,
			description: 'Whether to send check_consume=true (WeChat then also checks that the code can be redeemed now)',
		},
	],
	async execute(ctx, client, i) {
		const body: IDataObject = { code: requiredText(ctx, 'code', 'Code', i) };
		const cardId = optionalText(ctx, 'cardId', 'Card ID', i);
		if (cardId) body.card_id = cardId;
		if (ctx.getNodeParameter('checkConsume', i, false)) body.check_consume = true;
		const answer = await client.post('/card/code/get', body, { itemIndex: i });
		return { code: body.code, ...answer };
	},
};
