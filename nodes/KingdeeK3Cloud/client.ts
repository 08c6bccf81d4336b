import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { request } from '../core/callApi';
import { inputError, unexpectedResponse } from '../core/errors';
import type { ApiResult, HttpContext } from '../core/types';
import { kingdeeAdapter, KINGDEE } from './adapter';
import { readAnswer } from './answers';
import { kingdeeCredentials } from './credentials';
import type { KingdeeCredentials } from './credentials';
import { appIdProblem } from './sign';
import { rowsToObjects } from './values';

interface CredentialContext extends HttpContext {
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}

const STUB = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';

/** The WebAPI services the node uses (`{ServerUrl}{service}.common.kdsvc`, Python SDK main.py). */
export const SERVICES = {
	executeBillQuery: `${STUB}.ExecuteBillQuery`,
	view: `${STUB}.View`,
	save: `${STUB}.Save`,
	batchSave: `${STUB}.BatchSave`,
	draft: `${STUB}.Draft`,
	submit: `${STUB}.Submit`,
	audit: `${STUB}.Audit`,
	unAudit: `${STUB}.UnAudit`,
	delete: `${STUB}.Delete`,
	push: `${STUB}.Push`,
} as const;

/** ExecuteBillQuery rows per call: the documented maximum before patch 23.11 (10 000 after), safe on both. */
export const QUERY_PAGE_SIZE = 2000;

export interface QueryParams {
	formId: string;
	fieldKeys: string[];
	/** SQL-like filter string, or the documented array form. */
	filter?: string | IDataObject[];
	order?: string;
	/** Stop after this many rows; undefined = all. */
	limit?: number;
	pageSize?: number;
}

/** The WebAPI as operations see it: one call = one service, answers classified by the adapter. */
export class KingdeeClient {
	constructor(
		readonly ctx: HttpContext,
		readonly creds: KingdeeCredentials,
	) {}

	static async from(ctx: CredentialContext): Promise<KingdeeClient> {
		const creds = kingdeeCredentials(await ctx.getCredentials('kingdeeK3CloudApi'));
		if (!creds.serverUrl) throw inputError(ctx.getNode(), 'Credential Server URL', 'is empty');
		if (creds.authMode !== 'passwordLogin') {
			const problem = appIdProblem(creds.appId);
			if (problem) throw inputError(ctx.getNode(), 'Credential App ID', problem);
		}
		return new KingdeeClient(ctx, creds);
	}

	/** One service call. Reads may be resent after a timeout; writes only when Kingdee certainly did not run them. */
	async call(service: string, body: IDataObject, options: { write: boolean; itemIndex?: number }): Promise<ApiResult> {
		return request(
			this.ctx,
			kingdeeAdapter,
			this.creds,
			{ method: 'POST', path: `/${service}.common.kdsvc`, body, idempotent: !options.write, endpoint: service },
			{ itemIndex: options.itemIndex },
		);
	}

	/** A form service: body `{formid, data}` (Python SDK main.py). */
	async form(
		service: string,
		formId: string,
		data: IDataObject,
		options: { write: boolean; itemIndex?: number },
	): Promise<ApiResult> {
		return this.call(service, { formid: formId, data }, options);
	}

	/** ExecuteBillQuery, paged with StartRow/Limit until a short page; rows as objects keyed by field key. */
	async query(params: QueryParams, itemIndex?: number): Promise<IDataObject[]> {
		const pageSize = params.pageSize ?? QUERY_PAGE_SIZE;
		const out: IDataObject[] = [];
		for (let startRow = 0; ; startRow += pageSize) {
			const wanted = params.limit === undefined ? pageSize : Math.min(pageSize, params.limit - out.length);
			const data: IDataObject = {
				FormId: params.formId,
				FieldKeys: params.fieldKeys.join(','),
				StartRow: startRow,
				Limit: wanted,
			};
			if (params.filter !== undefined && params.filter !== '') data.FilterString = params.filter;
			if (params.order) data.OrderString = params.order;
			const { body } = await this.call(SERVICES.executeBillQuery, { data }, { write: false, itemIndex });
			const answer = readAnswer(body);
			if (answer.kind !== 'rows')
				throw unexpectedResponse(this.ctx.getNode(), KINGDEE, 'ExecuteBillQuery did not answer rows', itemIndex);
			out.push(...rowsToObjects(params.fieldKeys, answer.rows));
			if (answer.rows.length < wanted || (params.limit !== undefined && out.length >= params.limit)) return out;
		}
	}
}
