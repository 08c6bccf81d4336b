import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * WeChat Official Account (微信公众号 / 服务号). One credential per account, for the action node and the trigger:
 * n8n encrypts every field and workflow exports leave them out, so the message-push Token and EncodingAESKey live
 * here rather than in the trigger's parameters. The access token is not stored: the package's session cache fetches
 * it (stable_token by default), keeps it per process and renews it when WeChat rejects it inside an HTTP-200 body,
 * which n8n's own refresh (HTTP 401 only) never sees.
 */
export class WechatOfficialAccountApi implements ICredentialType {
	name = 'wechatOfficialAccountApi';

	displayName = 'WeChat Official Account (微信公众号) API';

	icon: Icon = { light: 'file:../nodes/WechatOfficialAccount/wechat.svg', dark: 'file:../nodes/WechatOfficialAccount/wechat.dark.svg' };

	documentationUrl = 'https://developers.weixin.qq.com/doc/offiaccount/en/Basic_Information/Get_access_token.html';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID (AppID)',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'wx0123456789abcdef',
			description: 'The developer ID: WeChat admin console → 设置与开发 → 基本配置 (Settings & Development → Basic Configuration)',
		},
		{
			displayName: 'App Secret (AppSecret)',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'From the same page (开发者密码). Needed by the action node; the trigger does not use it.',
		},
		{
			displayName: 'Access Token Endpoint',
			name: 'accessEndpoint',
			type: 'options',
			options: [
				{
					name: 'Stable Token (Recommended)',
					value: 'stable',
					description:
						'POST /cgi-bin/stable_token: the same token while it is valid, so other systems and n8n processes sharing this AppID do not knock each other out',
				},
				{
					name: 'Classic Token',
					value: 'classic',
					description: 'GET /cgi-bin/token: every fetch issues a new token and retires the previous one after 5 minutes',
				},
			],
			default: 'stable',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.weixin.qq.com',
			description: 'WeChat API address. Change it only for a regional domain (e.g. https://sh.api.weixin.qq.com) or a test emulator.',
		},
		{
			displayName: 'Max Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			default: 0,
			description:
				'Client-side limit per API endpoint. 0 = none (WeChat publishes daily quotas per API, not per-second rates); calls refused with 45011 (per-minute quota) are retried with backoff.',
		},
		{
			displayName:
				'WeChat only serves API calls from whitelisted server IPs: add the public IP of your n8n server under 基本配置 → IP白名单, otherwise the test fails with code 40164 (or 61004).',
			name: 'ipNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName:
				'For the WeChat Official Account Trigger: the values of 设置与开发 → 基本配置 → 服务器配置 (Server Configuration). Paste the trigger\'s URL there as 服务器地址(URL).',
			name: 'pushNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Token (令牌)',
			name: 'pushToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The server-configuration Token (3–32 letters or digits) WeChat signs every push with',
		},
		{
			displayName: 'EncodingAESKey (消息加解密密钥)',
			name: 'encodingAesKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The 43-character key for compatible (兼容) and safe (安全) mode. Leave empty for plain-text mode (明文模式).',
		},
	];
}
