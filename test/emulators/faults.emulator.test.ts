/**
 * The seeded fault injection every emulator shares (common/faults.ts), over real HTTP: the same seed gives the
 * same faults, rates hold, a write can be applied before its answer is lost (5xx, hang, dropped connection), an
 * outage refuses connections on the same port until it ends, tokens expire every N calls, throttling uses each
 * service's own answer, and every fault is counted by kind.
 */
import axios from 'axios';
import { FaultInjector, type FaultPlan, type FaultTarget } from './common/faults';
import type { EmuRequest } from './common/server';
import { startFxiaokeEmulator } from './fxiaoke';
import { startKingdeeEmulator } from './kingdee';
import { signedCall, STUB } from './kingdee/testing';
import { startMingdaoEmulator, type MingdaoEmulator } from './mingdao';
import { startWechatEmulator } from './wechat';
import { startXiaoeEmulator } from './xiaoe';

const KEY = { 'HAP-Appkey': 'emu_appkey', 'HAP-Sign': 'emu_sign' };
const http = axios.create({ validateStatus: () => true, timeout: 2000 });
const only = (kind: '5xx' | 'timeout' | 'reset', extra: Partial<FaultPlan> = {}): Partial<FaultPlan> => ({
	failureRate: 1,
	throttleRate: 0,
	tokenLifetimeCalls: 0,
	tokenInvalidationRate: 0,
	hangMs: 300,
	weights: { '5xx': kind === '5xx' ? 1 : 0, timeout: kind === 'timeout' ? 1 : 0, reset: kind === 'reset' ? 1 : 0 },
	...extra,
});
/** What the client saw: an HTTP status, or the network error's code. */
const outcome = (p: Promise<{ status: number }>) => p.then((r) => r.status, (e: { code?: string }) => e.code ?? 'ERROR');

describe('FaultInjector', () => {
	const target: FaultTarget = {
		isApiCall: () => true,
		isWrite: (req) => req.method === 'POST',
		throttled: () => ({ status: 429 }),
		expireTokens: () => undefined,
	};
	const req = (method: string): EmuRequest => ({ method, path: '/x', query: {}, headers: {}, body: undefined, rawBody: '', remoteAddress: '' });
	const decisions = (plan: Partial<FaultPlan>, service = 'S', n = 4000) => {
		const injector = new FaultInjector(service, plan);
		return { list: Array.from({ length: n }, (_, i) => JSON.stringify(injector.decide(req(i % 3 ? 'GET' : 'POST'), target))), injector };
	};

	it('gives the k-th call the same decision for a seed and service, and other decisions for another seed or service', () => {
		expect(decisions({ seed: 5 }).list).toEqual(decisions({ seed: 5 }).list);
		expect(decisions({ seed: 6 }).list).not.toEqual(decisions({ seed: 5 }).list);
		expect(decisions({ seed: 5 }, 'T').list).not.toEqual(decisions({ seed: 5 }).list);
	});

	it('fails about 5 % of calls, throttles about 3 %, applies about half of the failing writes first, expires tokens every 200 calls', () => {
		const { list, injector } = decisions({ seed: 9 });
		const failing = list.filter((d) => d.includes('"before"') || d.includes('"after"')).length;
		expect(failing / list.length).toBeGreaterThan(0.035);
		expect(failing / list.length).toBeLessThan(0.065);
		const after = list.filter((d) => d.includes('"after"')).length;
		const failingWrites = list.filter((d, i) => i % 3 === 0 && (d.includes('"before"') || d.includes('"after"'))).length;
		expect(after / failingWrites).toBeGreaterThan(0.25);
		expect(after / failingWrites).toBeLessThan(0.75);
		expect(injector.counts.throttled! / list.length).toBeGreaterThan(0.015);
		expect(injector.counts.throttled! / list.length).toBeLessThan(0.045);
		expect(injector.counts['tokens expired (every N calls)']).toBe(20);
		expect(injector.counts['tokens invalidated (random)']).toBeGreaterThan(5);
		expect(list.filter((d, i) => d.includes('"after"') && i % 3 !== 0)).toEqual([]); // reads are never "applied"
	});
});

describe('faults through the emulators', () => {
	let md: MingdaoEmulator;
	afterEach(async () => md?.close());

	const createOrder = (id: string) =>
		http.post(`${md.url}/v3/app/worksheets/xiaoe_orders/rows/batch`, { rows: [{ fields: [{ id: 'order_id', value: id }] }] }, { headers: KEY });
	const orderIds = () => md.state.listRows('xiaoe_orders').map((r) => r.order_id);

	it.each([
		['5xx', 502],
		['reset', 'ECONNRESET'],
		['timeout', 'ECONNABORTED'],
	] as const)('Mingdao: a write applied, then %s: the row exists, the client never heard', async (kind, seen) => {
		md = await startMingdaoEmulator({}, only(kind, { appliedShare: 1, hangMs: kind === 'timeout' ? 2500 : 300 }));
		expect(await outcome(createOrder('o1'))).toBe(seen);
		expect(orderIds()).toEqual(['o1']);
		expect(md.faults!.counts).toEqual({ [`write applied, then ${kind === 'reset' ? 'connection reset' : kind}`]: 1 });
	});

	it('Mingdao: a write failing before it applies changes nothing; reads never count as applied', async () => {
		md = await startMingdaoEmulator({}, only('5xx', { appliedShare: 0 }));
		expect(await outcome(createOrder('o1'))).toBe(502);
		expect(await outcome(http.post(`${md.url}/v3/app/worksheets/xiaoe_orders/rows/list`, {}, { headers: KEY }))).toBe(502);
		expect(orderIds()).toEqual([]);
		expect(md.faults!.counts).toEqual({ '5xx': 2 });
	});

	it('Mingdao: throttled with error 51, not applied', async () => {
		md = await startMingdaoEmulator({}, { failureRate: 0, throttleRate: 1, tokenLifetimeCalls: 0 });
		const r = await createOrder('o1');
		expect(r.data).toMatchObject({ success: false, error_code: 51 });
		expect(orderIds()).toEqual([]);
		expect(md.faults!.counts).toEqual({ throttled: 1 });
	});

	it('an outage refuses connections on the same URL until it ends; the control API is never faulted', async () => {
		md = await startMingdaoEmulator({}, { failureRate: 0, throttleRate: 0 });
		await md.faults!.startOutage();
		expect(await outcome(createOrder('o1'))).toBe('ECONNREFUSED');
		await md.faults!.endOutage();
		expect((await createOrder('o2')).data).toMatchObject({ success: true });
		expect(orderIds()).toEqual(['o2']);
		expect(md.faults!.counts).toEqual({ outage: 1 });
		const control = await startMingdaoEmulator({}, only('5xx'));
		expect((await http.get(`${control.url.replace(/\/api$/, '')}/__emulator/stats`)).status).toBe(200);
		await control.close();
	});

	it('Xiaoe: every token expires every N business calls (token calls not counted); answered 2008', async () => {
		const xe = await startXiaoeEmulator({ orders: 5, users: 5 }, { failureRate: 0, throttleRate: 0, tokenLifetimeCalls: 3, tokenInvalidationRate: 0 });
		try {
			const token = async () => (await http.get(`${xe.url}/token`, { params: { app_id: 'app_emu', client_id: 'xop_emu', secret_key: 'emu_secret', grant_type: 'client_credential' } })).data.data.access_token;
			const t = await token();
			const call = (access_token: string) => http.post(`${xe.url}/xe.user.batch.get/1.0.0`, { access_token, page: 1, page_size: 5 }).then((r) => r.data.code);
			expect([await call(t), await call(t), await call(t)]).toEqual([0, 0, 2008]);
			expect(await call(await token())).toBe(0);
			expect(xe.faults!.counts).toEqual({ 'tokens expired (every N calls)': 1 });
		} finally {
			await xe.close();
		}
	});

	it('WeChat: throttled with 45011; a 5xx on the token endpoint too', async () => {
		const wx = await startWechatEmulator({ members: 2 }, { failureRate: 0, throttleRate: 1, tokenLifetimeCalls: 0 });
		try {
			const r = await http.post(`${wx.url}/card/membercard/userinfo/get`, {}, { params: { access_token: 'x' } });
			expect(r.data).toMatchObject({ errcode: 45011 });
		} finally {
			await wx.close();
		}
		const down = await startWechatEmulator({ members: 2 }, only('5xx'));
		try {
			expect(await outcome(http.get(`${down.url}/cgi-bin/token`))).toBe(502);
		} finally {
			await down.close();
		}
	});

	it('Fxiaoke: a create applied, then the connection dropped: the record exists', async () => {
		const fx = await startFxiaokeEmulator({}, only('reset', { appliedShare: 1 }));
		try {
			fx.faults!.setEnabled(false);
			const t = (await http.post(`${fx.url}/cgi/corpAccessToken/get/V2`, { appId: 'FSAID_emu', appSecret: 'emu_app_secret', permanentCode: 'EMU_PERMANENT_CODE' })).data;
			fx.faults!.setEnabled(true);
			const before = fx.state.list('AccountObj').length;
			const body = { corpAccessToken: t.corpAccessToken, corpId: t.corpId, currentOpenUserId: 'FSUID_OPERATOR0001', data: { object_data: { dataObjectApiName: 'AccountObj', name: 'Fault Test Co' } } };
			expect(await outcome(http.post(`${fx.url}/cgi/crm/v2/data/create`, body))).toBe('ECONNRESET');
			expect(fx.state.list('AccountObj')).toHaveLength(before + 1);
			expect(fx.faults!.counts).toEqual({ 'write applied, then connection reset': 1 });
		} finally {
			await fx.close();
		}
	});

	it('Kingdee: a Save applied, then 5xx: the record exists; throttled with MsgCode 14', async () => {
		const kd = await startKingdeeEmulator({}, only('5xx', { appliedShare: 1 }));
		try {
			const r = await signedCall(kd.url, `${STUB}.Save`, { formid: 'BD_Customer', data: { Model: { FNumber: 'FAULT1', FName: 'Fault Test' } } }).catch((e) => e.response);
			expect(r.status).toBe(502);
			expect(kd.state.byNumber('BD_Customer', 'FAULT1')).toBeDefined();
			expect(kd.faults!.counts).toEqual({ 'write applied, then 5xx': 1 });
		} finally {
			await kd.close();
		}
		const busy = await startKingdeeEmulator({}, { failureRate: 0, throttleRate: 1 });
		try {
			const r = await signedCall(busy.url, `${STUB}.View`, { formid: 'BD_Customer', data: { Number: 'X' } });
			expect(r.data.Result.ResponseStatus.MsgCode).toBe(14);
		} finally {
			await busy.close();
		}
	});
});
