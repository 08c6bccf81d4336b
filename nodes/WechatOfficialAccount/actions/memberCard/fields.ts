import type { INodeProperties } from 'n8n-workflow';

/** Parameters several member-card operations share (each operation lists the ones it uses). */
export function cardIdProperty(required: boolean, description?: string): INodeProperties {
	return {
		displayName: 'Card ID (卡券ID)',
		name: 'cardId',
		type: 'string',
		required,
		default: '',
		placeholder: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8',
		description: description ?? 'The card_id of the member card (the trigger\'s CardId for card events)',
	};
}

export const codeProperty: INodeProperties = {
	displayName: 'Code (卡号)',
	name: 'code',
	type: 'string',
	required: true,
	default: '',
	placeholder: '018255396048',
	description: "The member's card code, in clear (the trigger's UserCardCode; use Decrypt Code for an encrypt_code)",
};
