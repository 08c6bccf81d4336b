import type { OperationModule } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { requiredText } from '../params';

/** POST /card/code/decrypt {encrypt_code} → {code}: the clear code behind a card page's encrypt_code. */
export const decryptCode: OperationModule<WechatClient> = {
	name: 'Decrypt Code',
	action: 'Decrypt a card code (解码 encrypt_code)',
	description: 'Turn the encrypt_code a card page receives into the clear code (/card/code/decrypt)',
	properties: [
		{
			displayName: 'Encrypted Code',
			name: 'encryptCode',
			type: 'string',
			required: true,
			default: '',
			description: 'The encrypt_code parameter of the URL WeChat opened (activation page, card detail link)',
		},
	],
	async execute(ctx, client, i) {
		const encryptCode = requiredText(ctx, 'encryptCode', 'Encrypted Code', i);
		return await client.post('/card/code/decrypt', { encrypt_code: encryptCode }, { itemIndex: i });
	},
};
