import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import type { XiaoeClient } from '../../client';

/** Any Xiaoe API by name and version, with the token, retries and error handling of this node. */
export const apiCall: OperationModule<XiaoeClient> = {
	name: 'API Call',
	action: 'Call any Xiaoe API (自定义接口调用)',
	description: 'Any Xiaoe API by name and version, with the token, retries and error handling of this node',
	properties: [
		{
			displayName: 'API',
			name: 'api',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'xe.user.tag.list/1.0.0',
			description: 'API name and version as in the Xiaoe docs (the path after the base URL)',
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '{}',
			description: 'Request body without access_token (the node adds it)',
		},
		{
			displayName: 'Changes Data',
			name: 'write',
			type: 'boolean',
			default: false,
			description: 'Whether the call writes data. Writes are never retried after a timeout, so that nothing is done twice.',
		},
		{
			displayName: 'Split List Into Items',
			name: 'split',
			type: 'boolean',
			default: true,
			description: 'Whether to output one item per record when the answer holds a list (data.list, data.collection_list, data.data)',
		},
	],
	async execute(ctx, client, i) {
		const api = String(ctx.getNodeParameter('api', i, '')).trim().replace(/^\/+/, '');
		if (!/^[\w.]+\/\d+\.\d+\.\d+$/.test(api)) {
			throw inputError(ctx.getNode(), 'API', `"${api}" is not an API name with version, e.g. xe.user.tag.list/1.0.0`, i);
		}
		const rawBody = ctx.getNodeParameter('body', i, '{}') as unknown;
		let body: IDataObject;
		try {
			body = typeof rawBody === 'string' ? jsonParse<IDataObject>(rawBody || '{}') : (rawBody as IDataObject);
		} catch {
			throw inputError(ctx.getNode(), 'Body (JSON)', 'is not valid JSON', i);
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw inputError(ctx.getNode(), 'Body (JSON)', 'must be a JSON object', i);
		delete body.access_token;
		const write = ctx.getNodeParameter('write', i, false) as boolean;
		const data = await client.call(api, body, { write, itemIndex: i });
		if (ctx.getNodeParameter('split', i, true) && data && typeof data === 'object' && !Array.isArray(data)) {
			const d = data as IDataObject;
			const list = [d.list, d.collection_list, d.data].find(Array.isArray) as IDataObject[] | undefined;
			if (list) return list;
		}
		if (Array.isArray(data)) return data as IDataObject[];
		return { data: data as IDataObject };
	},
};
