/**
 * Xiaoe-tech (小鹅通) against its public record (test/fixtures/xiaoe/, each fact with its source):
 * (a) each documented answer, served over HTTP, read by the real node code: what a user gets;
 * (b) every answer the emulator gives in a representative run fits the documented shapes;
 * (c) every request the client sends fits the documented parameters.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startHttpServer } from '../emulators/common/server';
import type { EmuRequest, RunningServer } from '../emulators/common/server';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import type { XiaoeEmulator } from '../emulators/xiaoe';
import { checkRequest, checkResponse, loadFixtures, undocumentedApis } from '../fixtures/xiaoe/contract';
import type { Fixture } from '../fixtures/xiaoe/contract';
import { executeContext, pollContext } from '../support/context';
import type { Emission } from '../support/context';
import { xiaoeCreds } from '../support/xiaoe';
import { Xiaoe } from '../../nodes/Xiaoe/Xiaoe.node';
import { XiaoeTrigger } from '../../nodes/Xiaoe/XiaoeTrigger.node';
import { retryPolicy } from '../../nodes/core/retry';
import { sessionCache } from '../../nodes/core/sessionCache';

const fixtures = loadFixtures();
const fx = (api: string): Fixture => {
	const f = fixtures.get(api);
	if (!f) throw new Error(`no fixture for ${api}`);
	return f;
};
/** A fresh copy of a documented answer, loosely typed so that tests can alter it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const example = (api: string): any => structuredClone(fx(api).response.example!.body);

beforeAll(() => {
	retryPolicy.baseDelayMs = 20;
});
beforeEach(() => sessionCache.clear());

describe('fixtures', () => {
	it('name their sources and hold consistent specs', () => {
		for (const f of fixtures.values()) {
			expect(f.sources.length).toBeGreaterThan(0);
			// every spec must compile, and every documented request example must pass its own checks
			expect(() => checkResponse(f, { code: 0, msg: '', data: f.response.example?.body.data ?? {} })).not.toThrow();
		}
		expect([...fixtures.keys()].sort()).toEqual(
			[
				'token',
				'xe.ecommerce.order.list/1.0.0',
				'xe.goods.detail.get/3.0.0',
				'xe.information.form.result.get/1.0.0',
				'xe.order.detail/1.0.0',
				'xe.order.list.get/1.0.1',
				'xe.resource.purchase.get/1.0.0',
				'xe.user.batch.get/2.0.0',
				'xe.user.batch_by_user_id.get/1.0.0',
				'xe.user.info.get/1.0.0',
			].sort(),
		);
	});

	it('checks catch what the old emulator and client got wrong', () => {
		const item = example('xe.ecommerce.order.list/1.0.0');
		const info = item.data.list[0].order_info;
		info.pay_time = info.pay_state_time;
		delete info.pay_state_time;
		expect(checkResponse(fx('xe.ecommerce.order.list/1.0.0'), item)).toEqual([
			expect.stringMatching(/list\.0\.order_info\.pay_state_time: Required/),
		]);
		const form = example('xe.information.form.result.get/1.0.0');
		form.data.collection_list[0].extra = { name: '张三' };
		expect(checkResponse(fx('xe.information.form.result.get/1.0.0'), form)[0]).toMatch(/extra: Expected string, received object/);
		const token = { app_id: 'app1', client_id: '', secret_key: 's', grant_type: 'client_credential' };
		expect(checkRequest(fx('token'), 'GET', token, undefined)).toEqual([expect.stringMatching(/^client_id="": /)]);
		expect(checkRequest(fx('token'), 'POST', token, undefined)).toEqual(['method POST, documented GET']);
		const list = { page: 1, page_size: 100, pay_time_start: '2024-01-01 00:00:00', pay_time_end: '2024-02-01 00:00:01' };
		expect(checkRequest(fx('xe.ecommerce.order.list/1.0.0'), 'POST', {}, list)).toEqual([expect.stringMatching(/spans more than 31 days/)]);
	});
});

// ---- (a) documented answers through the client -------------------------------------------------------------

/** Serves the documented examples: the token example on /token, and per API path a function of the request. */
async function serveExamples(answers: Record<string, (req: EmuRequest) => unknown>): Promise<RunningServer & { calls: string[] }> {
	const calls: string[] = [];
	const server = await startHttpServer((req) => {
		const api = req.path === '/token' ? 'token' : req.path.replace(/^\/+/, '');
		calls.push(api);
		if (api === 'token') return { body: example('token') };
		const answer = answers[api];
		return answer ? { body: answer(req) } : { body: { code: 404, msg: `not served: ${api}`, data: [] } };
	});
	return Object.assign(server, { calls });
}

async function runNode(server: RunningServer, parameters: IDataObject, items?: IDataObject[]): Promise<INodeExecutionData[]> {
	const ctx = executeContext({ parameters, items, credentials: { xiaoeApi: { baseUrl: server.url, appId: 'app1', clientId: 'xop1', secretKey: 's' } } });
	const [out] = await new Xiaoe().execute.call(ctx);
	return out;
}

/** Order List 2.0 answers the example only when its order falls inside the requested window, as the API would. */
function orderList2(body: ReturnType<typeof example>) {
	const KEY: Record<string, string> = { created_time: 'created_time', pay_time: 'pay_state_time', update_time: 'update_time' };
	return (req: EmuRequest) => {
		const p = req.body as Record<string, string>;
		const range = Object.keys(KEY).find((r) => p[`${r}_start`] !== undefined)!;
		const inside = body.data.list.filter((o: { order_info: Record<string, string> }) => {
			const t = o.order_info[KEY[range]];
			return t >= p[`${range}_start`] && t <= p[`${range}_end`];
		});
		return { ...body, data: { ...body.data, list: inside, total: inside.length } };
	};
}

describe('(a) documented answers, read by the node', () => {
	let server: RunningServer & { calls: string[] };
	afterEach(() => server?.close());

	it('Order List 2.0: times from pay_state_time & co., unset times null, money in fen, buyer as documented', async () => {
		server = await serveExamples({ 'xe.ecommerce.order.list/1.0.0': orderList2(example('xe.ecommerce.order.list/1.0.0')) });
		const out = await runNode(server, { resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField: 'paid', start: '2022-11-14T00:00:00+08:00', end: '2022-11-14T23:59:59+08:00', returnAll: true });
		expect(out).toHaveLength(1);
		const order = out[0].json as Record<string, IDataObject>;
		expect(order.order_info).toMatchObject({
			order_id: 'o_1668364330_6371382a9cba9_33409596',
			pay_state: 1,
			pay_state_time: '2022-11-14T02:32:11+08:00',
			created_time: '2022-11-14T02:32:10+08:00',
			refund_time: null,
			actual_fee: 1990,
		});
		expect(order.price_info.actual_price).toBe(1990);
		expect(order.buyer_info).toEqual({ nickname: '用户昵称', avatar_url: 'https://wx.qlogo.cn/example/132', phone_number: '15600001234', comment: '' });
	});

	it('Order List 2.0 through the trigger: "paid" emits the order by pay_state_time, once', async () => {
		server = await serveExamples({ 'xe.ecommerce.order.list/1.0.0': orderList2(example('xe.ecommerce.order.list/1.0.0')) });
		const staticData: IDataObject = {};
		const emissions: Emission[] = [];
		const poll = async () => {
			const ctx = pollContext({
				parameters: { event: 'paid', startFrom: 'date', startDate: '2022-11-13T00:00:00+08:00', options: {} },
				staticData,
				emissions,
				credentials: { xiaoeApi: { baseUrl: server.url, appId: 'app1', clientId: 'xop1', secretKey: 's' } },
			});
			const before = emissions.length;
			await new XiaoeTrigger().poll.call(ctx);
			return emissions.slice(before).flatMap((e) => e.items);
		};
		const first = await poll();
		expect(first.map((i) => (i.json.order_info as IDataObject).order_id)).toEqual(['o_1668364330_6371382a9cba9_33409596']);
		expect((staticData.cursor as IDataObject).time).toBe('2022-11-14 02:32:11');
		expect(await poll()).toEqual([]);
	}, 60_000); // from 2022 to now: some forty 31-day windows per poll, at the documented 20 calls a second

	it('an Order List 2.0 answer without the time the trigger watches fails the poll clearly', async () => {
		const body = example('xe.ecommerce.order.list/1.0.0');
		delete body.data.list[0].order_info.update_time;
		server = await serveExamples({ 'xe.ecommerce.order.list/1.0.0': () => body });
		const staticData: IDataObject = {};
		const ctx = pollContext({
			parameters: { event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 1 }).toISO(), options: {} },
			staticData,
			credentials: { xiaoeApi: { baseUrl: server.url, appId: 'app1', clientId: 'xop1', secretKey: 's' } },
		});
		await expect(new XiaoeTrigger().poll.call(ctx)).rejects.toThrow(/unexpected response: order o_1668364330_6371382a9cba9_33409596 has no order_info\.update_time/);
		expect((staticData.cursor as IDataObject).time).toBe((staticData.cursor as IDataObject).since); // nothing advanced
	});

	it('Order List 1.1: entries passed through, times ISO, the odd {goods_no} entry kept', async () => {
		server = await serveExamples({ 'xe.order.list.get/1.0.1': () => example('xe.order.list.get/1.0.1') });
		const out = await runNode(server, { resource: 'order', operation: 'getMany', apiVersion: 'v1', start: '2021-01-12T00:00:00+08:00', end: '2021-01-12T23:59:59+08:00', returnAll: true });
		expect(out.map((o) => o.json)).toEqual([
			expect.objectContaining({ order_id: 'o_xxxx', price: 0, created_time: '2021-01-12T19:08:54+08:00', pay_time: '2021-01-12T19:08:55+08:00', refund_time: null, order_type: [6, 8] }),
			{ goods_no: '' },
		]);
	});

	it('Order detail 1.0: price stays the documented yuan string, unset settle_time null', async () => {
		server = await serveExamples({ 'xe.order.detail/1.0.0': () => example('xe.order.detail/1.0.0') });
		const [out] = await runNode(server, { resource: 'order', operation: 'get', orderId: 'E2x' });
		expect(out.json.order_info).toMatchObject({ order_id: 'E2x', price: '0.03', pay_time: '2021-08-09T15:29:35+08:00', settle_time: null, refund_money: null });
	});

	it('Goods detail 1.0: resource_info flattened with the id and type asked for, prices in fen', async () => {
		server = await serveExamples({ 'xe.goods.detail.get/3.0.0': () => example('xe.goods.detail.get/3.0.0') });
		const [out] = await runNode(server, { resource: 'goods', operation: 'get', goodsId: 'i_xxxxxxxx', goodsType: 1 });
		expect(out.json).toMatchObject({ goods_id: 'i_xxxxxxxx', goods_type: 1, title: '就叫会员名称的会员', price: 1, line_price: 200, state: 0 });
	});

	it('Users: list 2.0 follows es_skip, batch by id pairs users with items, info by phone', async () => {
		const list = example('xe.user.batch.get/2.0.0');
		server = await serveExamples({
			'xe.user.batch.get/2.0.0': (req) => ((req.body as IDataObject).es_skip ? { ...list, data: { list: [], total: 1 } } : list),
			'xe.user.batch_by_user_id.get/1.0.0': () => example('xe.user.batch_by_user_id.get/1.0.0'),
			'xe.user.info.get/1.0.0': () => example('xe.user.info.get/1.0.0'),
		});
		const many = await runNode(server, { resource: 'user', operation: 'getMany', returnAll: true, filters: {} });
		expect(many.map((u) => u.json)).toEqual([expect.objectContaining({ user_id: 'u_5cc7e2a8c4d3b_abcdEFGH12', user_created_at: '2019-04-30T17:06:32+08:00', pay_sum: 19.9 })]);
		const byId = await runNode(server, { resource: 'user', operation: 'getManyByIds', userId: 'u_qq_xxxx', notFound: 'empty', putInField: '' });
		expect(byId[0].json).toMatchObject({ user_id: 'u_qq_xxxx', user_nickname: 'xxx', from: 'QQ', found: true });
		const one = await runNode(server, { resource: 'user', operation: 'get', lookupBy: 'phone', lookupValue: '13900000000', fields: ['nickname', 'phone'] });
		expect(one[0].json).toEqual({ nickname: '小鹅', phone: '13900000000' });
	});

	it('Info collection: extra kept as the string it is, answers read by question title into fields', async () => {
		server = await serveExamples({ 'xe.information.form.result.get/1.0.0': () => example('xe.information.form.result.get/1.0.0') });
		const out = await runNode(server, { resource: 'infoCollection', operation: 'getResults', source: 'form', formId: 'in_xxx', returnAll: true, filters: {} });
		expect(out.map((o) => [typeof o.json.extra, o.json.collect_time, o.json.fields])).toEqual([
			['string', '2020-01-07T12:00:00+08:00', { name: '张三', phone: '13800000000', company: '某教育公司', job: '运营' }],
			['string', '2020-01-07T12:30:00+08:00', { name: '李四', phone: '13900000000', company: '某公司', job: '教师' }],
		]);
		expect(out[1].json.answers).toEqual({ 您的姓名: '李四', 手机号码: '13900000000', 工作单位: '某公司', 职务: '教师' });
	});
});

// ---- (b) + (c) a representative run against the emulator ------------------------------------------------------

describe('(b) emulator answers and (c) client requests, against the fixtures', () => {
	let emu: XiaoeEmulator;
	beforeAll(async () => {
		emu = await startXiaoeEmulator({ anchor: DateTime.now().minus({ minutes: 1 }).toMillis(), spanDays: 10, orders: 250, users: 80, record: true, rateLimits: false });
	});
	afterAll(() => emu.close());

	const run = async (parameters: IDataObject | ((i: number) => IDataObject), items?: IDataObject[], creds: IDataObject = {}) => {
		const ctx = executeContext({ parameters, items, credentials: { xiaoeApi: { ...xiaoeCreds(emu), ...creds } as never } });
		const [out] = await new Xiaoe().execute.call(ctx);
		return out;
	};
	const poll = async (event: string, mode: 'trigger' | 'manual' = 'trigger') => {
		const emissions: Emission[] = [];
		const ctx = pollContext({
			parameters: { event, startFrom: 'date', startDate: DateTime.now().minus({ days: 40 }).toISO(), options: {} },
			staticData: {},
			mode,
			emissions,
			credentials: { xiaoeApi: xiaoeCreds(emu) },
		});
		return (await new XiaoeTrigger().poll.call(ctx))?.[0] ?? emissions.flatMap((e) => e.items);
	};

	it('every exchange fits the documented request and answer', async () => {
		const orders = emu.state.listOrders();
		const user = emu.state.listUsers().find((u) => u.bind_phone)!;
		const goods = emu.state.resources.find((r) => r.state === 0 && r.resource_type <= 4)!;
		const form = emu.state.forms[0];
		const start = DateTime.now().minus({ days: 12 }).toISO();

		for (const timeField of ['created', 'paid', 'updated']) {
			expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField, start, returnAll: true, filters: { order_state_v2: 4, user_id: orders[0].user_id } })).length).toBeGreaterThanOrEqual(0);
		}
		expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField: 'created', start, returnAll: true, filters: {} })).length).toBe(orders.length);
		expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v1', start, returnAll: true, filters: { order_state_v1: 1 } })).length).toBeGreaterThan(0);
		await run({ resource: 'order', operation: 'get', orderId: orders[0].order_id });
		await run({ resource: 'user', operation: 'get', lookupBy: 'user_id', lookupValue: user.user_id, fields: ['nickname', 'phone'] });
		await run({ resource: 'user', operation: 'get', lookupBy: 'phone', lookupValue: user.bind_phone, fields: ['name'] });
		await run({ resource: 'user', operation: 'getMany', returnAll: true, filters: { user_type: 0, min_pay_sum: 1, user_created_start: start } });
		await run((i) => ({ resource: 'user', operation: 'getManyByIds', userId: orders[i].user_id, notFound: 'empty' }), [{}, {}, {}]);
		await run({ resource: 'course', operation: 'getMany', returnAll: true, filters: {} });
		await run({ resource: 'goods', operation: 'get', goodsId: goods.resource_id, goodsType: goods.resource_type });
		await run({ resource: 'purchase', operation: 'getMany', userId: orders[0].user_id, returnAll: true, filters: { begin_time: start } });
		await run({ resource: 'infoCollection', operation: 'getResults', source: 'form', formId: form.form_id, returnAll: true, filters: { collect_start_time: start } });
		await run({ resource: 'infoCollection', operation: 'getResults', source: 'user', userId: user.user_id, returnAll: true, filters: {} });
		await run((i) => ({ resource: 'infoCollection', operation: 'getForUsers', formId: form.form_id, userId: orders[i].user_id }), [{}, {}]);
		for (const event of ['updated', 'paid', 'created']) expect((await poll(event)).length).toBeGreaterThan(0);
		await poll('paid', 'manual');
		// a shop without a Client ID
		sessionCache.clear();
		emu.state.clientId = '';
		await run({ resource: 'order', operation: 'get', orderId: orders[1].order_id }, undefined, { clientId: '' });

		const problems: string[] = [];
		const seen = new Set<string>();
		const undocumented = undocumentedApis();
		for (const x of emu.state.exchanges) {
			seen.add(x.api);
			if (undocumented[x.api]) {
				problems.push(...checkResponse(undefined, x.response).map((p) => `${x.api} answer ${p}`));
				continue;
			}
			const f = fixtures.get(x.api);
			if (!f) {
				problems.push(`${x.api}: called, but neither documented in a fixture nor listed as undocumented`);
				continue;
			}
			problems.push(...checkRequest(f, x.method, x.query, x.body).map((p) => `${x.api} request ${p}`));
			problems.push(...checkResponse(f, x.response).map((p) => `${x.api} answer ${p}`));
		}
		expect([...new Set(problems)]).toEqual([]);
		// every fixture and every undocumented API was exercised: no fact sits unchecked
		expect([...seen].sort()).toEqual([...fixtures.keys(), ...Object.keys(undocumented)].sort());
		expect(emu.state.exchanges.every((x) => x.status === 200 && (x.response as { code: number }).code === 0)).toBe(true);
	}, 60_000);
});
