import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * Mingdao (明道云 / HAP) app keys for the v3 worksheet API. The Sign is a static secret sent verbatim in a header
 * (no timestamp, no hashing), so there is no token to manage; the nodes send through the package's core, which
 * adds rate limiting, retries on throttling (error_code 51) and readable errors for HTTP-200 error bodies.
 */
export class MingdaoApi implements ICredentialType {
	name = 'mingdaoApi';

	displayName = 'Mingdao (明道云 / HAP) API';

	icon: Icon = { light: 'file:../nodes/Mingdao/mingdao.svg', dark: 'file:../nodes/Mingdao/mingdao.dark.svg' };

	documentationUrl = 'https://help.mingdao.com/en/api/introduction';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.mingdao.com',
			description: 'Mingdao API address. Private deployments (私有部署) use https://your-host/api (the site address followed by /api).',
		},
		{
			displayName: 'App Key (AppKey)',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
			description: 'From the app: ⋯ → API 开发文档 → 授权管理 (Authorization). Its scope decides which worksheets the nodes can reach.',
		},
		{
			displayName: 'Sign (签名)',
			name: 'signSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Sign shown next to the App Key (a long base64 string)',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 0,
			description:
				'Client-side rate limit per worksheet endpoint. 0 uses the package default of 10/s (Mingdao does not publish its quota); throttled calls (error 51) are retried with backoff.',
		},
	];

	// The sign goes verbatim into two headers, as the v3 API wants.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'HAP-Appkey': '={{$credentials.appKey}}',
				'HAP-Sign': '={{$credentials.signSecret}}',
			},
		},
	};

}
