/** The Xiaoe Trigger polled by n8n-core (see test/support/engine), against the Xiaoe emulator over HTTP. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startXiaoeEmulator } from '../../emulators/xiaoe';
import type { XiaoeEmulator } from '../../emulators/xiaoe';
import { activePoller, runPoll } from '../../support/engine';
import { xiaoeCreds } from '../../support/xiaoe';
import { XiaoeTrigger } from '../../../nodes/Xiaoe/XiaoeTrigger.node';
import { deliveryPolicy } from '../../../nodes/core/pollDelivery';
import { retryPolicy } from '../../../nodes/core/retry';

let emu: XiaoeEmulator;
let credentials: { xiaoeApi: IDataObject };

beforeAll(async () => {
	retryPolicy.baseDelayMs = 20;
	emu = await startXiaoeEmulator({ orders: 200, users: 50 });
});
afterAll(() => emu.close());

// A fresh shop per test: no token cached from an earlier test (the core's cache is per credential identity).
let shop = 0;
beforeEach(() => {
	const appId = `app_trigger_${++shop}`;
	emu.state.reset({ appId });
	credentials = { xiaoeApi: xiaoeCreds(emu, { appId }) };
});

const beijing = (dt: DateTime) => dt.setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm:ss');
const ids = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => String((i.json.order_info as IDataObject).order_id)).sort();
const infos = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json.order_info as IDataObject);
const updatedSince = (since: DateTime) =>
	emu.state
		.listOrders()
		.filter((o) => o.update_time >= beijing(since))
		.map((o) => o.order_id)
		.sort();

describe('Xiaoe Trigger on n8n-core', () => {
	it('polled on one active workflow: each order once, the cursor saved with what was emitted', async () => {
		const since = DateTime.now().minus({ minutes: 10 });
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'date', startDate: since.toISO() }, {}, { credentials });

		const activation = await poller.poll();
		expect(activation.error).toBeUndefined();
		expect(ids(activation.items)).toEqual(updatedSince(since));
		expect(activation.items!.length).toBeGreaterThan(0);
		expect(activation.saved).toBe(true);

		const fresh = emu.state.addOrders({ count: 120, sameSecond: true });
		const second = await poller.poll();
		expect(ids(second.items)).toEqual(fresh.map((o) => o.order_id).sort());
		expect(second.saved).toBe(true);
		expect(poller.savedStaticData).toEqual(second.staticData);

		const third = await poller.poll();
		expect(third.items).toBeNull(); // nothing new: no execution, nothing saved
		expect(third.saved).toBe(false);
		expect(new Set([...ids(activation.items), ...ids(second.items)]).size).toBe(activation.items!.length + 120);
	});

	it('carries the static data between one-shot polls; a poll while one runs emits nothing', async () => {
		const parameters = { event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 3 }).toISO() };
		const first = await runPoll(XiaoeTrigger, parameters, {}, 'trigger', { credentials });
		expect(ids(first.items)).toEqual(updatedSince(DateTime.now().minus({ days: 3 })));
		expect(first.staticData.cursor).toBeDefined();

		const fresh = emu.state.addOrders({ count: 3, sameSecond: true });
		const poller = activePoller(XiaoeTrigger, parameters, first.staticData, { credentials });
		const [a, b] = await Promise.all([poller.poll(), poller.poll()]);
		expect([ids(a.items), ids(b.items)]).toContainEqual(fresh.map((o) => o.order_id).sort());
		expect([a.items, b.items]).toContainEqual(null);
		expect((await poller.poll()).items).toBeNull();
	});

	it('starting from now emits nothing on activation, and n8n saves the cursor set then', async () => {
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'now' }, {}, { credentials });
		const activation = await poller.poll();
		expect(activation.items).toBeNull();
		expect(activation.saved).toBe(true);
		expect(poller.savedStaticData.cursor).toBeDefined();
	});

	it('Fetch Test Event (manual) returns the newest few orders and leaves the static data alone', async () => {
		const sample = await runPoll(XiaoeTrigger, { event: 'created' }, {}, 'manual', { credentials });
		expect(sample.items!.length).toBeGreaterThan(0);
		expect(sample.items!.length).toBeLessThanOrEqual(5);
		const newest = [...emu.state.listOrders()].sort((x, y) => y.created_ms - x.created_ms)[0];
		const newestTime = DateTime.fromMillis(Math.floor(newest.created_ms / 1000) * 1000).setZone('Asia/Shanghai');
		expect((sample.items![0].json.order_info as IDataObject).created_time).toBe(newestTime.toISO({ suppressMilliseconds: true }));
		expect(sample.staticData).toEqual({});
		expect(sample.saved).toBe(false);
	});
});

describe('Xiaoe Trigger: the cursor', () => {
	it('emits every new or updated order exactly once, including ties on one second and late writes', async () => {
		const since = DateTime.now().minus({ minutes: 10 });
		const poller = activePoller(
			XiaoeTrigger,
			{ event: 'updated', startFrom: 'date', startDate: since.toISO(), options: { overlapSeconds: 300 } },
			{},
			{ credentials },
		);
		const poll = async () => infos((await poller.poll()).items);
		const emitted: string[] = [];
		const record = (orders: IDataObject[]) => orders.forEach((o) => emitted.push(`${o.order_id}@${o.update_time}`));

		// first activation from a date: whatever changed since then, once
		const initial = await poll();
		expect(initial.map((o) => o.order_id).sort()).toEqual(updatedSince(since));
		record(initial);
		expect(poller.staticData.cursor).toBeDefined();

		// 150 orders in one second: more than a page (100), all tied on update_time
		const now = DateTime.now();
		const burst = emu.state.addOrders({ count: 150, sameSecond: true, at: now.toMillis() });
		const first = await poll();
		expect(first.map((o) => o.order_id).sort()).toEqual(burst.map((o) => o.order_id).sort());
		record(first);

		// Written after that poll, but stamped with the same second; plus orders written 2 minutes late; plus updates
		const sameSecond = emu.state.addOrders({ count: 5, sameSecond: true, at: now.toMillis() });
		const late = emu.state.addOrders({ count: 3, at: now.minus({ minutes: 2 }).toMillis() });
		const updated = emu.state.listOrders().slice(0, 4).map((o) => o.order_id);
		emu.state.updateOrders({ orderIds: updated, at: now.toMillis() });
		const second = await poll();
		expect(second.map((o) => o.order_id).sort()).toEqual([...sameSecond, ...late].map((o) => o.order_id).concat(updated).sort());
		record(second);

		// Nothing new: nothing emitted, and no order was ever emitted twice in the same version
		expect(await poll()).toEqual([]);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect(emitted).toHaveLength(initial.length + 150 + 5 + 3 + 4);
	});

	it('starts from a configured date and emits the older orders once', async () => {
		const start = DateTime.now().minus({ days: 2 });
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'date', startDate: start.toISO(), options: {} }, {}, { credentials });
		const got = infos((await poller.poll()).items);
		expect(got.map((o) => o.order_id).sort()).toEqual(updatedSince(start));
		expect((await poller.poll()).items).toBeNull();
	});

	it('from now, replays nothing older than its activation', async () => {
		// The generated history ends at the reset instant; activate a second later (orders of the activation second
		// itself are emitted: at second precision, better once too many than missed).
		await new Promise((r) => setTimeout(r, 1100));
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'now', options: {} }, {}, { credentials });
		expect((await poller.poll()).items).toBeNull();
		expect((await poller.poll()).items).toBeNull();
		const fresh = emu.state.addOrders({ count: 3, sameSecond: true });
		expect(ids((await poller.poll()).items)).toEqual(fresh.map((o) => o.order_id).sort());
	});

	it('a Start Date left empty: n8n refuses the Fetch Test Event run naming it, before any call to Xiaoe', async () => {
		const error = await runPoll(XiaoeTrigger, { event: 'updated', startFrom: 'date', startDate: '' }, {}, 'manual', { credentials }).catch((e) => e);
		expect(error.message).toMatch(/Parameter "Start Date" is required/);
		expect(emu.stats().businessCalls).toBe(0);
	});
});

describe('Xiaoe Trigger: paid orders and API errors', () => {
	it('"Order Paid" emits orders by their pay time (order_info.pay_state_time), once, and not unpaid ones', async () => {
		const since = DateTime.now().minus({ days: 2 });
		const poller = activePoller(XiaoeTrigger, { event: 'paid', startFrom: 'date', startDate: since.toISO(), options: { overlapSeconds: 300 } }, {}, { credentials });
		const poll = async () => infos((await poller.poll()).items);
		const paidSince = () => emu.state.listOrders().filter((o) => o.pay_ms > 0 && o.pay_time >= beijing(since));
		const first = await poll();
		expect(paidSince().length).toBeGreaterThan(5);
		expect(first.map((o) => o.order_id).sort()).toEqual(paidSince().map((o) => o.order_id).sort());
		expect(first.every((o) => typeof o.pay_state_time === 'string' && o.pay_state_time !== '')).toBe(true);

		// A new order paid now; another order updated but not paid again: only the first is emitted.
		const [fresh] = emu.state.addOrders({ count: 1 });
		emu.state.updateOrders({ orderIds: [first[0].order_id as string] });
		expect((await poll()).map((o) => o.order_id)).toEqual([fresh.order_id]);
		expect(await poll()).toEqual([]);
	});

	it('an Order State option reaches the API as order_state', async () => {
		const since = DateTime.now().minus({ days: 3 });
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'date', startDate: since.toISO(), options: { orderState: 4 } }, {}, { credentials });
		const expected = emu.state.listOrders().filter((o) => o.state === 4 && o.update_time >= beijing(since));
		expect(expected.length).toBeGreaterThan(0);
		expect(ids((await poller.poll()).items)).toEqual(expected.map((o) => o.order_id).sort());
	});

	it('an unknown business code fails the poll with that code, and the cursor does not move', async () => {
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 1 }).toISO(), options: {} }, {}, { credentials });
		expect((await poller.poll()).items!.length).toBeGreaterThan(0);
		const before = poller.staticData;
		emu.state.addOrders({ count: 2 });
		// The wording says "busy": the read is retried first (see the adapter), then fails with the API's own code.
		emu.state.setFaults({ answerCode: { code: 9999, msg: '系统繁忙', api: 'xe.ecommerce.order.list/1.0.0' } });
		const failed = await poller.poll();
		const error = failed.error as Error & { apiCode?: string; httpCode?: string };
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(/Xiaoe \(小鹅通\) API error 9999: 系统繁忙/);
		expect(error.apiCode).toBe('9999');
		expect(error.httpCode ?? null).toBeNull(); // a business code is not an HTTP status
		expect(failed.items).toBeNull();
		expect(poller.staticData).toEqual(before);
		// Once Xiaoe answers again, the orders written meanwhile are emitted.
		emu.state.setFaults({ answerCode: null });
		expect((await poller.poll()).items!.length).toBe(2);
	});
});

describe('Xiaoe Trigger: at-least-once delivery', () => {
	beforeEach(() => {
		deliveryPolicy.basePauseMs = 0;
	});
	afterAll(() => (deliveryPolicy.basePauseMs = 60_000));

	it('orders whose execution failed are emitted again on the next poll, until an execution succeeds; then never again', async () => {
		let outcome: 'success' | 'error' = 'success';
		await new Promise((r) => setTimeout(r, 1100));
		const poller = activePoller(XiaoeTrigger, { event: 'updated', startFrom: 'now', options: {} }, {}, { credentials, runOutcome: () => outcome });
		const poll = async () => ids((await poller.poll()).items);
		expect(await poll()).toEqual([]);
		const fresh = emu.state.addOrders({ count: 3, sameSecond: true }).map((o) => o.order_id).sort();
		outcome = 'error'; // e.g. the target service is down
		expect(await poll()).toEqual(fresh);
		expect(await poll()).toEqual(fresh);
		outcome = 'success';
		expect(await poll()).toEqual(fresh);
		expect(await poll()).toEqual([]);
		expect((poller.staticData.cursor as IDataObject).pending).toEqual({});
	});
});
