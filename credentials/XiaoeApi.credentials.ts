import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Xiaoe-tech (小鹅通) Open API. The access token is NOT stored here: the package's token manager fetches it from
 * these values, caches it per credential in the n8n process and refreshes it (see nodes/core/tokenCache.ts),
 * because Xiaoe reports an expired token inside an HTTP 200 body, which n8n's own refresh never sees.
 */
export class XiaoeApi implements ICredentialType {
	name = 'xiaoeApi';

	displayName = 'Xiaoe-Tech (小鹅通) API';

	icon: Icon = { light: 'file:../nodes/Xiaoe/xiaoe.svg', dark: 'file:../nodes/Xiaoe/xiaoe.dark.svg' };

	documentationUrl = 'https://api-doc.xiaoe-tech.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.xiaoe-tech.com',
			description: 'Xiaoe Open API address. Change it only for a private deployment or a test emulator.',
		},
		{
			displayName: 'App ID (店铺ID)',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'appXXXXXXXX',
			description:
				'Shop ID, starting with "app". Xiaoe admin → 营销中心 → API自主开发 → 云服务控制台 (admin.cloud.xiaoe-tech.com).',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			placeholder: 'xopXXXXXXXX',
			description:
				'Application client ID, starting with "xop", from the same console. Shops that enabled the API before 2019-12-09 may leave it empty.',
		},
		{
			displayName: 'Secret Key (Client Secret)',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The application secret from the cloud console',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 0,
			description:
				'Client-side rate limit per endpoint. 0 uses the documented limits (e.g. 300/s for most reads, 20/s for order list 2.0); set lower to share quota with other systems.',
		},
		{
			displayName:
				'Xiaoe only gives tokens to whitelisted server IPs: add the public IP of your n8n server in the cloud console (IP白名单), otherwise the test fails with code 2051.',
			name: 'ipNotice',
			type: 'notice',
			default: '',
		},
	];

	// A real token request. Xiaoe answers errors with HTTP 200, so the rules read the body.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/token',
			method: 'GET',
			qs: {
				app_id: '={{$credentials.appId}}',
				// Left out (undefined) when empty: older shops have no Client ID.
				client_id: '={{($credentials.clientId || "").trim() || undefined}}',
				secret_key: '={{$credentials.secretKey}}',
				grant_type: 'client_credential',
			},
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 2051,
					message:
						'Xiaoe refused: this server IP is not in the shop\'s whitelist (code 2051). Add it in the cloud console → IP白名单.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 2004,
					message: 'Xiaoe refused the App ID, Client ID or Secret Key (code 2004). Copy them again from the cloud console.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 2013,
					message: 'Too many token requests for this shop (code 2013): Xiaoe allows 100 per 10 minutes. Wait and retry.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data.access_token',
					value: undefined,
					message: 'Xiaoe did not return an access token: check the Base URL, App ID, Client ID and Secret Key.',
				},
			},
		],
	};
}
