/**
 * Xiaoe-tech (小鹅通) against its public record (test/fixtures/xiaoe/, each fact with its source), with the nodes run
 * on n8n's own engine (test/support/engine):
 * (a) each documented answer, served over HTTP, read by the real node code: what a user gets;
 * (b) every answer the emulator gives in a representative run fits the documented shapes;
 * (c) every request the client sends fits the documented parameters.
 * The fixtures' own consistency is checked in test/contract/xiaoe.contract.test.ts.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startHttpServer } from '../../emulators/common/server';
import type { EmuRequest, RunningServer } from '../../emulators/common/server';
import { startXiaoeEmulator } from '../../emulators/xiaoe';
import type { XiaoeEmulator } from '../../emulators/xiaoe';
import { checkRequest, checkResponse, loadFixtures, undocumentedApis } from '../../fixtures/xiaoe/contract';
import type { Fixture } from '../../fixtures/xiaoe/contract';
import { activePoller, runNode, runPoll } from '../../support/engine';
import { xiaoeCreds } from '../../support/xiaoe';
import { Xiaoe } from '../../../nodes/Xiaoe/Xiaoe.node';
import { XiaoeTrigger } from '../../../nodes/Xiaoe/XiaoeTrigger.node';
import { retryPolicy } from '../../../nodes/core/retry';
import { sessionCache } from '../../../nodes/core/sessionCache';

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

const credentialsFor = (server: RunningServer) => ({ xiaoeApi: { baseUrl: server.url, appId: 'app1', clientId: 'xop1', secretKey: 's' } });

async function runServed(server: RunningServer, parameters: IDataObject, items?: IDataObject[]): Promise<INodeExecutionData[]> {
	return await runNode(Xiaoe, parameters, { items, credentials: credentialsFor(server) });
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
		const out = await runServed(server, { resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField: 'paid', start: '2022-11-14T00:00:00+08:00', end: '2022-11-14T23:59:59+08:00', returnAll: true });
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
		const poller = activePoller(
			XiaoeTrigger,
			{ event: 'paid', startFrom: 'date', startDate: '2022-11-13T00:00:00+08:00', options: {} },
			{},
			{ credentials: credentialsFor(server) },
		);
		const first = await poller.poll();
		expect(first.error).toBeUndefined();
		expect((first.items ?? []).map((i) => (i.json.order_info as IDataObject).order_id)).toEqual(['o_1668364330_6371382a9cba9_33409596']);
		expect((poller.staticData.cursor as IDataObject).time).toBe('2022-11-14 02:32:11');
		expect((await poller.poll()).items).toBeNull();
	}, 120_000); // from 2022 to now: some forty 31-day windows per poll, at the documented 20 calls a second

	it('an Order List 2.0 answer without the time the trigger watches fails the poll clearly', async () => {
		const body = example('xe.ecommerce.order.list/1.0.0');
		delete body.data.list[0].order_info.update_time;
		server = await serveExamples({ 'xe.ecommerce.order.list/1.0.0': () => body });
		const poller = activePoller(
			XiaoeTrigger,
			{ event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 1 }).toISO(), options: {} },
			{},
			{ credentials: credentialsFor(server) },
		);
		const failed = await poller.poll();
		expect(failed.error?.message).toMatch(/unexpected response: order o_1668364330_6371382a9cba9_33409596 has no order_info\.update_time/);
		expect(failed.items).toBeNull();
		const cursor = poller.staticData.cursor as IDataObject;
		expect(cursor.time).toBe(cursor.since); // nothing advanced
	});

	it('Order List 1.1: entries passed through, times ISO, the odd {goods_no} entry kept', async () => {
		server = await serveExamples({ 'xe.order.list.get/1.0.1': () => example('xe.order.list.get/1.0.1') });
		const out = await runServed(server, { resource: 'order', operation: 'getMany', apiVersion: 'v1', start: '2021-01-12T00:00:00+08:00', end: '2021-01-12T23:59:59+08:00', returnAll: true });
		expect(out.map((o) => o.json)).toEqual([
			expect.objectContaining({ order_id: 'o_xxxx', price: 0, created_time: '2021-01-12T19:08:54+08:00', pay_time: '2021-01-12T19:08:55+08:00', refund_time: null, order_type: [6, 8] }),
			{ goods_no: '' },
		]);
	});

	it('Order detail 1.0: price stays the documented yuan string, unset settle_time null', async () => {
		server = await serveExamples({ 'xe.order.detail/1.0.0': () => example('xe.order.detail/1.0.0') });
		const [out] = await runServed(server, { resource: 'order', operation: 'get', orderId: 'E2x' });
		expect(out.json.order_info).toMatchObject({ order_id: 'E2x', price: '0.03', pay_time: '2021-08-09T15:29:35+08:00', settle_time: null, refund_money: null });
	});

	it('Goods detail 1.0: resource_info flattened with the id and type asked for, prices in fen', async () => {
		server = await serveExamples({ 'xe.goods.detail.get/3.0.0': () => example('xe.goods.detail.get/3.0.0') });
		const [out] = await runServed(server, { resource: 'goods', operation: 'get', goodsId: 'i_xxxxxxxx', goodsType: 1 });
		expect(out.json).toMatchObject({ goods_id: 'i_xxxxxxxx', goods_type: 1, title: '就叫会员名称的会员', price: 1, line_price: 200, state: 0 });
	});

	it('Users: list 2.0 follows es_skip, batch by id pairs users with items, info by phone', async () => {
		const list = example('xe.user.batch.get/2.0.0');
		server = await serveExamples({
			'xe.user.batch.get/2.0.0': (req) => ((req.body as IDataObject).es_skip ? { ...list, data: { list: [], total: 1 } } : list),
			'xe.user.batch_by_user_id.get/1.0.0': () => example('xe.user.batch_by_user_id.get/1.0.0'),
			'xe.user.info.get/1.0.0': () => example('xe.user.info.get/1.0.0'),
		});
		const many = await runServed(server, { resource: 'user', operation: 'getMany', returnAll: true, filters: {} });
		expect(many.map((u) => u.json)).toEqual([expect.objectContaining({ user_id: 'u_5cc7e2a8c4d3b_abcdEFGH12', user_created_at: '2019-04-30T17:06:32+08:00', pay_sum: 19.9 })]);
		const byId = await runServed(server, { resource: 'user', operation: 'getManyByIds', userId: 'u_qq_xxxx', notFound: 'empty', putInField: '' });
		expect(byId[0].json).toMatchObject({ user_id: 'u_qq_xxxx', user_nickname: 'xxx', from: 'QQ', found: true });
		const one = await runServed(server, { resource: 'user', operation: 'get', lookupBy: 'phone', lookupValue: '13900000000', fields: ['nickname', 'phone'] });
		expect(one[0].json).toEqual({ nickname: '小鹅', phone: '13900000000' });
	});

	it('Info collection: extra kept as the string it is, answers read by question title into fields', async () => {
		server = await serveExamples({ 'xe.information.form.result.get/1.0.0': () => example('xe.information.form.result.get/1.0.0') });
		const out = await runServed(server, { resource: 'infoCollection', operation: 'getResults', source: 'form', formId: 'in_xxx', returnAll: true, filters: {} });
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

	const run = async (parameters: IDataObject, items?: IDataObject[], creds: IDataObject = {}) =>
		await runNode(Xiaoe, parameters, { items, credentials: { xiaoeApi: { ...xiaoeCreds(emu), ...creds } } });
	const poll = async (event: string, mode: 'trigger' | 'manual' = 'trigger') => {
		const parameters = { event, startFrom: 'date', startDate: DateTime.now().minus({ days: 40 }).toISO(), options: {} };
		const { items, error } = await runPoll(XiaoeTrigger, parameters, {}, mode, { credentials: { xiaoeApi: xiaoeCreds(emu) } });
		if (error) throw error;
		return items ?? [];
	};

	it('every exchange fits the documented request and answer', async () => {
		const orders = emu.state.listOrders();
		const user = emu.state.listUsers().find((u) => u.bind_phone)!;
		const goods = emu.state.resources.find((r) => r.state === 0 && r.resource_type <= 4)!;
		const form = emu.state.forms[0];
		const start = DateTime.now().minus({ days: 12 }).toISO();
		const byUser = '={{ $json.userId }}';
		const userItems = (n: number) => orders.slice(0, n).map((o) => ({ userId: o.user_id }));

		for (const timeField of ['created', 'paid', 'updated']) {
			expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField, start, returnAll: true, filters: { orderStateV2: 4, userId: orders[0].user_id } })).length).toBeGreaterThanOrEqual(0);
		}
		expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField: 'created', start, returnAll: true, filters: {} })).length).toBe(orders.length);
		expect((await run({ resource: 'order', operation: 'getMany', apiVersion: 'v1', start, returnAll: true, filters: { orderStateV1: 1 } })).length).toBeGreaterThan(0);
		await run({ resource: 'order', operation: 'get', orderId: orders[0].order_id });
		await run({ resource: 'user', operation: 'get', lookupBy: 'userId', lookupValue: user.user_id, fields: ['nickname', 'phone'] });
		await run({ resource: 'user', operation: 'get', lookupBy: 'phone', lookupValue: user.bind_phone, fields: ['name'] });
		await run({ resource: 'user', operation: 'getMany', returnAll: true, filters: { userType: 0, minTotalPaid: 1, registeredAfter: start } });
		await run({ resource: 'user', operation: 'getManyByIds', userId: byUser, notFound: 'empty' }, userItems(3));
		await run({ resource: 'course', operation: 'getMany', returnAll: true, filters: {} });
		await run({ resource: 'goods', operation: 'get', goodsId: goods.resource_id, goodsType: goods.resource_type });
		await run({ resource: 'purchase', operation: 'getMany', userId: orders[0].user_id, returnAll: true, filters: { subscribedAfter: start } });
		await run({ resource: 'infoCollection', operation: 'getResults', source: 'form', formId: form.form_id, returnAll: true, filters: { collectedAfter: start } });
		await run({ resource: 'infoCollection', operation: 'getResults', source: 'user', userId: user.user_id, returnAll: true, filters: {} });
		await run({ resource: 'infoCollection', operation: 'getForUsers', formId: form.form_id, userId: byUser }, userItems(2));
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
	}, 120_000);
});
