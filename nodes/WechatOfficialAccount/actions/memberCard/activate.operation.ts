import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { epochSeconds } from '../time';
import { integerValue, numberValue, optionalText, requiredText } from '../params';
import { cardIdProperty, codeProperty } from './fields';

/** POST /card/membercard/activate: activate a member card with its membership number (and opening values). */
export const activate: OperationModule<WechatClient> = {
	name: 'Activate',
	action: 'Activate a member card (激活会员卡)',
	description: 'Activate a member card (/card/membercard/activate)',
	properties: [
		codeProperty,
		{
			displayName: 'Membership Number (会员卡编号)',
			name: 'membershipNumber',
			type: 'string',
			required: true,
			default: '',
			description: 'The number shown on the card; often the same as the code',
		},
		cardIdProperty(false, 'Needed only for cards with custom codes (自定义code)'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Activate Begin Time', name: 'activateBeginTime', type: 'dateTime', default: '', description: 'Start of validity (sent as Unix seconds)' },
				{ displayName: 'Activate End Time', name: 'activateEndTime', type: 'dateTime', default: '', description: 'End of validity (sent as Unix seconds)' },
				{ displayName: 'Background Picture URL', name: 'backgroundPicUrl', type: 'string', default: '', description: 'A picture uploaded to WeChat (mmbiz.qpic.cn)' },
				{ displayName: 'Initial Balance', name: 'initBalance', type: 'number', default: 0, description: 'Opening balance (unit as configured for the card; WeChat does not document it)' },
				{ displayName: 'Initial Bonus', name: 'initBonus', type: 'number', default: 0, description: 'Opening bonus points (whole number)' },
				{ displayName: 'Initial Bonus Record', name: 'initBonusRecord', type: 'string', default: '', description: 'Text shown with the opening bonus' },
				{ displayName: 'Initial Custom Field Value 1', name: 'initCustomFieldValue1', type: 'string', default: '' },
				{ displayName: 'Initial Custom Field Value 2', name: 'initCustomFieldValue2', type: 'string', default: '' },
				{ displayName: 'Initial Custom Field Value 3', name: 'initCustomFieldValue3', type: 'string', default: '' },
			],
		},
	],
	async execute(ctx, client, i) {
		const body: IDataObject = {
			membership_number: requiredText(ctx, 'membershipNumber', 'Membership Number', i),
			code: requiredText(ctx, 'code', 'Code', i),
		};
		const cardId = optionalText(ctx, 'cardId', 'Card ID', i);
		if (cardId) body.card_id = cardId;
		const extra = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
		if (extra.activateBeginTime) body.activate_begin_time = epochSeconds(ctx, extra.activateBeginTime, 'Activate Begin Time', i);
		if (extra.activateEndTime) body.activate_end_time = epochSeconds(ctx, extra.activateEndTime, 'Activate End Time', i);
		if (extra.backgroundPicUrl) body.background_pic_url = String(extra.backgroundPicUrl).trim();
		if (extra.initBonus !== undefined) body.init_bonus = integerValue(ctx, extra.initBonus, 'Initial Bonus', i, { min: 0 });
		if (extra.initBonusRecord) body.init_bonus_record = String(extra.initBonusRecord);
		if (extra.initBalance !== undefined) body.init_balance = numberValue(ctx, extra.initBalance, 'Initial Balance', i);
		for (const n of [1, 2, 3]) {
			const value = extra[`initCustomFieldValue${n}`];
			if (value !== undefined && value !== '') body[`init_custom_field_value${n}`] = String(value);
		}
		await client.post('/card/membercard/activate', body, { write: true, itemIndex: i });
		return { activated: true, ...body };
	},
};
