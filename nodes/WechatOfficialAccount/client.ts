import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { HttpContext } from '../core/types';
import { callApi } from '../core/callApi';
import { unexpectedResponse } from '../core/errors';
import { WECHAT, wechatAdapter, wechatCredentials } from './adapter';
import type { WechatCredentials } from './adapter';

interface CredentialContext extends HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export const CREDENTIAL = 'wechatOfficialAccountApi';

/**
 * The WeChat API as operations see it: `get(path, query)` and `post(path, body)` return the answer as an object,
 * without `errcode`/`errmsg` (the adapter has already turned any error code into a NodeApiError).
 */
export class WechatClient {
	constructor(
		readonly ctx: HttpContext,
		readonly creds: WechatCredentials,
	) {}

	static async from(ctx: CredentialContext): Promise<WechatClient> {
		return new WechatClient(ctx, wechatCredentials(await ctx.getCredentials(CREDENTIAL)));
	}

	async get(path: string, qs: Record<string, string> = {}, options: { itemIndex?: number } = {}): Promise<IDataObject> {
		const body = await callApi(this.ctx, wechatAdapter, this.creds, { method: 'GET', path, qs, idempotent: true }, options);
		return this.answer(body, options.itemIndex);
	}

	/**
	 * POST JSON. Reads are resent after timeouts and busy answers; writes (`write: true`) only when WeChat certainly
	 * did not run them. `idempotentWrite` marks a write WeChat de-duplicates itself (template messages with a
	 * client_msg_id), which may then be resent like a read.
	 */
	async post(
		path: string,
		body: IDataObject,
		options: { write?: boolean; idempotentWrite?: boolean; itemIndex?: number; qs?: Record<string, string> } = {},
	): Promise<IDataObject> {
		const idempotent = !options.write || options.idempotentWrite === true;
		const answer = await callApi(
			this.ctx,
			wechatAdapter,
			this.creds,
			{ method: 'POST', path, body, qs: options.qs, idempotent },
			{ itemIndex: options.itemIndex },
		);
		return this.answer(answer, options.itemIndex);
	}

	/** Any path (Custom API Call): the raw answer, whatever its shape. */
	async raw(method: 'GET' | 'POST', path: string, qs: Record<string, string>, body: unknown, write: boolean, itemIndex: number) {
		return callApi(this.ctx, wechatAdapter, this.creds, { method, path, qs, body: method === 'GET' ? undefined : body, idempotent: !write }, { itemIndex });
	}

	private answer(body: unknown, itemIndex?: number): IDataObject {
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			throw unexpectedResponse(this.ctx.getNode(), WECHAT, `expected a JSON object, got ${JSON.stringify(body)?.slice(0, 100)}`, itemIndex);
		}
		const rest: IDataObject = { ...(body as IDataObject) };
		delete rest.errcode;
		delete rest.errmsg;
		return rest;
	}
}
