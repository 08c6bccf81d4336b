/** The Xiaoe node in workflows run by n8n-core (see test/support/engine), against the Xiaoe emulator over HTTP. */
import type { IConnections, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Expression } from 'n8n-workflow';
import { startXiaoeEmulator } from '../../emulators/xiaoe';
import type { XiaoeEmulator } from '../../emulators/xiaoe';
import { runNode, runWorkflow } from '../../support/engine';
import type { NodeJson } from '../../support/engine';
import { xiaoeCreds } from '../../support/xiaoe';
import { Xiaoe } from '../../../nodes/Xiaoe/Xiaoe.node';

const XIAOE = 'n8n-nodes-china-saas.xiaoe';
let emu: XiaoeEmulator;
let credentials: { xiaoeApi: IDataObject };

beforeAll(async () => {
	emu = await startXiaoeEmulator({ anchor: '2026-11-20T12:00:00+08:00', spanDays: 10, orders: 300, users: 60 });
});
afterAll(() => emu.close());

// A fresh shop (app id) per test: the core's token cache is per credential identity and lives as long as the
// module, so every test starts without a cached token, as a new n8n process would.
let shop = 0;
beforeEach(() => {
	const appId = `app_engine_${++shop}`;
	emu.state.reset({ appId });
	credentials = { xiaoeApi: xiaoeCreds(emu, { appId }) };
});

const trigger: NodeJson = { name: 'Start', type: 'n8n-nodes-base.manualTrigger' };
const orderIdOf = (o: INodeExecutionData) => String((o.json.order_info as IDataObject | undefined)?.order_id ?? o.json.order_id);
const expectedIds = (from: string, to: string) =>
	emu.state
		.listOrders()
		.filter((o) => o.created_time >= from && o.created_time <= to)
		.map((o) => o.order_id)
		.sort();
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
