import type { IDataObject } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';

/**
 * Any Fxiaoke endpoint: POST with a JSON body; the token, corpId and operator are added to the body. Output: the
 * whole answer. Writes are not resent after a lost answer unless marked safe to retry.
 */
export const apiCall: OperationModule<FxiaokeClient> = {
	name: 'Custom API Call',
	action: 'Call any Fxiaoke API (自定义接口调用)',
	properties: [
		{ displayName: 'Path', name: 'path', type: 'string', default: '', required: true, placeholder: '/cgi/crm/v2/data/query', description: 'Path under the Base URL, starting with /' },
		{ displayName: 'Body (JSON)', name: 'body', type: 'json', default: '{\n  "data": {}\n}', description: 'The token (corpAccessToken), corpId and currentOpenUserId are added for you' },
		{ displayName: 'Safe to Retry', name: 'idempotent', type: 'boolean', default: false, description: 'Whether the call only reads, so it may be resent after a timeout or a server error' },
	],
	async execute(ctx, client, i) {
		const path = String(ctx.getNodeParameter('path', i, '') ?? '').trim();
		if (!path.startsWith('/') || path.includes('://')) throw inputError(ctx.getNode(), 'Path', `"${path}" must be a path starting with /`, i);
		const raw = ctx.getNodeParameter('body', i, '{}') as unknown;
		let body: IDataObject;
		try {
			body = (typeof raw === 'string' ? JSON.parse(raw || '{}') : raw) as IDataObject;
		} catch (error) {
			throw inputError(ctx.getNode(), 'Body (JSON)', `is not valid JSON: ${(error as Error).message}`, i);
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) throw inputError(ctx.getNode(), 'Body (JSON)', 'must be a JSON object', i);
		return client.call(path, body, { idempotent: ctx.getNodeParameter('idempotent', i, false) as boolean, itemIndex: i });
	},
};
