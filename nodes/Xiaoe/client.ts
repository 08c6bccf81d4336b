import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { HttpContext } from '../core/types';
import { callApi } from '../core/transport';
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
		const exchange = trackStatus(this.ctx);
		try {
			const answer = (await callApi(
				exchange.ctx,
				xiaoeAdapter,
				this.creds,
				{ method: 'POST', path, body, idempotent: !options.write },
				{ itemIndex: options.itemIndex },
			)) as { data?: unknown };
			return answer.data;
		} catch (error) {
			throw withoutBusinessHttpCode(error, exchange.lastStatus());
		}
	}
}

/** The same context, remembering the HTTP status of the last exchange (0 when no answer came). */
function trackStatus(ctx: HttpContext): { ctx: HttpContext; lastStatus: () => number } {
	let status = 0;
	const tracked: HttpContext = {
		getNode: () => ctx.getNode(),
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				status = 0;
				const response = await ctx.helpers.httpRequest(options);
				status = Number((response as { statusCode?: unknown } | undefined)?.statusCode) || 0;
				return response;
			},
		},
	};
	return { ctx: tracked, lastStatus: () => status };
}

/**
 * Xiaoe answers its errors with HTTP 200 and a business `code`. Given no HTTP status, n8n's NodeApiError takes
 * that `code` for one, so "2003" would read like an HTTP status. Only an HTTP error status is kept as httpCode;
 * the business code stays in the message and in `apiCode`.
 */
function withoutBusinessHttpCode(error: unknown, lastStatus: number): unknown {
	if (error instanceof NodeApiError && lastStatus < 400) error.httpCode = null;
	return error;
}
