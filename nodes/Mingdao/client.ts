import type { ICredentialDataDecryptedObject, IHttpRequestMethods } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { HttpContext } from '../core/types';
import { callApi } from '../core/callApi';
import { mingdaoAdapter, mingdaoCredentials } from './adapter';
import type { MingdaoCredentials } from './adapter';
import { readWorksheet } from './fields';
import type { Worksheet } from './fields';

/** Anything that can give us the credential: execute, load-options and list-search contexts. */
interface CredentialContext extends HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

/**
 * The v3 API as the operations see it: `v3('GET', '/app')` → the answer's `data`. One client lives for one
 * execution, so the worksheet structures it caches are fetched once per execution, not once per item.
 */
export class MingdaoClient {
	private structures = new Map<string, Promise<Worksheet>>();

	constructor(
		readonly ctx: HttpContext,
		readonly creds: MingdaoCredentials,
	) {}

	static async from(ctx: CredentialContext): Promise<MingdaoClient> {
		return new MingdaoClient(ctx, mingdaoCredentials(await ctx.getCredentials('mingdaoApi')));
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

	/** The worksheet's fields (GET /v3/app/worksheets/{id or alias}), cached for this execution. */
	async worksheet(idOrAlias: string, itemIndex?: number): Promise<Worksheet> {
		const key = idOrAlias.trim();
		if (!key) throw new NodeOperationError(this.ctx.getNode(), 'Worksheet: choose a worksheet or enter its ID or alias', { itemIndex });
		let pending = this.structures.get(key);
		if (!pending) {
			pending = this.v3('GET', `/app/worksheets/${encodeURIComponent(key)}`, undefined, { itemIndex }).then((data) =>
				readWorksheet(this.ctx.getNode(), data, itemIndex),
			);
			// A failed fetch is not cached: the next item may succeed after a transient error.
			pending.catch(() => this.structures.delete(key));
			this.structures.set(key, pending);
		}
		return pending;
	}

	/** Path prefix of a worksheet's rows. */
	rowsPath(worksheet: Worksheet): string {
		return `/app/worksheets/${encodeURIComponent(worksheet.id)}/rows`;
	}
}
