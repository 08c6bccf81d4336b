/**
 * Fxiaoke (纷享销客) against its public record (test/fixtures/fxiaoke/, each fact with its source):
 * (a) each documented answer, served over HTTP, read by the real node code: what a user gets;
 * (b) every answer the emulator gives in a representative run fits the documented shapes;
 * (c) every request the client sends fits the documented request shapes.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startHttpServer } from '../emulators/common/server';
import type { EmuRequest, RunningServer } from '../emulators/common/server';
import { startFxiaokeEmulator } from '../emulators/fxiaoke';
import type { FxiaokeEmulator } from '../emulators/fxiaoke';
import { fxiaokeCreds } from '../emulators/fxiaoke/testing';
import { check, fixture, schemaOf } from '../fixtures/fxiaoke/contract';
import type { Shape } from '../fixtures/fxiaoke/contract';
import { executeContext } from '../support/context';
import { Fxiaoke } from '../../nodes/Fxiaoke/Fxiaoke.node';
import { classifyBody } from '../../nodes/Fxiaoke/adapter';
import { sessionCache } from '../../nodes/core/sessionCache';

interface Fx {
	request: { example?: IDataObject; body?: Shape; query?: Shape; limitMax?: number; filterShape?: Shape; orderShape?: Shape; operators?: string[] };
	response: { example: IDataObject; shape?: Shape; recordShape?: Shape };
}
const token = fixture<Fx>('token');
const query = fixture<Fx>('query');
const create = fixture<Fx>('create');
const byMobile = fixture<Fx>('getByMobile');
const envelope = fixture<{ shape: Shape; example: IDataObject; tokenCodes: Array<{ code: number }>; commonBody: { shape: Shape } }>('envelope');
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const node = new Fxiaoke();
async function run(baseUrl: string, parameters: IDataObject, creds: IDataObject = {}): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ parameters, credentials: { fxiaokeApi: fxiaokeCreds({ url: baseUrl }, creds) } });
	return (await node.execute.call(ctx))[0];
}

describe('(a) documented answers through the node', () => {
	let stub: RunningServer;
	let answers: Record<string, IDataObject[]>;
	const seen: EmuRequest[] = [];
	beforeAll(async () => {
		stub = await startHttpServer((req) => {
			seen.push(req);
			const queue = answers[req.path];
			if (!queue?.length) return { status: 404, body: 'no answer queued' };
			return { body: queue.length > 1 ? queue.shift() : queue[0] };
		});
	});
	afterAll(async () => stub.close());
	beforeEach(() => {
		sessionCache.clear();
		seen.length = 0;
		answers = { '/cgi/corpAccessToken/get/V2': [clone(token.response.example)] };
	});

	it('the documented envelope example is success; 20016 and 20005 (official demo) mean "fetch the token again"', () => {
		check(schemaOf(envelope.shape), envelope.example, 'envelope example');
		expect(classifyBody(envelope.example)).toBe('ok');
		for (const { code } of envelope.tokenCodes) expect(classifyBody({ ...envelope.example, errorCode: code })).toBe('token');
	});

	it('query example → Get Many gives the rows of data.dataList as they are (times in ms, money as text)', async () => {
		answers['/cgi/crm/v2/data/query'] = [clone(query.response.example)];
		const out = await run(stub.url, { resource: 'crmObject', operation: 'getMany', object: { mode: 'id', value: 'PaymentObj' }, returnAll: false, limit: 2, filters: {}, options: {} });
		expect(out.map((o) => o.json)).toEqual((query.response.example.data as IDataObject).dataList);
		const sent = seen.find((r) => r.path === '/cgi/crm/v2/data/query')!.body as IDataObject;
		// The apifox request example, plus the node's stable order and total-less paging.
		expect((sent.data as IDataObject).dataObjectApiName).toBe('PaymentObj');
		expect(((sent.data as IDataObject).search_query_info as IDataObject).limit).toBe(2);
		expect(sent.corpAccessToken).toBe(token.response.example.corpAccessToken);
		expect(sent.corpId).toBe(token.response.example.corpId);
	});

	it('20016 on a call: the token is fetched again once and the call resent', async () => {
		answers['/cgi/crm/v2/data/query'] = [{ ...envelope.example, errorCode: 20016, errorMessage: 'corpAccessToken不存在或者已经过期' }, clone(query.response.example)];
		const out = await run(stub.url, { resource: 'crmObject', operation: 'getMany', object: { mode: 'id', value: 'PaymentObj' }, returnAll: false, limit: 2, filters: {}, options: {} });
		expect(out).toHaveLength(1);
		expect(seen.filter((r) => r.path === '/cgi/corpAccessToken/get/V2')).toHaveLength(2);
	});

	it('create example → Create gives { _id: dataId, …fields }', async () => {
		answers['/cgi/crm/v2/object/describe'] = [{ ...envelope.example, data: { describe: { api_name: 'WebImVisitorObj', fields: { name: { api_name: 'name', label: 'Name', type: 'text' } } } } }];
		answers['/cgi/crm/v2/data/create'] = [clone(create.response.example)];
		const out = await run(stub.url, { resource: 'crmObject', operation: 'create', object: { mode: 'id', value: 'WebImVisitorObj' }, fields: { mappingMode: 'defineBelow', value: { name: 'hello' } }, options: {} });
		expect(out[0].json).toEqual({ _id: create.response.example.dataId, name: 'hello' });
		const sent = seen.find((r) => r.path === '/cgi/crm/v2/data/create')!.body as IDataObject;
		expect((sent.data as IDataObject).object_data).toEqual(((create.request.example as IDataObject).data as IDataObject).object_data);
	});

	it('an error answer shows the code and message (never branching on the message)', async () => {
		answers['/cgi/crm/v2/data/query'] = [{ ...envelope.example, errorCode: 123456, errorMessage: 'something refused', errorDescription: 'details here' }];
		await expect(run(stub.url, { resource: 'crmObject', operation: 'getMany', object: { mode: 'id', value: 'PaymentObj' }, returnAll: false, limit: 2, filters: {}, options: {} })).rejects.toThrow(
			/Fxiaoke \(纷享销客\) API error 123456: something refused \(details here\)/,
		);
	});

	it('getByMobile example → User › Get by Mobile gives the employees; as operator source it gives currentOpenUserId', async () => {
		answers['/cgi/user/getByMobile'] = [clone(byMobile.response.example)];
		const out = await run(stub.url, { resource: 'user', operation: 'getByMobile', mobile: '13800000000' });
		expect(out.map((o) => o.json)).toEqual(byMobile.response.example.empList);
		sessionCache.clear();
		answers['/cgi/crm/v2/data/query'] = [clone(query.response.example)];
		await run(stub.url, { resource: 'crmObject', operation: 'getMany', object: { mode: 'id', value: 'PaymentObj' }, returnAll: false, limit: 2, filters: {}, options: {} }, { operatorMode: 'mobile', operatorMobile: '13800000000' });
		const sent = seen.filter((r) => r.path === '/cgi/crm/v2/data/query').pop()!.body as IDataObject;
		expect(sent.currentOpenUserId).toBe((byMobile.response.example.empList as IDataObject[])[0].openUserId);
	});
});

describe('(b) emulator answers and (c) client requests in a representative run', () => {
	let emu: FxiaokeEmulator;
	beforeAll(async () => {
		emu = await startFxiaokeEmulator({ records: { AccountObj: 260, object_erp_order__c: 30 } });
		sessionCache.clear();
		const o = (value: string) => ({ mode: 'id', value });
		await run(emu.url, { resource: 'crmObject', operation: 'getMany', object: o('AccountObj'), returnAll: true, filters: { conditions: [{ field: 'account_level', operator: 'IN', value: '1,2' }, { field: 'name', operator: 'LIKE', value: '客户' }] }, options: { sortBy: 'last_modified_time' } }, { operatorMode: 'mobile', operatorMobile: '13800000001' });
		const created = await run(emu.url, { resource: 'crmObject', operation: 'create', object: o('object_erp_order__c'), fields: { mappingMode: 'defineBelow', value: { name: 'C1', field_amount__c: 3 } }, options: { triggerWorkFlow: false } });
		const id = String(created[0].json._id);
		await run(emu.url, { resource: 'crmObject', operation: 'get', object: o('object_erp_order__c'), recordId: id });
		await run(emu.url, { resource: 'crmObject', operation: 'update', object: o('object_erp_order__c'), recordId: id, fields: { mappingMode: 'defineBelow', value: { name: 'C2' } }, options: {} });
		await run(emu.url, { resource: 'crmObject', operation: 'delete', object: o('object_erp_order__c'), recordId: id, invalidateFirst: true });
		await run(emu.url, { resource: 'crmObject', operation: 'get', object: o('object_erp_order__c'), recordId: id }).catch(() => undefined);
		await run(emu.url, { resource: 'user', operation: 'getByMobile', mobile: '13800000002' });
		await run(emu.url, { resource: 'user', operation: 'get', openUserId: 'FSUID_SALES0002' });
		await run(emu.url, { resource: 'user', operation: 'getMany', departmentId: 1001, fetchChild: true, returnAll: true });
		emu.state.expireAllTokens();
		await run(emu.url, { resource: 'crmObject', operation: 'upsert', object: o('AccountObj'), fields: { mappingMode: 'defineBelow', matchingColumns: ['account_no'], value: { account_no: 'C000001', name: 'renamed' } }, options: {} });
	});
	afterAll(async () => emu.close());

	const exchanges = () => emu.state.requests;

	it('the run touched every endpoint the node uses', () => {
		const paths = new Set(exchanges().map((e) => e.path));
		for (const p of ['/cgi/corpAccessToken/get/V2', '/cgi/user/getByMobile', '/cgi/crm/v2/data/query', '/cgi/crm/custom/v2/data/create', '/cgi/crm/custom/v2/data/get', '/cgi/crm/custom/v2/data/update', '/cgi/crm/custom/v2/data/invalid', '/cgi/crm/custom/v2/data/delete', '/cgi/crm/v2/object/describe', '/cgi/user/get', '/cgi/user/list', '/cgi/crm/v2/data/update']) {
			expect(paths).toContain(p);
		}
		expect(exchanges().some((e) => (e.response as IDataObject)?.errorCode === 20016)).toBe(true);
	});

	it('(b) every answer has the documented envelope; token, query, create and getByMobile answers their documented shapes', () => {
		const env = schemaOf(envelope.shape);
		const tokenShape = schemaOf(token.response.shape!);
		const recordShape = schemaOf(query.response.recordShape!);
		const createShape = schemaOf(create.response.shape!);
		const mobileShape = schemaOf(byMobile.response.shape!);
		for (const e of exchanges()) {
			const body = e.response as IDataObject;
			check(env, body, `${e.path} answer`);
			if (body.errorCode !== 0) continue;
			if (e.path.endsWith('/corpAccessToken/get/V2')) check(tokenShape, body, 'token answer');
			if (e.path.endsWith('/data/query')) for (const r of (body.data as IDataObject).dataList as IDataObject[]) check(recordShape, r, 'query row');
			if (e.path.endsWith('/data/create')) check(createShape, body, 'create answer');
			if (e.path === '/cgi/user/getByMobile') check(mobileShape, body, 'getByMobile answer');
			if (e.path.endsWith('/corpAccessToken/get/V2')) expect(Number(body.expiresIn)).toBeLessThanOrEqual(7200);
		}
	});

	it('(c) every request fits the documented request shapes', () => {
		const tokenBody = schemaOf(token.request.body!);
		const common = schemaOf(envelope.commonBody.shape);
		const mobileBody = schemaOf(byMobile.request.body!);
		const filterShape = schemaOf(query.request.filterShape!);
		const orderShape = schemaOf(query.request.orderShape!);
		for (const e of exchanges()) {
			const body = e.body as IDataObject;
			if (e.path === '/cgi/corpAccessToken/get/V2') {
				check(tokenBody, body, 'token request');
				expect(Object.keys(body).sort()).toEqual(['appId', 'appSecret', 'permanentCode']);
				expect(e.query?.thirdTraceId).toMatch(/\S/);
				continue;
			}
			if (e.path === '/cgi/user/getByMobile') {
				check(mobileBody, body, 'getByMobile request');
				continue;
			}
			if (!e.path.startsWith('/cgi/crm/')) continue;
			check(common, body, `${e.path} request`);
			const data = body.data as IDataObject;
			if (e.path.endsWith('/data/query')) {
				const info = data.search_query_info as IDataObject;
				expect(Number(info.limit)).toBeLessThanOrEqual(query.request.limitMax!);
				expect(Number(info.offset) % Number(info.limit)).toBe(0);
				for (const f of info.filters as IDataObject[]) {
					check(filterShape, f, 'filter');
					expect(query.request.operators).toContain(f.operator);
				}
				for (const o of (info.orders as IDataObject[]) ?? []) check(orderShape, o, 'order');
				expect(typeof data.dataObjectApiName).toBe('string');
			}
			if (e.path.endsWith('/data/create')) {
				expect(typeof (data.object_data as IDataObject).dataObjectApiName).toBe('string');
				for (const flag of ['triggerApprovalFlow', 'triggerWorkFlow']) if (flag in body) expect(typeof body[flag]).toBe('boolean');
			}
		}
	});
});
