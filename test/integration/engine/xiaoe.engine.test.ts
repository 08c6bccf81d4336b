/** The Xiaoe node in workflows run by n8n-core (see test/support/engine), against the Xiaoe emulator over HTTP. */
import type { IConnections, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Expression } from 'n8n-workflow';
import { startXiaoeEmulator } from '../../emulators/xiaoe';
import type { XiaoeEmulator } from '../../emulators/xiaoe';
import { runNode, runWorkflow } from '../../support/engine';
import type { NodeJson } from '../../support/engine';
import { xiaoeCreds } from '../../support/xiaoe';
import { Xiaoe } from '../../../nodes/Xiaoe/Xiaoe.node';
import { retryPolicy } from '../../../nodes/core/retry';
import { sessionCache } from '../../../nodes/core/sessionCache';

const XIAOE = 'n8n-nodes-china-saas.xiaoe';
let emu: XiaoeEmulator;
let credentials: { xiaoeApi: IDataObject };

beforeAll(async () => {
	retryPolicy.baseDelayMs = 20;
	emu = await startXiaoeEmulator({ anchor: '2026-11-20T12:00:00+08:00', spanDays: 10, orders: 300, users: 60 });
});
afterAll(() => emu.close());

// A fresh shop (app id) per test: the core's token cache is per credential identity and lives as long as the
// module, so every test starts without a cached token, as a new n8n process would.
let shop = 0;
let appId = '';
beforeEach(() => {
	appId = `app_engine_${++shop}`;
	emu.state.reset({ appId });
	credentials = { xiaoeApi: xiaoeCreds(emu, { appId }) };
});

/** The node behind a Manual Trigger (see runNode), with this test's shop; `creds` overrides credential fields. */
const run = (parameters: IDataObject, extra: { items?: IDataObject[]; continueOnFail?: boolean; creds?: IDataObject; timezone?: string } = {}) =>
	runNode(Xiaoe, parameters, {
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		timezone: extra.timezone,
		credentials: { xiaoeApi: { ...credentials.xiaoeApi, ...(extra.creds ?? {}) } },
	});

const trigger: NodeJson = { name: 'Start', type: 'n8n-nodes-base.manualTrigger' };
const orderIdOf = (o: INodeExecutionData) => String((o.json.order_info as IDataObject | undefined)?.order_id ?? o.json.order_id);
const expectedIds = (from: string, to: string, field: 'created_time' | 'update_time' = 'created_time') =>
	emu.state
		.listOrders()
		.filter((o) => o[field] >= from && o[field] <= to)
		.map((o) => o.order_id)
		.sort();
const ids = (out: INodeExecutionData[]) => out.map(orderIdOf).sort();
const getMany = (start: string, end: string, more: IDataObject = {}) => ({
	resource: 'order',
	operation: 'getMany',
	apiVersion: 'v2',
	timeField: 'created',
	start,
	end,
	returnAll: true,
	...more,
});
const chain = (...names: string[]): IConnections =>
	Object.fromEntries(names.slice(1).map((to, i) => [names[i], { main: [[{ node: to, type: 'main', index: 0 }]] }]));

describe('Xiaoe node on n8n-core', () => {
	it('Order Get Many over a window returns exactly the emulator orders; two nodes share one token fetch', async () => {
		const run = await runWorkflow({
			nodes: [
				trigger,
				{ name: 'Orders 15-17', type: XIAOE, parameters: getMany('2026-11-15T00:00:00+08:00', '2026-11-17T23:59:59+08:00') },
				{ name: 'Orders 18', type: XIAOE, parameters: getMany('2026-11-18T00:00:00+08:00', '2026-11-18T23:59:59+08:00') },
			],
			connections: {
				Start: {
					main: [
						[
							{ node: 'Orders 15-17', type: 'main', index: 0 },
							{ node: 'Orders 18', type: 'main', index: 0 },
						],
					],
				},
			},
			credentials,
		});
		expect(run.error).toBeUndefined();
		expect(run.executed).toEqual(['Start', 'Orders 15-17', 'Orders 18']);
		const first = run.output('Orders 15-17');
		const expected = expectedIds('2026-11-15 00:00:00', '2026-11-17 23:59:59');
		expect(expected.length).toBeGreaterThan(100); // more than one page
		expect(first.map(orderIdOf).sort()).toEqual(expected);
		expect(run.output('Orders 18').map(orderIdOf).sort()).toEqual(expectedIds('2026-11-18 00:00:00', '2026-11-18 23:59:59'));
		expect(first.every((o) => JSON.stringify(o.pairedItem) === JSON.stringify({ item: 0 }))).toBe(true);
		expect(emu.stats().tokenFetches).toBe(1);
	});

	it('resolves an expression over the previous node, item by item, with paired items back to it', async () => {
		const run = await runWorkflow({
			nodes: [
				trigger,
				{ name: 'Orders', type: XIAOE, parameters: getMany('2026-11-15T00:00:00+08:00', '2026-11-20T12:00:00+08:00', { returnAll: false, limit: 4 }) },
				{ name: 'Order Detail', type: XIAOE, parameters: { resource: 'order', operation: 'get', orderId: '={{ $json.order_info.order_id }}' } },
				{
					name: 'Detail by pairing',
					type: XIAOE,
					parameters: { resource: 'order', operation: 'get', orderId: "={{ $('Orders').item.json.order_info.order_id }}" },
				},
			],
			connections: chain('Start', 'Orders', 'Order Detail', 'Detail by pairing'),
			credentials,
		});
		expect(run.error).toBeUndefined();
		const listed = run.output('Orders').map(orderIdOf);
		expect(listed).toHaveLength(4);
		const detail = run.output('Order Detail');
		expect(detail.map(orderIdOf)).toEqual(listed);
		expect(detail.map((o) => o.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(run.output('Detail by pairing').map(orderIdOf)).toEqual(listed);
		expect(emu.stats().calls['xe.order.detail/1.0.0']).toBe(8);
	});

	it('takes a window built by expressions in n8n\'s sandbox (Luxon DateTime values, the workflow time zone)', async () => {
		const run = await runWorkflow({
			nodes: [
				trigger,
				{
					name: 'Orders',
					type: XIAOE,
					parameters: getMany("={{ DateTime.fromISO($json.day, { zone: 'Asia/Shanghai' }) }}", "={{ DateTime.fromISO($json.day).plus({ days: 1 }).minus({ seconds: 1 }) }}"),
				},
			],
			connections: chain('Start', 'Orders'),
			input: [{ day: '2026-11-16' }],
			settings: { timezone: 'Asia/Shanghai' },
			credentials,
		});
		// Under jest's per-file realm the DateTimes arrived as marker objects ("[object Object]" is not a date); real
		// n8n 2.40.7 and the one-realm engine project hand the node DateTimes (see test/support/engine/index.ts).
		expect(run.error).toBeUndefined();
		// n8n 2.40.7's default: expressions run in the isolated-vm sandbox (N8N_EXPRESSION_ENGINE overrides it)
		expect(Expression.getActiveImplementation()).toBe(process.env.N8N_EXPRESSION_ENGINE ?? 'vm');
		expect(run.output('Orders').map(orderIdOf).sort()).toEqual(expectedIds('2026-11-16 00:00:00', '2026-11-16 23:59:59'));
	});

	it('routes a bad item to the error output and the good ones on, each paired with its input', async () => {
		const [a, b] = emu.state.listOrders();
		const run = await runWorkflow({
			nodes: [
				trigger,
				{
					name: 'Order Detail',
					type: XIAOE,
					parameters: { resource: 'order', operation: 'get', orderId: '={{ $json.id }}' },
					onError: 'continueErrorOutput',
				},
				{ name: 'Found', type: 'n8n-nodes-base.noOp' },
				{ name: 'Failed', type: 'n8n-nodes-base.noOp' },
			],
			connections: {
				Start: { main: [[{ node: 'Order Detail', type: 'main', index: 0 }]] },
				'Order Detail': {
					main: [[{ node: 'Found', type: 'main', index: 0 }], [{ node: 'Failed', type: 'main', index: 0 }]],
				},
			},
			input: [{ id: a.order_id }, { id: 'o_missing' }, { id: b.order_id }],
			credentials,
		});
		expect(run.error).toBeUndefined();
		expect(run.output('Found').map(orderIdOf)).toEqual([a.order_id, b.order_id]);
		const failed = run.output('Order Detail', 1);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error).toMatch(/Xiaoe \(小鹅通\) API error 7/);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(run.output('Failed')).toHaveLength(1);
	});

	it('without Continue On Fail the execution fails with the API error naming the item', async () => {
		const items = [{ id: emu.state.listOrders()[0].order_id }, { id: 'o_missing' }];
		const error = await runNode(Xiaoe, { resource: 'order', operation: 'get', orderId: '={{ $json.id }}' }, { items, credentials }).catch((e) => e);
		// n8n keeps a plain copy of the node's error in the run data: the class survives as its name
		expect(error).toMatchObject({ name: 'NodeApiError', context: { itemIndex: 1 }, description: '订单不存在' });
		expect(error.message).toMatch(/Xiaoe \(小鹅通\) API error 7/);
		expect(JSON.stringify(error)).not.toContain('emu_secret');
	});

	it('with Continue On Fail (regular output) a bad input value fails only its item', async () => {
		const out = await runNode(
			Xiaoe,
			getMany('={{ $json.from }}', '2026-11-20T12:00:00+08:00', { returnAll: false, limit: 2 }),
			{ items: [{ from: '2026-11-19T00:00:00+08:00' }, { from: 'yesterday-ish' }], credentials, continueOnFail: true },
		);
		expect(out.filter((o) => o.json.error === undefined)).toHaveLength(2);
		const bad = out.filter((o) => o.json.error !== undefined);
		expect(bad).toHaveLength(1);
		expect(bad[0].json.error).toMatch(/"yesterday-ish" is not a date .*\(item 2\)/);
		expect(bad[0].pairedItem).toEqual({ item: 1 });
	});
});

describe('Xiaoe node: orders', () => {
	it('Get Many (2.0) over a 3-day window with Return All returns exactly the orders of that window, paged', async () => {
		const out = await run(getMany('2026-11-15T00:00:00+08:00', '2026-11-17T23:59:59+08:00'));
		const expected = expectedIds('2026-11-15 00:00:00', '2026-11-17 23:59:59');
		expect(expected.length).toBeGreaterThan(100); // more than one page
		expect(ids(out)).toEqual(expected);
		expect(new Set(ids(out)).size).toBe(out.length);
		expect(emu.stats().calls['xe.ecommerce.order.list/1.0.0']).toBe(Math.ceil(expected.length / 100) + (expected.length % 100 === 0 ? 1 : 0));
		// times come back as ISO with the Beijing offset, money untouched (fen)
		const first = out[0].json.order_info as IDataObject;
		expect(String(first.created_time)).toMatch(/^2026-11-1[5-7]T\d\d:\d\d:\d\d\+08:00$/);
	});

	it('Get Many (2.0) by update time and (1.1) over 10 days: windows are split as the API requires', async () => {
		const byUpdate = await run(getMany('2026-11-12T00:00:00+08:00', '2026-11-20T12:00:00+08:00', { timeField: 'updated' }));
		expect(ids(byUpdate)).toEqual(expectedIds('2026-11-12 00:00:00', '2026-11-20 12:00:00', 'update_time'));
		const v1 = await run({ resource: 'order', operation: 'getMany', apiVersion: 'v1', start: '2026-11-10T12:00:00+08:00', end: '2026-11-20T12:00:00+08:00', returnAll: true });
		expect(ids(v1)).toEqual(expectedIds('2026-11-10 12:00:00', '2026-11-20 12:00:00'));
	});

	it('filters reach the API under its own names (camelCase in the node, snake_case on the wire)', async () => {
		const buyer = emu.state.listOrders().find((o) => o.state === 4)!.user_id;
		const completed = await run(getMany('2026-11-10T12:00:00+08:00', '2026-11-20T12:00:00+08:00', { filters: { userId: buyer, orderStateV2: 4 } }));
		const expected = emu.state.listOrders().filter((o) => o.user_id === buyer && o.state === 4 && o.created_time >= '2026-11-10 12:00:00');
		expect(ids(completed)).toEqual(expected.map((o) => o.order_id).sort());
		const one = await run(getMany('2026-11-10T12:00:00+08:00', '2026-11-20T12:00:00+08:00', { filters: { orderId: expected[0].order_id } }));
		expect(ids(one)).toEqual([expected[0].order_id]);
	});

	it('reads the window in the workflow time zone when no offset is given', async () => {
		// 2026-11-15 00:00 in UTC is 08:00 in Beijing
		const out = await run(getMany('2026-11-15T00:00:00', '2026-11-15T23:59:59'), { timezone: 'UTC' });
		expect(ids(out)).toEqual(expectedIds('2026-11-15 08:00:00', '2026-11-16 07:59:59'));
	});

	it('Limit stops paging early', async () => {
		const out = await run(getMany('2026-11-10T00:00:00+08:00', '2026-11-20T12:00:00+08:00', { returnAll: false, limit: 7 }));
		expect(out).toHaveLength(7);
		expect(emu.stats().calls['xe.ecommerce.order.list/1.0.0']).toBe(1);
	});

	it('Get returns the order detail; a bad id fails only that item with Continue On Fail', async () => {
		const [a, b] = emu.state.listOrders();
		const out = await run({ resource: 'order', operation: 'get', orderId: '={{ $json.id }}' }, {
			items: [{ id: a.order_id }, { id: 'o_missing' }, { id: b.order_id }],
			continueOnFail: true,
		});
		expect(out).toHaveLength(3);
		expect((out[0].json.order_info as IDataObject).order_id).toBe(a.order_id);
		expect(out[1].json.error).toMatch(/Xiaoe \(小鹅通\) API error 7/);
		expect(out[1].pairedItem).toEqual({ item: 1 });
		expect((out[2].json.order_info as IDataObject).order_id).toBe(b.order_id);
	});

	it('without Continue On Fail the error names the item and stops', async () => {
		await expect(run({ resource: 'order', operation: 'getMany', apiVersion: 'v2', start: 'yesterday-ish', returnAll: true })).rejects.toThrow(
			/From: "yesterday-ish" is not a date .*\(item 1\)/,
		);
	});
});

describe('Xiaoe node: users, courses, goods, purchases, forms, custom calls', () => {
	it('Get Many by ID: 150 items, 60 distinct users → 2 calls, paired output, unknown id flagged', async () => {
		const users = emu.state.listUsers();
		const idFor = (i: number) => (i === 149 ? 'u_unknown' : users[i % 60].user_id);
		const out = await run(
			{ resource: 'user', operation: 'getManyByIds', userId: '={{ $json.id }}', notFound: 'empty' },
			{ items: Array.from({ length: 150 }, (_, i) => ({ id: idFor(i) })) },
		);
		expect(out).toHaveLength(150);
		expect(emu.stats().calls['xe.user.batch_by_user_id.get/1.0.0']).toBe(2);
		out.forEach((o, i) => {
			expect(o.pairedItem).toEqual({ item: i });
			expect(o.json.user_id).toBe(idFor(i));
		});
		expect(out[149].json.found).toBe(false);
		expect(out[0].json.found).toBe(true);
	});

	it('Get Many users with Return All follows the 2.0 cursor to the end', async () => {
		const out = await run({ resource: 'user', operation: 'getMany', returnAll: true, filters: {} });
		expect(out.map((o) => o.json.user_id).sort()).toEqual(emu.state.listUsers().map((u) => u.user_id).sort());
	});

	it('Get a user by phone (nested data.phone) and by id', async () => {
		const u = emu.state.listUsers()[3];
		const byPhone = await run({ resource: 'user', operation: 'get', lookupBy: 'phone', lookupValue: `+86-${u.bind_phone}`, fields: ['nickname', 'phone'] });
		expect(byPhone[0].json.user_id).toBe(u.user_id);
		const byId = await run({ resource: 'user', operation: 'get', lookupBy: 'userId', lookupValue: u.user_id, fields: ['nickname'] });
		expect(byId[0].json.nickname).toBe(u.nickname);
	});

	it('courses, goods, purchases and form answers', async () => {
		const courses = await run({ resource: 'course', operation: 'getMany', returnAll: true, filters: {} });
		expect(courses.length).toBeGreaterThan(0);
		const c = courses[0].json;
		const goods = await run({ resource: 'goods', operation: 'get', goodsId: c.resource_id, goodsType: c.resource_type });
		expect(goods[0].json.title).toBe(c.title);
		const buyer = emu.state.listOrders().find((o) => o.state === 4)!;
		const purchases = await run({ resource: 'purchase', operation: 'getMany', userId: buyer.user_id, returnAll: true, filters: {} });
		expect(purchases.length).toBeGreaterThan(0);
		const res = (await (await fetch(`${emu.url}/__emulator/resources`)).json()) as { forms: Array<{ form_id: string }> };
		const answers = await run({ resource: 'infoCollection', operation: 'getResults', source: 'form', formId: res.forms[0].form_id, returnAll: true, filters: {} });
		expect(answers.length).toBeGreaterThan(0);
		const one = await run({ resource: 'infoCollection', operation: 'getResults', source: 'user', userId: answers[0].json.user_id, returnAll: true, filters: {} });
		expect(one[0].json.user_id).toBe(answers[0].json.user_id);
	});

	it('form answers: every form layout read by question title into `fields`, and all answers under `answers`', async () => {
		for (const form of emu.state.forms) {
			const out = await run({ resource: 'infoCollection', operation: 'getResults', source: 'form', formId: form.form_id, returnAll: true, filters: {} });
			const expected = emu.state.collections.filter((c) => c.form_id === form.form_id);
			expect(out).toHaveLength(expected.length);
			for (const item of out) {
				const c = expected.find((x) => x.id === item.json.id)!;
				expect(typeof item.json.extra).toBe('string'); // the API's own value, untouched
				expect(item.json.fields).toEqual(c.answers);
				expect(Object.keys(item.json.answers as IDataObject)).toEqual(form.questions.map((q) => q.title));
			}
		}
	});

	it('form answers for input users: own Fields mapping, users without an answer get an empty object', async () => {
		const form = emu.state.forms[1];
		const answered = emu.state.collections.find((c) => c.form_id === form.form_id)!;
		const silent = emu.state.users.find((u) => !emu.state.collections.some((c) => c.user_id === u.user_id && c.form_id === form.form_id))!;
		const fieldMap = { field: [{ titles: '手机|phone', key: 'mobile' }, { titles: '单位', key: 'org' }] };
		const userId = `={{ ['${answered.user_id}', '${silent.user_id}'][$json.n - 1] }}`;
		const direct = await run({ resource: 'infoCollection', operation: 'getForUsers', formId: form.form_id, userId, putInField: 'form', fieldMap }, {
			items: [{ n: 1 }, { n: 2 }],
		});
		expect((direct[0].json.form as IDataObject).fields).toEqual({ mobile: answered.answers.phone, org: answered.answers.company });
		expect(direct[1].json).toEqual({ n: 2, form: {} });
		expect(emu.stats().calls['xe.information.form.result.get/1.0.0']).toBe(1); // one read for all items
	});

	it('a Fields row without a question title is an input error naming the row', async () => {
		const fieldMap = { field: [{ titles: '', key: 'mobile' }] };
		await expect(
			run({ resource: 'infoCollection', operation: 'getResults', source: 'form', formId: emu.state.forms[0].form_id, returnAll: true, filters: {}, fieldMap }),
		).rejects.toThrow(/Fields › mobile: needs at least one Question Title \(item 1\)/);
	});

	it('an empty Form ID: n8n refuses the run naming the parameter; a blank one fails in the node, naming it too', async () => {
		const parameters = { resource: 'infoCollection', operation: 'getForUsers', userId: '={{ $json.user_id }}' };
		const empty = await run({ ...parameters, formId: '' }).catch((e) => e);
		expect(empty.message).toMatch(/Parameter "Form ID" is required/);
		const blank = await run({ ...parameters, formId: '   ' }, { items: [{ user_id: 'u_1' }] }).catch((e) => e);
		expect(blank).toMatchObject({ name: 'NodeOperationError' });
		expect(blank.message).toMatch(/Form ID: is required \(item 1\)/);
		expect(emu.stats().businessCalls).toBe(0);
	});

	it('Custom API Call injects the token and splits lists', async () => {
		const out = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.user.batch.get/1.0.0', body: '{"page":1,"page_size":5}', write: false, split: true });
		expect(out).toHaveLength(5);
		await expect(run({ resource: 'custom', operation: 'apiCall', api: 'not an api', body: '{}' })).rejects.toThrow(/API: "not an api" is not an API name/);
	});
});

describe('Xiaoe token management and faults', () => {
	it('fetches one token for many calls, concurrent executions and node runs in the same process', async () => {
		const params = getMany('2026-11-11T00:00:00+08:00', '2026-11-20T12:00:00+08:00');
		await Promise.all([run(params), run(params), run(params)]);
		await run({ resource: 'user', operation: 'getMany', returnAll: true, filters: {} });
		expect(emu.stats().businessCalls).toBeGreaterThan(10);
		expect(emu.stats().tokenFetches).toBe(1);
	});

	it('refetches once when the API says the token expired (inside a 200 body), losing nothing', async () => {
		emu.state.setFaults({ expireTokenEveryNCalls: 3 });
		const out = await run(getMany('2026-11-10T12:00:00+08:00', '2026-11-20T12:00:00+08:00'));
		expect(ids(out)).toEqual(expectedIds('2026-11-10 12:00:00', '2026-11-20 12:00:00'));
		expect(emu.stats().rejectedTokenCalls).toBeGreaterThan(0);
		expect(emu.stats().tokensIssued).toBe(emu.stats().rejectedTokenCalls + 1);
	});

	it('retries reads through throttling and 502s', async () => {
		emu.state.setFaults({ throttleEveryNCalls: 2, serverErrorEveryNCalls: 3 });
		const out = await run(getMany('2026-11-14T00:00:00+08:00', '2026-11-17T00:00:00+08:00'));
		expect(ids(out)).toEqual(expectedIds('2026-11-14 00:00:00', '2026-11-17 00:00:00'));
		expect(emu.stats().throttled).toBeGreaterThan(0);
	});

	it('retries reads answered "busy" inside HTTP 200 (系统繁忙), whatever the code; a busy write is not resent', async () => {
		// a reset emulator forgets its tokens: start without a cached one too, so that every call counted is a busy one
		const fresh = () => (emu.state.reset({ appId }), sessionCache.clear());
		for (const code of [-1, 50001]) {
			fresh();
			emu.state.setFaults({ busyEveryNCalls: 2, busyAnswer: { code, msg: '系统繁忙，请稍后再试' } });
			const out = await run(getMany('2026-11-14T00:00:00+08:00', '2026-11-17T00:00:00+08:00'));
			expect(ids(out)).toEqual(expectedIds('2026-11-14 00:00:00', '2026-11-17 00:00:00'));
			expect(emu.stats().busyAnswers).toBeGreaterThan(0);
		}
		fresh();
		emu.state.setFaults({ busyEveryNCalls: 1, busyAnswer: { code: 1, msg: 'server busy, try again later' } });
		const write = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.user.batch.get/1.0.0', body: '{"page":1,"page_size":5}', write: true }).catch((e) => e);
		expect(write.message).toMatch(/Xiaoe \(小鹅通\) API error 1: server busy/);
		expect(write.description).toMatch(/not retried automatically/);
		expect(emu.stats().calls['xe.user.batch.get/1.0.0']).toBe(1);
	});

	it('a wrong secret fails with the API code and a hint, and never shows the secret', async () => {
		const secret = 'wrong-secret-abcdef';
		const error = await run({ resource: 'order', operation: 'get', orderId: 'x' }, { creds: { secretKey: secret } }).catch((e) => e);
		expect(error.message).toMatch(/2004/);
		expect(error.description).toMatch(/App ID, Client ID and Secret Key/);
		expect(JSON.stringify({ m: error.message, d: error.description, c: error.context, x: error.cause })).not.toContain(secret);
		expect(emu.stats().tokenFetches).toBe(1);
	});

	it('a shop without a Client ID gets its token without client_id in the request', async () => {
		emu.state.reset({ appId, clientId: '' });
		const out = await run({ resource: 'order', operation: 'get', orderId: emu.state.listOrders()[0].order_id }, { creds: { clientId: '  ' } });
		expect(out).toHaveLength(1);
		expect(emu.stats().tokenParams).toEqual([['app_id', 'grant_type', 'secret_key']]);
	});

	it("a business code is reported as the API's code, never as an HTTP status", async () => {
		const error = await run({ resource: 'order', operation: 'get', orderId: 'o_missing' }).catch((e) => e);
		expect(error.message).toMatch(/Xiaoe \(小鹅通\) API error 7: /);
		expect(error.apiCode).toBe('7');
		expect(error.httpCode ?? null).toBeNull();
		// An HTTP error status is still one.
		emu.state.setFaults({ serverErrorEveryNCalls: 1 });
		const http = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.order.detail/1.0.0', body: '{"order_id":"x"}', write: true }).catch((e) => e);
		expect(http.httpCode).toBe('502');
	});

	it('an unknown code fails the item clearly, with Continue On Fail item by item', async () => {
		emu.state.setFaults({ answerCode: { code: 9999, msg: '未知错误', api: 'xe.order.detail/1.0.0' } });
		const out = await run({ resource: 'order', operation: 'get', orderId: 'o_1' }, { continueOnFail: true });
		expect(out[0].json).toMatchObject({ error: 'Xiaoe (小鹅通) API error 9999: 未知错误', details: { code: '9999' } });
	});

	it('an IP missing from the whitelist says so (2051)', async () => {
		emu.state.setFaults({ ipBlocked: true });
		const error = await run({ resource: 'order', operation: 'get', orderId: 'x' }).catch((e) => e);
		expect(error.message).toMatch(/2051/);
		expect(error.description).toMatch(/whitelist/);
	});

	it('never puts the token into output or errors', async () => {
		const out = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.order.detail/1.0.0', body: '{"order_id":"nope"}', write: false, split: false }, { continueOnFail: true });
		const token = [...(emu.state as unknown as { tokens: Map<string, unknown> }).tokens.keys()][0];
		expect(token).toBeTruthy();
		expect(JSON.stringify(out)).not.toContain(token);
	});
});

describe('Xiaoe writes are never blindly retried', () => {
	it('a write that gets a 502 fails once with a hint; the same call as a read is retried', async () => {
		emu.state.setFaults({ serverErrorEveryNCalls: 1 });
		const write = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.user.batch.get/1.0.0', body: '{"page":1,"page_size":5}', write: true, split: true }).catch((e) => e);
		expect(write.message).toMatch(/HTTP 502|502/);
		expect(write.description).toMatch(/not retried automatically/);
		expect(emu.stats().calls['xe.user.batch.get/1.0.0']).toBe(1);
		emu.state.setFaults({ serverErrorEveryNCalls: 2 });
		const read = await run({ resource: 'custom', operation: 'apiCall', api: 'xe.user.batch.get/1.0.0', body: '{"page":1,"page_size":5}', write: false, split: true });
		expect(read).toHaveLength(5);
	});
});
