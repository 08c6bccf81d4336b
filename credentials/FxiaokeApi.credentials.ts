import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Fxiaoke (纷享销客) custom app. The corp access token is NOT stored here: the package's session cache fetches it
 * from these values, caches it per credential in the n8n process (the token endpoint allows few calls and none
 * concurrently) and renews it when Fxiaoke answers 20016 inside an HTTP 200 body, which n8n's own refresh never sees.
 */
export class FxiaokeApi implements ICredentialType {
	name = 'fxiaokeApi';

	displayName = 'Fxiaoke CRM (纷享销客) API';

	icon: Icon = { light: 'file:../nodes/Fxiaoke/fxiaoke.svg', dark: 'file:../nodes/Fxiaoke/fxiaoke.dark.svg' };

	documentationUrl = 'https://developer.fxiaoke.com/openapi_v2/en/start/example/old.html';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://open.fxiaoke.com',
			description: 'Fxiaoke open API address. Change it only for another cloud domain or a test emulator.',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'FSAID_…',
			description: 'Fxiaoke admin → 应用管理 → your custom app (自建应用) → App ID',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		// The permanent code is the company's grant to this app: with the App ID and Secret it yields a token for the
		// whole tenant, so it is a secret (the lint rule judges by the field name only).
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Permanent Code (永久授权码)',
			name: 'permanentCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown on the same app page once the app is authorised for the company',
		},
		{
			displayName: 'Operator',
			name: 'operatorMode',
			type: 'options',
			options: [
				{ name: 'Open User ID (FSUID_…)', value: 'openUserId' },
				{ name: 'Mobile Number (Looked Up Once per Token)', value: 'mobile' },
			],
			default: 'openUserId',
			description: 'The employee every CRM call runs as (currentOpenUserId); their data permissions apply. Use a CRM administrator.',
		},
		{
			displayName: 'Open User ID',
			name: 'currentOpenUserId',
			type: 'string',
			default: '',
			placeholder: 'FSUID_…',
			displayOptions: { show: { operatorMode: ['openUserId'] } },
		},
		{
			displayName: 'Operator Mobile',
			name: 'operatorMobile',
			type: 'string',
			default: '',
			placeholder: '13800000000',
			displayOptions: { show: { operatorMode: ['mobile'] } },
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 0,
			description: 'Client-side limit per endpoint. 0 uses the package default of 4/s (Fxiaoke is reported to allow 100 calls per 20 s per endpoint; not officially confirmed).',
		},
		{
			displayName:
				'Fxiaoke gives tokens only to whitelisted server IPs when the app has an IP whitelist (IP白名单): add the public IP of your n8n server on the app page.',
			name: 'ipNotice',
			type: 'notice',
			default: '',
		},
	];
}
