import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import type { WechatClient } from '../../client';
import { integerValue, numberValue, requiredText } from '../params';
import { cardIdProperty, codeProperty } from './fields';

/**
 * POST /card/membercard/updateuser: bonus, balance, custom fields of one member. "Add" changes are not idempotent,
 * so like every write this is never resent after a timeout (the error says so): check the member before re-running.
 */
export const updateMember: OperationModule<WechatClient> = {
	name: 'Update Member',
	action: 'Update a member (更新会员信息): bonus, balance, custom fields',
	description: 'Change bonus, balance or custom fields (/card/membercard/updateuser)',
	properties: [
		cardIdProperty(true),
		codeProperty,
		{
			displayName: 'Changes',
			name: 'changes',
			type: 'collection',
			placeholder: 'Add Change',
			default: {},
			options: [
				{ displayName: 'Add Balance', name: 'addBalance', type: 'number', default: 0, description: 'Change of the balance; negative deducts' },
				{ displayName: 'Add Bonus', name: 'addBonus', type: 'number', default: 0, description: 'Change of the bonus points (whole number); negative deducts' },
				{ displayName: 'Background Picture URL', name: 'backgroundPicUrl', type: 'string', default: '' },
				{ displayName: 'Balance', name: 'balance', type: 'number', default: 0, description: 'New balance (absolute). The unit is not documented by WeChat (commonly fen); it is sent exactly as given.' },
				{ displayName: 'Balance Record', name: 'recordBalance', type: 'string', default: '', description: 'Text shown to the member with the balance change' },
				{ displayName: 'Bonus', name: 'bonus', type: 'number', default: 0, description: 'New bonus points (absolute, whole number)' },
				{ displayName: 'Bonus Record', name: 'recordBonus', type: 'string', default: '', description: 'Text shown to the member with the bonus change' },
				{ displayName: 'Custom Field Value 1', name: 'customFieldValue1', type: 'string', default: '' },
				{ displayName: 'Custom Field Value 2', name: 'customFieldValue2', type: 'string', default: '' },
				{ displayName: 'Custom Field Value 3', name: 'customFieldValue3', type: 'string', default: '' },
				{ displayName: 'Notify Balance Change', name: 'notifyBalance', type: 'boolean', default: true, description: 'Whether WeChat notifies the member of the balance change' },
				{ displayName: 'Notify Bonus Change', name: 'notifyBonus', type: 'boolean', default: true, description: 'Whether WeChat notifies the member of the bonus change' },
			],
		},
	],
	async execute(ctx, client, i) {
		const body: IDataObject = { card_id: requiredText(ctx, 'cardId', 'Card ID', i), code: requiredText(ctx, 'code', 'Code', i) };
		const c = ctx.getNodeParameter('changes', i, {}) as IDataObject;
		if (c.bonus !== undefined && c.addBonus !== undefined) throw inputError(ctx.getNode(), 'Bonus', 'set either Bonus or Add Bonus, not both', i);
		if (c.balance !== undefined && c.addBalance !== undefined) throw inputError(ctx.getNode(), 'Balance', 'set either Balance or Add Balance, not both', i);
		if (c.bonus !== undefined) body.bonus = integerValue(ctx, c.bonus, 'Bonus', i, { min: 0 });
		if (c.addBonus !== undefined) body.add_bonus = integerValue(ctx, c.addBonus, 'Add Bonus', i);
		if (c.recordBonus) body.record_bonus = String(c.recordBonus);
		if (c.balance !== undefined) body.balance = numberValue(ctx, c.balance, 'Balance', i);
		if (c.addBalance !== undefined) body.add_balance = numberValue(ctx, c.addBalance, 'Add Balance', i);
		if (c.recordBalance) body.record_balance = String(c.recordBalance);
		if (c.backgroundPicUrl) body.background_pic_url = String(c.backgroundPicUrl).trim();
		for (const n of [1, 2, 3]) {
			const value = c[`customFieldValue${n}`];
			if (value !== undefined && value !== '') body[`custom_field_value${n}`] = String(value);
		}
		if (Object.keys(body).length === 2) throw inputError(ctx.getNode(), 'Changes', 'add at least one change', i);
		if (c.notifyBonus !== undefined || c.notifyBalance !== undefined) {
			const notify: IDataObject = {};
			if (c.notifyBonus !== undefined) notify.is_notify_bonus = c.notifyBonus === true;
			if (c.notifyBalance !== undefined) notify.is_notify_balance = c.notifyBalance === true;
			body.notify_optional = notify;
		}
		const answer = await client.post('/card/membercard/updateuser', body, { write: true, itemIndex: i });
		return { card_id: body.card_id, code: body.code, ...answer };
	},
};
