/**
 * The endpoints: token, user lookup, object list/description, and the v2 data endpoints for preset
 * (`/cgi/crm/v2/data/*`) and custom (`/cgi/crm/custom/v2/data/*`) objects, with the envelope
 * `{traceId, errorCode, errorMessage, errorDescription, …}` of the official pages.
 */
import type { EmuResponse } from '../common/server';
import { CODES } from './codes';
import type { CodeName } from './codes';
import { matches, OPERATORS, sortRecords } from './query';
import type { Filter, Order, Rec } from './query';
import type { FxiaokeState } from './state';

export type Body = Record<string, unknown>;

let traceSeq = 0;
const traceId = () => `E-O.emu.${++traceSeq}-${Date.now().toString(16)}`;

export function answer(extra: Body = {}): EmuResponse {
	return { body: { traceId: traceId(), errorCode: 0, errorMessage: 'OK', errorDescription: 'success', ...extra } };
}

export function fail(name: CodeName, detail?: string): EmuResponse {
	const [code, message] = CODES[name];
	return { body: { traceId: traceId(), errorCode: code, errorMessage: detail ? `${message}: ${detail}` : message, errorDescription: detail ?? message } };
}

const isObj = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

export function tokenAnswer(s: FxiaokeState, body: Body): EmuResponse {
	if (s.faults.ipBlocked) return fail('ipBlocked');
	if (body.appId !== s.appId || body.appSecret !== s.appSecret) return fail('appSecretWrong');
	if (body.permanentCode !== s.permanentCode) return fail('permanentCodeWrong');
	return answer({ corpId: s.corpId, ...s.issueToken() });
}

/** Routes the authenticated calls; `null` = unknown path. */
export function dataCall(s: FxiaokeState, path: string, body: Body): EmuResponse | null {
	if (path === '/cgi/user/getByMobile') {
		const list = s.employees.filter((e) => e.mobile === String(body.mobile ?? ''));
		return answer({ empList: list.map((e) => ({ ...e })) });
	}
	if (path === '/cgi/user/get') {
		const e = s.employees.find((x) => x.openUserId === body.openUserId);
		return e ? answer({ ...e }) : fail('noData', 'openUserId');
	}
	if (path === '/cgi/user/list' || path === '/cgi/user/simpleList') {
		const dept = Number(body.departmentId);
		const list = s.employees.filter((e) => e.departmentIds.includes(dept) || (body.fetchChild === true && dept === 999999));
		const rows = path === '/cgi/user/simpleList' ? list.map((e) => ({ openUserId: e.openUserId, name: e.name })) : list.map((e) => ({ ...e }));
		return answer({ userList: rows });
	}
	const operator = String(body.currentOpenUserId ?? '');
	if (path.startsWith('/cgi/crm/') && !s.employees.some((e) => e.openUserId === operator)) return fail('noPermission', 'currentOpenUserId');
	if (path === '/cgi/crm/v2/object/list') {
		return answer({ data: { objects: s.describes.map((d) => ({ describeApiName: d.api_name, describeDisplayName: d.display_name, defineType: d.define_type, isActive: true })) } });
	}
	if (path === '/cgi/crm/v2/object/describe') {
		const data = isObj(body.data) ? body.data : {};
		const apiName = String(body.apiName ?? data.apiName ?? '');
		const d = s.describe(apiName);
		return d ? answer({ data: { describe: structuredClone(d) } }) : fail('paramError', `apiName ${apiName}`);
	}
	const m = /^\/cgi\/crm\/(custom\/)?v2\/data\/(\w+)$/.exec(path);
	if (!m) return null;
	const custom = Boolean(m[1]);
	const data = isObj(body.data) ? body.data : {};
	const objectData = isObj(data.object_data) ? data.object_data : {};
	const apiName = String(data.dataObjectApiName ?? objectData.dataObjectApiName ?? '');
	const table = s.table(apiName);
	if (!table) return fail('paramError', `dataObjectApiName ${apiName}`);
	if (custom !== apiName.endsWith('__c')) return fail('paramError', custom ? 'not a custom object' : 'use the custom object path for __c objects');
	switch (m[2]) {
		case 'query':
			return query(s, apiName, data);
		case 'get': {
			const r = table.get(String(data.objectDataId ?? ''));
			return r ? answer({ data: { ...r } }) : fail('noData');
		}
		case 'create':
			return create(s, apiName, objectData);
		case 'update': {
			const id = String(objectData._id ?? '');
			const r = table.get(id);
			if (!r) return fail('noData');
			if (r.life_status === 'invalid') return fail('paramError', '已作废的数据不能编辑');
			const values = { ...objectData };
			delete values._id;
			delete values.dataObjectApiName;
			const bad = unknownFields(s, apiName, values);
			if (bad) return fail('paramError', `field ${bad}`);
			s.update(apiName, id, values);
			s.stat.updates++;
			return answer();
		}
		case 'invalid': {
			const id = String(data.object_data_id ?? '');
			const r = table.get(id);
			if (!r) return fail('noData');
			s.update(apiName, id, { life_status: 'invalid' });
			s.stat.invalidations++;
			return answer();
		}
		case 'delete': {
			const ids = Array.isArray(data.idList) ? data.idList.map(String) : [];
			if (!ids.length) return fail('paramError', 'idList');
			for (const id of ids) {
				const r = table.get(id);
				if (!r) return fail('noData', id);
				if (r.life_status !== 'invalid') return fail('notInvalid', id);
			}
			ids.forEach((id) => table.delete(id));
			s.version++;
			s.stat.deletes += ids.length;
			return answer();
		}
		default:
			return null;
	}
}

function unknownFields(s: FxiaokeState, apiName: string, values: Body): string | undefined {
	const fields = s.describe(apiName)!.fields;
	return Object.keys(values).find((k) => !fields[k] || fields[k].is_readonly);
}

function create(s: FxiaokeState, apiName: string, objectData: Body): EmuResponse {
	const values = { ...objectData };
	delete values.dataObjectApiName;
	const describe = s.describe(apiName)!;
	const bad = unknownFields(s, apiName, values);
	if (bad) return fail('paramError', `field ${bad}`);
	for (const f of Object.values(describe.fields)) {
		if (f.is_required && !f.is_readonly && (values[f.api_name] === undefined || values[f.api_name] === '')) return fail('paramError', `${f.label} 必填`);
		if (f.is_unique && values[f.api_name] !== undefined) {
			const clash = [...s.table(apiName)!.values()].some((r) => r[f.api_name] === values[f.api_name]);
			if (clash) return fail('paramError', `${f.label} 重复`);
		}
	}
	const record = s.insert(apiName, values);
	s.stat.creates++;
	return answer({ dataId: String(record._id) });
}

function query(s: FxiaokeState, apiName: string, data: Body): EmuResponse {
	const info = isObj(data.search_query_info) ? data.search_query_info : {};
	const limit = Number(info.limit ?? 20);
	const offset = Number(info.offset ?? 0);
	if (!Number.isInteger(limit) || limit < 1 || limit > 100) return fail('paramError', 'limit must be 1..100');
	if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) return fail('paramError', 'offset must be a multiple of limit');
	s.stat.maxOffset = Math.max(s.stat.maxOffset, offset);
	if (offset >= s.faults.offsetCeiling) {
		s.stat.offsetCeilingHits++;
		return fail('offsetOutOfRange');
	}
	const filters = (Array.isArray(info.filters) ? info.filters : []) as Filter[];
	for (const f of filters) {
		if (!OPERATORS.includes(f.operator)) return fail('paramError', `operator ${f.operator}`);
		if (!Array.isArray(f.field_values)) return fail('paramError', 'field_values must be a list');
	}
	const orders = (Array.isArray(info.orders) ? info.orders : []) as Order[];
	const cacheKey = `${s.version}|${apiName}|${JSON.stringify(filters)}|${JSON.stringify(orders)}`;
	let rows = s.queryCache.get(cacheKey);
	if (!rows) {
		rows = sortRecords([...s.table(apiName)!.values()].filter((r) => filters.every((f) => matches(r, f))), orders);
		if (s.queryCache.size > 20) s.queryCache.clear();
		s.queryCache.set(cacheKey, rows);
	}
	const projection = Array.isArray(info.fieldProjection) && info.fieldProjection.length ? (info.fieldProjection as string[]) : undefined;
	const page = rows.slice(offset, offset + limit).map((r) => (projection ? Object.fromEntries(['_id', ...projection].map((k) => [k, r[k]])) : { ...r })) as Rec[];
	const out: Body = { dataList: page, offset, limit };
	if (data.find_explicit_total_num !== false) out.total = rows.length;
	return answer({ data: out });
}
