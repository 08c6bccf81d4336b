import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { callApi } from '../core/callApi';
import { parseResponse } from '../core/validate';
import type { HttpContext } from '../core/types';
import { FXIAOKE, fxiaokeAdapter, fxiaokeCredentials } from './adapter';
import type { FxiaokeCredentials } from './adapter';
import { parseDescribe } from './fields';
import type { ObjectInfo } from './fields';
import { createAnswer, getAnswer, queryAnswer } from './schema';

/** One query condition as the v2 query takes it (`field_values` is always a list of strings). */
export interface Condition {
	field_name: string;
	field_values: string[];
	operator: string;
}

export interface SearchQueryInfo {
	limit: number;
	offset: number;
	filters: Condition[];
	orders: Array<{ fieldName: string; isAsc: boolean }>;
	fieldProjection?: string[];
}

export interface WriteOptions {
	/** Both default to true in Fxiaoke (official create page). */
	triggerApprovalFlow?: boolean;
	triggerWorkFlow?: boolean;
}

/** Preset objects live under /cgi/crm/v2/data, custom `…__c` objects under /cgi/crm/custom/v2/data. */
export function dataPath(apiName: string, op: string): string {
	return apiName.endsWith('__c') ? `/cgi/crm/custom/v2/data/${op}` : `/cgi/crm/v2/data/${op}`;
}

/** The Fxiaoke API as operations see it: CRM records, object descriptions, employees. No UI here. */
export class FxiaokeClient {
	private describes = new Map<string, Promise<ObjectInfo>>();

	constructor(
		readonly ctx: HttpContext,
		readonly creds: FxiaokeCredentials,
	) {}

	static async from(ctx: IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions): Promise<FxiaokeClient> {
		return new FxiaokeClient(ctx, fxiaokeCredentials(await ctx.getCredentials('fxiaokeApi')));
	}

	/** One call; the adapter adds the token, corpId and operator to the body. */
	async call(path: string, body: IDataObject, options: { idempotent: boolean; itemIndex?: number }): Promise<IDataObject> {
		const answer = await callApi(this.ctx, fxiaokeAdapter, this.creds, { method: 'POST', path, body, idempotent: options.idempotent }, { itemIndex: options.itemIndex });
		return (answer ?? {}) as IDataObject;
	}

	async query(apiName: string, info: SearchQueryInfo, itemIndex?: number): Promise<{ rows: IDataObject[]; total?: number }> {
		const body = await this.call(
			dataPath(apiName, 'query'),
			{ data: { dataObjectApiName: apiName, find_explicit_total_num: false, search_query_info: info } },
			{ idempotent: true, itemIndex },
		);
		const { data } = parseResponse(this.ctx.getNode(), FXIAOKE, queryAnswer, body, itemIndex);
		return { rows: (data.dataList ?? []) as IDataObject[], total: data.total ?? undefined };
	}

	async get(apiName: string, id: string, itemIndex?: number): Promise<IDataObject> {
		const body = await this.call(dataPath(apiName, 'get'), { data: { dataObjectApiName: apiName, objectDataId: id } }, { idempotent: true, itemIndex });
		return parseResponse(this.ctx.getNode(), FXIAOKE, getAnswer, body, itemIndex).data as IDataObject;
	}

	async create(apiName: string, values: IDataObject, options: WriteOptions, itemIndex?: number): Promise<string> {
		const body = await this.call(
			dataPath(apiName, 'create'),
			{ ...flowFlags(options), data: { object_data: { dataObjectApiName: apiName, ...values } } },
			{ idempotent: false, itemIndex },
		);
		return parseResponse(this.ctx.getNode(), FXIAOKE, createAnswer, body, itemIndex).dataId;
	}

	async update(apiName: string, id: string, values: IDataObject, options: WriteOptions, itemIndex?: number): Promise<void> {
		await this.call(
			dataPath(apiName, 'update'),
			{ ...flowFlags(options), data: { object_data: { dataObjectApiName: apiName, _id: id, ...values } } },
			{ idempotent: false, itemIndex },
		);
	}

	/** 作废: the record stays, with life status "invalid"; only invalidated records can be deleted. */
	async invalidate(apiName: string, id: string, itemIndex?: number): Promise<void> {
		await this.call(dataPath(apiName, 'invalid'), { data: { dataObjectApiName: apiName, object_data_id: id } }, { idempotent: false, itemIndex });
	}

	async remove(apiName: string, ids: string[], itemIndex?: number): Promise<void> {
		await this.call(dataPath(apiName, 'delete'), { data: { dataObjectApiName: apiName, idList: ids } }, { idempotent: false, itemIndex });
	}

	/** The object's fields, fetched once per client (one node run). */
	describe(apiName: string, itemIndex?: number): Promise<ObjectInfo> {
		let pending = this.describes.get(apiName);
		if (!pending) {
			pending = this.call(
				'/cgi/crm/v2/object/describe',
				// Clients send apiName at the top level or in data; both are sent.
				{ apiName, includeDetail: false, data: { apiName } },
				{ idempotent: true, itemIndex },
			).then((body) => parseDescribe(apiName, body));
			pending.catch(() => this.describes.delete(apiName));
			this.describes.set(apiName, pending);
		}
		return pending;
	}

	async listObjects(): Promise<Array<{ apiName: string; label: string; custom: boolean }>> {
		const body = await this.call('/cgi/crm/v2/object/list', {}, { idempotent: true });
		const data = (body.data ?? {}) as IDataObject;
		const list = (Array.isArray(data) ? data : (data.objects ?? data.describes ?? body.objects ?? [])) as IDataObject[];
		return list
			.map((o) => {
				const apiName = String(o.describeApiName ?? o.apiName ?? o.api_name ?? '');
				return { apiName, label: String(o.describeDisplayName ?? o.displayName ?? o.display_name ?? o.label ?? apiName), custom: apiName.endsWith('__c') };
			})
			.filter((o) => o.apiName);
	}
}

function flowFlags(options: WriteOptions): IDataObject {
	const out: IDataObject = {};
	if (options.triggerApprovalFlow !== undefined) out.triggerApprovalFlow = options.triggerApprovalFlow;
	if (options.triggerWorkFlow !== undefined) out.triggerWorkFlow = options.triggerWorkFlow;
	return out;
}

/** An answer without its envelope (what user operations output). */
export function withoutEnvelope(body: IDataObject): IDataObject {
	const out = { ...body };
	for (const k of ['errorCode', 'errorMessage', 'errorDescription', 'traceId']) delete out[k];
	return out;
}
