import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Kingdee K3Cloud (金蝶云星空) WebAPI. Fields only: the node signs each request (third-party authorisation, the
 * official SDKs' way) or logs in once and re-uses the session; see nodes/KingdeeK3Cloud/adapter.ts.
 */
export class KingdeeK3CloudApi implements ICredentialType {
	name = 'kingdeeK3CloudApi';

	displayName = 'Kingdee K3Cloud (金蝶云星空) API';

	icon: Icon = { light: 'file:../nodes/KingdeeK3Cloud/kingdee.svg', dark: 'file:../nodes/KingdeeK3Cloud/kingdee.dark.svg' };

	documentationUrl = 'https://openapi.open.kingdee.com/ApiHome';

	properties: INodeProperties[] = [
		{
			displayName:
				"Create the app in Kingdee under 系统管理 → 第三方系统登录授权 (Third-party system login authorisation): enable it, choose the integration user and copy App ID and App Secret. Kingdee Cloud (公有云) may also need the public IP of your n8n server in the app's IP whitelist.",
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Server URL',
			name: 'serverUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://erp.example.com/k3cloud/',
			description: 'The address of your K3Cloud site, ending in /k3cloud/ (the part before /html5/ in the browser address)',
		},
		{
			displayName: 'Data Center ID (账套ID)',
			name: 'acctId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '6512345678abcd',
			description: 'The data center (acctId). An administrator finds it in 第三方系统登录授权 or on the WebAPI test page.',
		},
		{
			displayName: 'User Name (用户名)',
			name: 'userName',
			type: 'string',
			default: '',
			required: true,
			description: 'The integration user the app is authorised for; what it may do is what the node may do',
		},
		{
			displayName: 'Authentication',
			name: 'authMode',
			type: 'options',
			options: [
				{
					name: 'Signed Requests (第三方授权签名)',
					value: 'signature',
					description: "Every request carries signed headers; no login (the official SDKs' way)",
				},
				{
					name: 'Session: Login with App Secret (LoginByAppSecret)',
					value: 'appSecretLogin',
					description: 'Log in once with App ID and App Secret and re-use the session cookie',
				},
				{
					name: 'Session: Login with Password (ValidateUser)',
					value: 'passwordLogin',
					description: 'Log in once with user name and password and re-use the session cookie',
				},
			],
			default: 'signature',
		},
		{
			displayName: 'App ID (应用ID)',
			name: 'appId',
			type: 'string',
			default: '',
			placeholder: '123456_AbCdEfGhIjKlMnOpQrStUvWxYz012345',
			description: 'As shown in 第三方系统登录授权: digits, an underscore and 32 characters',
			displayOptions: { show: { authMode: ['signature', 'appSecretLogin'] } },
		},
		{
			displayName: 'App Secret (应用密钥)',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['signature', 'appSecretLogin'] } },
		},
		{
			displayName: 'Password (密码)',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authMode: ['passwordLogin'] } },
		},
		{
			displayName: 'Language (LCID)',
			name: 'lcid',
			type: 'options',
			options: [
				{ name: 'Simplified Chinese (2052)', value: 2052 },
				{ name: 'English (1033)', value: 1033 },
				{ name: 'Traditional Chinese (3076)', value: 3076 },
			],
			default: 2052,
			description: 'Language of names and messages; multi-language values are output in it',
		},
		{
			displayName: 'Organization Number (组织编码)',
			name: 'orgNumber',
			type: 'string',
			default: '0',
			description: 'The organisation the signed requests act in (multi-organisation setups); 0 for the default',
			displayOptions: { show: { authMode: ['signature'] } },
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 0,
			description:
				'Client-side limit per service. 0 uses the package default of 10/s (Kingdee publishes no rate); calls refused with MsgCode 14 (调用限制) are retried with backoff.',
		},
	];
}
