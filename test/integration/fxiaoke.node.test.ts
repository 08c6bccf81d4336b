/**
 * The Fxiaoke node run in-process against the Fxiaoke emulator over HTTP: sessions, large reads past the offset
 * ceiling, upserts (second run writes nothing, lost answers looked up again), CRUD rules, users, errors.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startFxiaokeEmulator } from '../emulators/fxiaoke';
import type { FxiaokeEmulator } from '../emulators/fxiaoke';
import { fxiaokeCreds } from '../emulators/fxiaoke/testing';
import { executeContext } from '../support/context';
import { Fxiaoke } from '../../nodes/Fxiaoke/Fxiaoke.node';
import { sessionCache } from '../../nodes/core/sessionCache';
import { retryPolicy } from '../../nodes/core/retry';
import { walkPolicy } from '../../nodes/Fxiaoke/walk';
import { getFields, getMappingColumns, searchObjects } from '../../nodes/Fxiaoke/methods/objects';
import { httpRequest } from '../support/context';
import type { ILoadOptionsFunctions } from 'n8n-workflow';

let emu: FxiaokeEmulator;
const node = new Fxiaoke();
jest.setTimeout(60_000);

beforeAll(async () => {
	emu = await startFxiaokeEmulator();
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.state.reset();
	sessionCache.clear();
});

async function run(parameters: IDataObject | ((i: number) => IDataObject), options: { items?: IDataObject[]; continueOnFail?: boolean; creds?: IDataObject } = {}): Promise<INodeExecutionData[]> {
	const ctx = executeContext({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { fxiaokeApi: fxiaokeCreds(emu, options.creds) },
	});
	const [out] = await node.execute.call(ctx);
	return out;
}

const obj = (value: string) => ({ mode: 'id', value });

describe('CRM Object › Get Many', () => {
	it('reads 12 000 records past the 10 000 offset ceiling: all of them, none twice, offsets kept below the switch', async () => {
		emu.state.generate('object_erp_order__c', 12_000);
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('object_erp_order__c'), returnAll: true, filters: {}, options: {} });
		const ids = out.map((o) => String(o.json._id));
		expect(ids).toHaveLength(12_000);
		expect(new Set(ids).size).toBe(12_000);
		expect([...ids].sort()).toEqual(emu.state.list('object_erp_order__c').map((r) => String(r._id)).sort());
		const stats = emu.stats();
		expect(stats.offsetCeilingHits).toBe(0);
		expect(stats.maxOffset).toBeLessThan(walkPolicy.switchAt);
		expect(stats.calls['/cgi/crm/custom/v2/data/query']).toBeGreaterThanOrEqual(120);
		expect(stats.tokenFetches).toBe(1);
	});

	it('reads in time order past the switch with many records sharing one millisecond (time + _id cursor)', async () => {
		emu.state.generate('AccountObj', 6_500, { stepMs: 1 }); // three records per millisecond
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: { sortBy: 'last_modified_time', sortDirection: 'desc' } });
		const ids = out.map((o) => String(o.json._id));
		expect(new Set(ids).size).toBe(6_500);
		const times = out.map((o) => Number(o.json.last_modified_time));
		expect(times).toEqual([...times].sort((a, b) => b - a));
	});

	it('filters with documented operators and converts dates in time filters to epoch ms', async () => {
		const recs = emu.state.generate('AccountObj', 30);
		const cut = Number(recs[15].last_modified_time);
		const out = await run({
			resource: 'crmObject',
			operation: 'getMany',
			object: obj('AccountObj'),
			returnAll: true,
			filters: { conditions: [
				{ field: 'account_level', operator: 'IN', value: '1, 2' },
				{ field: 'last_modified_time', operator: 'GTE', value: new Date(cut).toISOString() },
			] },
			options: { fieldProjection: 'name,account_level' },
		});
		const expected = recs.filter((r) => ['1', '2'].includes(String(r.account_level)) && Number(r.last_modified_time) >= cut);
		expect(out.map((o) => o.json._id).sort()).toEqual(expected.map((r) => r._id).sort());
		expect(Object.keys(out[0].json).sort()).toEqual(['_id', 'account_level', 'name']);
		const query = emu.state.requests.find((r) => r.path === '/cgi/crm/v2/data/query')!.body as IDataObject;
		const filters = ((query.data as IDataObject).search_query_info as IDataObject).filters as IDataObject[];
		expect(filters[1]).toEqual({ field_name: 'last_modified_time', field_values: [String(cut)], operator: 'GTE' });
	});

	it('a limit across pages returns exactly that many, in order', async () => {
		emu.state.generate('AccountObj', 300);
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: false, limit: 150, filters: {}, options: { sortBy: 'create_time' } });
		expect(out).toHaveLength(150);
		const expected = emu.state.list('AccountObj').sort((a, b) => Number(a.create_time) - Number(b.create_time) || (String(a._id) < String(b._id) ? -1 : 1)).slice(0, 150);
		expect(out.map((o) => o.json._id)).toEqual(expected.map((r) => r._id));
	});

	it('a limit below one page asks for exactly that many', async () => {
		emu.state.generate('AccountObj', 30);
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: false, limit: 7, filters: {}, options: {} });
		expect(out).toHaveLength(7);
		expect(emu.stats().calls['/cgi/crm/v2/data/query']).toBe(1);
	});

	it('bad filter input names the field and the item', async () => {
		await expect(
			run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: { conditions: [{ field: 'credit_limit', operator: 'BETWEEN', value: '1' }] }, options: {} }),
		).rejects.toThrow(/Filters › Condition 1: BETWEEN needs two comma-separated values, got 1 \(item 1\)/);
	});
});

describe('CRM Object › Upsert', () => {
	const items = (n: number, level = '2') =>
		Array.from({ length: n }, (_, k) => ({ no: `ERP${String(k).padStart(4, '0')}`, name: `客户 ${k}`, level, limit: k * 10 }));
	const params = { resource: 'crmObject', operation: 'upsert', object: obj('AccountObj'), options: {} };
	const mapped = (i: number, list: IDataObject[]) => ({
		...params,
		fields: { mappingMode: 'defineBelow', matchingColumns: ['account_no'], value: { account_no: list[i].no, name: list[i].name, account_level: list[i].level, credit_limit: list[i].limit } },
	});

	it('creates 500, then a second run writes nothing; a changed field updates only that field', async () => {
		const list = items(500);
		const first = await run((i) => mapped(i, list), { items: list });
		expect(first.map((o) => o.json.action)).toEqual(Array(500).fill('created'));
		expect(emu.stats().creates).toBe(500);
		expect(emu.stats().calls['/cgi/crm/v2/data/query']).toBe(5); // 100 keys per IN lookup

		const second = await run((i) => mapped(i, list), { items: list });
		expect(second.map((o) => o.json.action)).toEqual(Array(500).fill('unchanged'));
		expect(emu.stats().creates).toBe(500);
		expect(emu.stats().updates).toBe(0);
		expect(second[7].json).toEqual({ action: 'unchanged', _id: first[7].json._id, match: { field: 'account_no', value: 'ERP0007' }, changed: [] });

		const changed = list.map((x, k) => (k === 3 ? { ...x, level: '重要客户' } : x)); // an option given by its label
		const third = await run((i) => mapped(i, changed), { items: changed });
		expect(third[3].json).toMatchObject({ action: 'updated', changed: ['account_level'] });
		expect(emu.stats().updates).toBe(1);
		const stored = emu.state.list('AccountObj').find((r) => r.account_no === 'ERP0003')!;
		expect(stored.account_level).toBe('1');
		const update = emu.state.requests.filter((r) => r.path === '/cgi/crm/v2/data/update').pop()!.body as IDataObject;
		expect((update.data as IDataObject).object_data).toEqual({ dataObjectApiName: 'AccountObj', _id: stored._id, account_level: '1' });
	});

	it('a create whose answer is lost (timeout after the write) is looked up again, not created twice', async () => {
		const list = items(3);
		emu.state.setFaults({ failAfterWriteAt: 2 });
		const out = await run((i) => mapped(i, list), { items: list });
		expect(out.map((o) => o.json.action)).toEqual(['created', 'created', 'created']);
		expect(out[1].json.recovered).toBe(true);
		expect(emu.state.list('AccountObj')).toHaveLength(3);
	});

	it('a bad value fails only its item with Continue On Fail; without it nothing is written', async () => {
		const list = [...items(2), { no: 'ERPX', name: 'x', level: '5', limit: 1 }];
		const out = await run((i) => mapped(i, list), { items: list, continueOnFail: true });
		expect(out.map((o) => o.json.action ?? 'error')).toEqual(['created', 'created', 'error']);
		expect(String(out[2].json.error)).toMatch(/Field 客户级别 \(account_level\): "5" is not one of its options .* \(item 3\)/);
		emu.state.reset();
		sessionCache.clear();
		await expect(run((i) => mapped(i, list), { items: list })).rejects.toBeInstanceOf(NodeOperationError);
		expect(emu.stats().creates).toBe(0);
	});
});

describe('CRM Object › writes and reads by id', () => {
	it('create, get, update, invalidate, delete (only invalidated records can be deleted)', async () => {
		const created = await run({ resource: 'crmObject', operation: 'create', object: obj('object_erp_order__c'), fields: { mappingMode: 'defineBelow', value: { name: 'ERP-1', field_erp_no__c: 'E1', field_amount__c: '12.5' } }, options: { triggerWorkFlow: false } });
		const id = String(created[0].json._id);
		const createReq = emu.state.requests.find((r) => r.path === '/cgi/crm/custom/v2/data/create')!.body as IDataObject;
		expect(createReq.triggerWorkFlow).toBe(false);
		expect(((createReq.data as IDataObject).object_data as IDataObject).field_amount__c).toBe(12.5);

		const got = await run({ resource: 'crmObject', operation: 'get', object: obj('object_erp_order__c'), recordId: id });
		expect(got[0].json).toMatchObject({ _id: id, name: 'ERP-1', field_amount__c: '12.5', life_status: 'normal' });

		const updated = await run({ resource: 'crmObject', operation: 'update', object: obj('object_erp_order__c'), recordId: id, fields: { mappingMode: 'defineBelow', value: { field_status__c: 'draft', name: '' } }, options: {} });
		expect(updated[0].json).toEqual({ _id: id, updated: { field_status__c: 'draft' } });

		await expect(run({ resource: 'crmObject', operation: 'delete', object: obj('object_erp_order__c'), recordId: id, invalidateFirst: false })).rejects.toThrow(/30030/);
		await run({ resource: 'crmObject', operation: 'invalidate', object: obj('object_erp_order__c'), recordId: id });
		const deleted = await run({ resource: 'crmObject', operation: 'delete', object: obj('object_erp_order__c'), recordId: id, invalidateFirst: false });
		expect(deleted[0].json).toEqual({ _id: id, deleted: true });
		expect(emu.state.list('object_erp_order__c')).toHaveLength(0);
	});

	it('describe lists the fields', async () => {
		const out = await run({ resource: 'crmObject', operation: 'describe', object: obj('AccountObj') });
		expect(out.find((o) => o.json.apiName === 'account_level')!.json).toMatchObject({ type: 'select_one', options: [{ label: '重要客户', value: '1' }, { label: '普通客户', value: '2' }, { label: '一般客户', value: '3' }] });
	});
});

describe('sessions and errors', () => {
	it('one token for a run; an expired token (20016) is renewed once and the call resent', async () => {
		emu.state.generate('AccountObj', 10);
		await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} });
		emu.state.expireAllTokens();
		emu.state.clockOffsetMs = 6_700 * 1000; // past 6 600 s the endpoint hands out a new token
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} });
		expect(out).toHaveLength(10);
		expect(emu.stats().tokenFetches).toBe(2);
		expect(emu.stats().rejectedTokenCalls).toBe(1);
	});

	it('concurrent runs share one token call (the endpoint refuses concurrent calls)', async () => {
		emu.state.setFaults({ tokenLatencyMs: 200 });
		emu.state.generate('AccountObj', 5);
		const p = { resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} };
		await Promise.all([run(p), run(p), run(p)]);
		expect(emu.stats().tokenFetches).toBe(1);
		expect(emu.stats().tokenRefusedBusy).toBe(0);
	});

	it('the operator given by mobile is looked up once per token', async () => {
		emu.state.generate('AccountObj', 5);
		const creds = { operatorMode: 'mobile', operatorMobile: '13800000002' };
		const p = { resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} };
		await run(p, { creds });
		await run(p, { creds });
		const lookups = emu.state.requests.filter((r) => r.path === '/cgi/user/getByMobile');
		expect(lookups).toHaveLength(1);
		const query = emu.state.requests.filter((r) => r.path === '/cgi/crm/v2/data/query').pop()!.body as IDataObject;
		expect(query.currentOpenUserId).toBe('FSUID_SALES0002');
	});

	it('a wrong permanent code fails with the code and a hint, never showing secrets', async () => {
		const error = await run({ resource: 'user', operation: 'getByMobile', mobile: '13800000003' }, { creds: { permanentCode: 'WRONG_CODE_123' } }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/Fxiaoke \(纷享销客\) API error 20015/);
		expect(error.description).toMatch(/Permanent Code/);
		expect(JSON.stringify(error)).not.toContain('WRONG_CODE_123');
		expect(JSON.stringify(error)).not.toContain('emu_app_secret');
	});

	it('throttled reads are retried; a daily quota stops with a clear message and no retry', async () => {
		emu.state.generate('AccountObj', 250);
		emu.state.setFaults({ throttleEveryNCalls: 2 });
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} });
		expect(out).toHaveLength(250);
		emu.state.setFaults({ throttleEveryNCalls: 0, dailyQuotaExceeded: true });
		const before = emu.stats().dataCalls;
		await expect(run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} })).rejects.toThrow(/30002/);
		expect(emu.stats().dataCalls - before).toBe(1);
	});
});

describe('User and Custom API Call', () => {
	it('user by mobile, by open user id, and by department', async () => {
		const byMobile = await run({ resource: 'user', operation: 'getByMobile', mobile: '13800000003' });
		expect(byMobile.map((o) => o.json.openUserId)).toEqual(['FSUID_SALES0003']);
		const one = await run({ resource: 'user', operation: 'get', openUserId: 'FSUID_SALES0003' });
		expect(one[0].json).toMatchObject({ openUserId: 'FSUID_SALES0003', name: '李四' });
		expect(one[0].json.errorCode).toBeUndefined();
		const dept = await run({ resource: 'user', operation: 'getMany', departmentId: 1001, fetchChild: false, returnAll: true });
		expect(dept.map((o) => o.json.openUserId).sort()).toEqual(['FSUID_SALES0002', 'FSUID_SALES0003']);
	});

	it('custom API call adds the token and operator to the body', async () => {
		emu.state.generate('AccountObj', 3);
		const out = await run({ resource: 'custom', operation: 'apiCall', path: '/cgi/crm/v2/data/query', body: JSON.stringify({ data: { dataObjectApiName: 'AccountObj', search_query_info: { limit: 10, offset: 0, filters: [] } } }), idempotent: true });
		expect(((out[0].json.data as IDataObject).dataList as IDataObject[])).toHaveLength(3);
		await expect(run({ resource: 'custom', operation: 'apiCall', path: 'https://evil.example/x', body: '{}' })).rejects.toThrow(/Path/);
	});
});

describe('sessions across processes and rates', () => {
	it('a token call refused because another process is fetching one is waited out, not failed', async () => {
		emu.state.generate('AccountObj', 3);
		emu.state.tokenInFlight = 1; // another process holds the token endpoint
		setTimeout(() => (emu.state.tokenInFlight = 0), 500);
		const out = await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} });
		expect(out).toHaveLength(3);
		expect(emu.stats().tokenRefusedBusy).toBe(1);
	});

	it('the client-side limit spaces calls per endpoint', async () => {
		emu.state.generate('AccountObj', 1000);
		const started = Date.now();
		await run({ resource: 'crmObject', operation: 'getMany', object: obj('AccountObj'), returnAll: true, filters: {}, options: {} }, { creds: { requestsPerSecond: 20 } });
		expect(emu.stats().calls['/cgi/crm/v2/data/query']).toBe(11);
		expect(Date.now() - started).toBeGreaterThanOrEqual(450); // 11 calls at 20/s: at least 10 intervals of 50 ms
	});
});

describe('editor methods (object list, fields, resource mapper)', () => {
	const loadContext = (params: IDataObject): ILoadOptionsFunctions =>
		({
			getNode: () => ({ name: 'Fxiaoke' }),
			getCredentials: async () => fxiaokeCreds(emu),
			getCurrentNodeParameter: (name: string) => params[name],
			helpers: { httpRequest: (o: never) => httpRequest(o) },
		}) as unknown as ILoadOptionsFunctions;

	it('lists preset and custom objects, searchable', async () => {
		const all = await searchObjects.call(loadContext({}));
		expect(all.results.map((r) => r.value)).toEqual(expect.arrayContaining(['AccountObj', 'SalesOrderObj', 'object_erp_order__c']));
		const found = await searchObjects.call(loadContext({}), 'erp订单');
		expect(found.results).toEqual([{ name: 'ERP订单 (object_erp_order__c)', value: 'object_erp_order__c' }]);
	});

	it('fields for filters, and writable fields for the mapper with match candidates', async () => {
		const fields = await getFields.call(loadContext({ object: { mode: 'id', value: 'AccountObj' } }));
		expect(fields.map((f) => f.value)).toEqual(expect.arrayContaining(['_id', 'last_modified_time', 'account_no']));
		const mapper = await getMappingColumns.call(loadContext({ object: { mode: 'list', value: 'AccountObj' }, operation: 'upsert' }));
		const byId = Object.fromEntries(mapper.fields.map((f) => [f.id, f]));
		expect(byId._id).toBeUndefined(); // read-only fields are not offered
		expect(byId.account_no).toMatchObject({ canBeUsedToMatch: true, defaultMatch: true, type: 'string' });
		expect(byId.name).toMatchObject({ required: true });
		expect(byId.credit_limit).toMatchObject({ type: 'number', canBeUsedToMatch: false });
		expect(byId.account_level).toMatchObject({ type: 'options', options: [{ name: '重要客户', value: '1' }, { name: '普通客户', value: '2' }, { name: '一般客户', value: '3' }] });
		expect(byId.last_follow_time.type).toBe('dateTime');
	});
});
