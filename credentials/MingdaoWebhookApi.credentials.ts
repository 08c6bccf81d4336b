import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The shared secret a Mingdao workflow's "Send API request" (发送API请求) step sends to the Mingdao Trigger.
 * Kept in a credential so that n8n stores it encrypted and leaves it out of workflow exports, the workflow history
 * and trigger executions. Checked by the trigger (constant-time), never sent anywhere.
 */
export class MingdaoWebhookApi implements ICredentialType {
	name = 'mingdaoWebhookApi';

	displayName = 'Mingdao Webhook (明道云 Webhook) API';

	icon: Icon = { light: 'file:../nodes/Mingdao/mingdao.svg', dark: 'file:../nodes/Mingdao/mingdao.dark.svg' };

	documentationUrl = 'https://help.mingdao.com/workflow/node-send-api-request';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A long random value (at least 16 characters). In the Mingdao workflow\'s "Send API request" step, send it in the header X-Mingdao-Secret.',
		},
	];
}
