import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { HttpContext } from '../core/types';
import { callApi } from '../core/callApi';
import { xiaoeAdapter, xiaoeCredentials } from './adapter';
import type { XiaoeCredentials } from './adapter';

/** Anything that can give us the credential: execute, poll and load-options contexts. */
interface CredentialContext extends HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/** The Xiaoe API as the operations see it: `call('xe.order.detail/1.0.0', body)` → the answer's `data`. */
export class XiaoeClient {
	constructor(
		readonly ctx: HttpContext,
		readonly creds: XiaoeCredentials,
	) {}

	static async from(ctx: CredentialContext): Promise<XiaoeClient> {
		return new XiaoeClient(ctx, xiaoeCredentials(await ctx.getCredentials('xiaoeApi')));
	}

	/** POST a business API. Reads are retried on transient failures; pass `write: true` for calls that change data. */
	async call(api: string, body: IDataObject = {}, options: { write?: boolean; itemIndex?: number } = {}): Promise<unknown> {
		const path = '/' + api.replace(/^\/+/, '');
		const answer = (await callApi(
			this.ctx,
			xiaoeAdapter,
			this.creds,
			{ method: 'POST', path, body, idempotent: !options.write },
			{ itemIndex: options.itemIndex },
		)) as { data?: unknown };
		return answer.data;
	}
}
