/** The Fxiaoke emulator's own rules, over HTTP: token window, rate and concurrency, envelopes, paging, life status. */
import axios from 'axios';
import { startFxiaokeEmulator } from './fxiaoke';
import type { FxiaokeEmulator } from './fxiaoke';

let emu: FxiaokeEmulator;
beforeAll(async () => {
	emu = await startFxiaokeEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => emu.state.reset());

const post = async (path: string, body: Record<string, unknown>) => (await axios.post(emu.url + path, body)).data as Record<string, any>;
const login = () => post('/cgi/corpAccessToken/get/V2?thirdTraceId=t', { appId: 'FSAID_emu', appSecret: 'emu_app_secret', permanentCode: 'EMU_PERMANENT_CODE' });
async function auth() {
	const t = await login();
	return { corpAccessToken: t.corpAccessToken, corpId: t.corpId, currentOpenUserId: 'FSUID_OPERATOR0001' };
}
const query = async (info: Record<string, unknown>, object = 'AccountObj') => post('/cgi/crm/v2/data/query', { ...(await auth()), data: { dataObjectApiName: object, search_query_info: info } });

describe('Fxiaoke emulator', () => {
	it('hands out the same token within 6 600 s of its life and a new one after; expired tokens get 20016', async () => {
		const a = await login();
		expect(a).toMatchObject({ errorCode: 0, corpId: 'FSCID_EMU0001', expiresIn: 7200 });
		emu.state.clockOffsetMs = 6_000_000;
		const b = await login();
		expect(b.corpAccessToken).toBe(a.corpAccessToken);
		expect(b.expiresIn).toBeGreaterThan(1190); // 7 200 − 6 000 s, less the test's own time
		expect(b.expiresIn).toBeLessThanOrEqual(1200);
		emu.state.clockOffsetMs = 6_700_000;
		const c = await login();
		expect(c.corpAccessToken).not.toBe(a.corpAccessToken);
		emu.state.clockOffsetMs = 7_300_000;
		const old = await post('/cgi/crm/v2/data/query', { corpAccessToken: a.corpAccessToken, corpId: a.corpId, currentOpenUserId: 'FSUID_OPERATOR0001', data: { dataObjectApiName: 'AccountObj', search_query_info: { limit: 10, offset: 0 } } });
		expect(old).toMatchObject({ errorCode: 20016 });
	});

	it('refuses concurrent token calls and more than the per-minute rate', async () => {
		emu.state.setFaults({ tokenLatencyMs: 100 });
		const [x, y] = await Promise.all([login(), login()]);
		expect([x.errorCode, y.errorCode].sort()).toEqual([0, 30004]);
		emu.state.setFaults({ tokenLatencyMs: 0 });
		const codes: number[] = [];
		for (let i = 0; i < 10; i++) codes.push((await login()).errorCode);
		expect(codes.filter((c) => c === 14001).length).toBeGreaterThan(0);
	});

	it('wrong app secret and permanent code answer their own codes', async () => {
		expect((await post('/cgi/corpAccessToken/get/V2', { appId: 'FSAID_emu', appSecret: 'x', permanentCode: 'EMU_PERMANENT_CODE' })).errorCode).toBe(20006);
		expect((await post('/cgi/corpAccessToken/get/V2', { appId: 'FSAID_emu', appSecret: 'emu_app_secret', permanentCode: 'x' })).errorCode).toBe(20015);
	});

	it('pages by offset (limit ≤ 100, offset a multiple of limit), enforces the offset ceiling, filters and sorts', async () => {
		emu.state.generate('AccountObj', 250);
		const page = await query({ limit: 100, offset: 200, filters: [], orders: [{ fieldName: '_id', isAsc: true }] });
		expect(page).toMatchObject({ errorCode: 0, errorMessage: 'OK', data: { total: 250, offset: 200, limit: 100 } });
		expect(page.data.dataList).toHaveLength(50);
		expect(page.traceId).toMatch(/^E-O\./);
		expect((await query({ limit: 101, offset: 0 })).errorCode).toBe(10001);
		expect((await query({ limit: 30, offset: 40 })).errorCode).toBe(10001);
		emu.state.setFaults({ offsetCeiling: 200 });
		expect((await query({ limit: 100, offset: 200 })).errorCode).toBe(10013);
		const levels = await query({ limit: 100, offset: 0, filters: [{ field_name: 'account_level', field_values: ['1'], operator: 'EQ' }, { field_name: 'name', field_values: ['客户1'], operator: 'STARTWITH' }] });
		expect(levels.data.dataList.every((r: any) => r.account_level === '1' && r.name.startsWith('客户1'))).toBe(true);
		const sorted = await query({ limit: 100, offset: 0, orders: [{ fieldName: 'credit_limit', isAsc: false }] });
		const limits = sorted.data.dataList.map((r: any) => Number(r.credit_limit));
		expect(limits).toEqual([...limits].sort((a, b) => b - a));
		expect((await query({ limit: 10, offset: 0, filters: [{ field_name: 'name', field_values: ['x'], operator: 'HASANYOF' }] })).errorCode).toBe(10001);
	});

	it('create answers dataId; only invalidated records can be deleted; custom objects only on the custom path', async () => {
		const a = await auth();
		const created = await post('/cgi/crm/custom/v2/data/create', { ...a, data: { object_data: { dataObjectApiName: 'object_erp_order__c', name: 'X', field_amount__c: 5 } } });
		expect(created).toMatchObject({ errorCode: 0, errorMessage: 'OK', errorDescription: 'success', dataId: expect.any(String) });
		const wrongPath = await post('/cgi/crm/v2/data/create', { ...a, data: { object_data: { dataObjectApiName: 'object_erp_order__c', name: 'Y' } } });
		expect(wrongPath.errorCode).toBe(10001);
		const del = (id: string) => post('/cgi/crm/custom/v2/data/delete', { ...a, data: { dataObjectApiName: 'object_erp_order__c', idList: [id] } });
		expect((await del(created.dataId)).errorCode).toBe(30030);
		await post('/cgi/crm/custom/v2/data/invalid', { ...a, data: { dataObjectApiName: 'object_erp_order__c', object_data_id: created.dataId } });
		expect((await del(created.dataId)).errorCode).toBe(0);
		expect(emu.state.list('object_erp_order__c')).toHaveLength(0);
	});

	it('an unknown operator is refused for CRM data; stats count calls', async () => {
		const a = await auth();
		const r = await post('/cgi/crm/v2/object/list', { ...a, currentOpenUserId: 'FSUID_NOBODY' });
		expect(r.errorCode).toBe(20014);
		expect(emu.stats().calls['/cgi/crm/v2/object/list']).toBe(1);
	});
});
