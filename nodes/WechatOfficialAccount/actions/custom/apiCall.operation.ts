import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import type { WechatClient } from '../../client';
import { jsonObject, requiredText } from '../params';

/**
 * Any WeChat API path with the access token, retries and error handling of this node. The path must stay on the
 * credential's Base URL: anything that could change the host (a full URL, "@", "//") is refused, so the token in
 * the query can never be sent elsewhere.
 */
export const apiCall: OperationModule<WechatClient> = {
	name: 'API Call',
	action: 'Call any WeChat API (自定义接口调用)',
	description: 'Any path under the Base URL, access_token added by the node',
	properties: [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{ name: 'GET', value: 'GET' },
				{ name: 'POST', value: 'POST' },
			],
			default: 'POST',
		},
		{ displayName: 'Path', name: 'path', type: 'string', required: true, default: '', placeholder: '/cgi-bin/tags/get' },
		{
			displayName: 'Query Parameters (JSON)',
			name: 'query',
			type: 'json',
			default: '{}',
			description: 'Without access_token (the node adds it)',
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			displayOptions: { show: { method: ['POST'] } },
			default: '{}',
		},
		{
			displayName: 'Changes Data',
			name: 'write',
			type: 'boolean',
			default: false,
			description: 'Whether the call writes data. Writes are never resent after a timeout, so that nothing is done twice.',
		},
	],
	async execute(ctx, client, i) {
		const path = requiredText(ctx, 'path', 'Path', i);
		if (!/^\/[A-Za-z0-9_\-./]*$/.test(path) || path.includes('//') || path.includes('..')) {
			throw inputError(ctx.getNode(), 'Path', `"${path}" must be a path such as /cgi-bin/tags/get (no host, no "..")`, i);
		}
		const method = ctx.getNodeParameter('method', i, 'POST') === 'GET' ? 'GET' : 'POST';
		const query: Record<string, string> = {};
		for (const [key, value] of Object.entries(jsonObject(ctx, 'query', 'Query Parameters (JSON)', i))) {
			if (key.toLowerCase() === 'access_token') continue;
			if (value !== null && typeof value === 'object') throw inputError(ctx.getNode(), 'Query Parameters (JSON)', `"${key}" must be a plain value`, i);
			query[key] = String(value ?? '');
		}
		const body = method === 'POST' ? jsonObject(ctx, 'body', 'Body (JSON)', i) : undefined;
		const write = ctx.getNodeParameter('write', i, false) === true;
		const answer = await client.raw(method, path, query, body, write, i);
		if (Array.isArray(answer)) return answer as IDataObject[];
		if (answer && typeof answer === 'object') return answer as IDataObject;
		return { data: answer as string };
	},
};
