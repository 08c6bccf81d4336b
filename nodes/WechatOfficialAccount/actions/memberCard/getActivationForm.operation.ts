import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { formFields } from '../../memberCard';
import { requiredText } from '../params';

/** POST /card/membercard/activatetempinfo/get {activate_ticket} → info{common_field_list, custom_field_list}. */
export const getActivationForm: OperationModule<WechatClient> = {
	name: 'Get Activation Form Data',
	action: 'Get the activation form data (开卡信息) of a ticket',
	description: 'What the member typed into the activation form, by activate_ticket (/card/membercard/activatetempinfo/get)',
	properties: [
		{
			displayName: 'Activate Ticket',
			name: 'activateTicket',
			type: 'string',
			required: true,
			default: '',
			description: 'The activate_ticket WeChat adds to the URL of your activation page (with card_id, encrypt_code, openid)',
		},
	],
	async execute(ctx, client, i) {
		const ticket = requiredText(ctx, 'activateTicket', 'Activate Ticket', i);
		const answer = await client.post('/card/membercard/activatetempinfo/get', { activate_ticket: ticket }, { itemIndex: i });
		return { ...answer, form: formFields(answer.info) };
	},
};
