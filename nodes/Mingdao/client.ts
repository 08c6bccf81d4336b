import type { ICredentialDataDecryptedObject, IHttpRequestMethods } from 'n8n-workflow';
import type { HttpContext } from '../core/types';
import { callApi } from '../core/callApi';
import { mingdaoAdapter, mingdaoCredentials } from './adapter';
import type { MingdaoCredentials } from './adapter';

/** Anything that can give us the credential: execute, load-options and list-search contexts. */
interface CredentialContext extends HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

export const CREDENTIAL = 'mingdaoApi';

/**
 * The v3 API as the operations see it: `v3('GET', '/app')` → the answer's `data`. One client lives for one
 * execution (model files cache per client what one execution needs once, e.g. worksheet structures).
 */
export class MingdaoClient {
	constructor(
		readonly ctx: HttpContext,
		readonly creds: MingdaoCredentials,
	) {}

	static async from(ctx: CredentialContext): Promise<MingdaoClient> {
		return new MingdaoClient(ctx, mingdaoCredentials(await ctx.getCredentials(CREDENTIAL)));
	}

	/** Reads (GET, rows/list) are retried on transient failures; writes only when certainly not run (throttled). */
	async v3(
		method: IHttpRequestMethods,
		path: string,
		body?: Record<string, unknown>,
		options: { itemIndex?: number; qs?: Record<string, string | number | boolean> } = {},
	): Promise<unknown> {
		const idempotent = method === 'GET' || path.endsWith('/rows/list');
		const answer = (await callApi(
			this.ctx,
			mingdaoAdapter,
			this.creds,
			// One rate bucket per kind of call, not per row id.
			{ method, path: `/v3${path}`, body, qs: options.qs, idempotent, endpoint: `${method} ${path.replace(/\/rows\/[^/]+$/, '/rows/:id')}` },
			{ itemIndex: options.itemIndex },
		)) as { data?: unknown };
		return answer.data;
	}

	/** Path prefix of a worksheet's rows. */
	rowsPath(worksheetId: string): string {
		return `/app/worksheets/${encodeURIComponent(worksheetId)}/rows`;
	}
}
