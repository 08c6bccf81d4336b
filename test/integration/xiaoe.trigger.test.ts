import type { IDataObject } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import type { XiaoeEmulator } from '../emulators/xiaoe';
import { pollContext } from '../support/context';
import type { Emission } from '../support/context';
import { deliveryPolicy } from '../../nodes/core/pollDelivery';
import { xiaoeCreds } from '../support/xiaoe';
import { XiaoeTrigger } from '../../nodes/Xiaoe/XiaoeTrigger.node';
import { retryPolicy } from '../../nodes/core/retry';
import { sessionCache } from '../../nodes/core/sessionCache';

let emu: XiaoeEmulator;
beforeAll(async () => {
	retryPolicy.baseDelayMs = 20;
	emu = await startXiaoeEmulator({ orders: 200, users: 50 });
});
afterAll(() => emu.close());

const beijing = (dt: DateTime) => dt.setZone('Asia/Shanghai').toFormat('yyyy-MM-dd HH:mm:ss');

/**
 * Polls as n8n does; an emission's execution ends as `outcome` says (success unless a test wants a failed run).
 * Returns the orders emitted (or returned, in manual mode).
 */
function poller(staticData: IDataObject, parameters: IDataObject, mode: 'trigger' | 'manual' = 'trigger', outcome: () => 'success' | 'error' = () => 'success') {
	const emissions: Emission[] = [];
	const ctx = pollContext({ parameters, staticData, mode, emissions, credentials: { xiaoeApi: xiaoeCreds(emu) } });
	return async () => {
		const before = emissions.length;
		const out = await new XiaoeTrigger().poll.call(ctx);
		const emitted = emissions.slice(before);
		emitted.forEach((e) => e.finish(outcome()));
		await new Promise((r) => setImmediate(r)); // let the done promise settle, as n8n's would before the next poll
		const items = out?.[0] ?? emitted.flatMap((e) => e.items);
		return items.map((i) => i.json.order_info as IDataObject);
	};
}

describe('Xiaoe Trigger', () => {
	beforeEach(() => {
		sessionCache.clear();
		emu.state.reset({});
	});

	it('emits every new or updated order exactly once, including ties on one second and late writes', async () => {
		const staticData: IDataObject = {};
		const since = DateTime.now().minus({ minutes: 10 });
		const poll = poller(staticData, { event: 'updated', startFrom: 'date', startDate: since.toISO(), options: { overlapSeconds: 300 } });
		const emitted: string[] = [];
		const record = (orders: IDataObject[]) => orders.forEach((o) => emitted.push(`${o.order_id}@${o.update_time}`));

		// first activation from a date: whatever changed since then, once
		const initial = await poll();
		expect(initial.map((o) => o.order_id).sort()).toEqual(
			emu.state.listOrders().filter((o) => o.update_time >= beijing(since)).map((o) => o.order_id).sort(),
		);
		record(initial);
		expect(staticData.cursor).toBeDefined();

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
		const staticData: IDataObject = {};
		const start = DateTime.now().minus({ days: 2 });
		const poll = poller(staticData, { event: 'updated', startFrom: 'date', startDate: start.toISO(), options: {} });
		const got = await poll();
		const expected = emu.state.listOrders().filter((o) => o.update_time >= beijing(start)).map((o) => o.order_id);
		expect(got.map((o) => o.order_id).sort()).toEqual(expected.sort());
		expect(await poll()).toEqual([]);
	});

	it('in manual mode returns the newest few orders and leaves the cursor alone', async () => {
		const staticData: IDataObject = {};
		const sample = await poller(staticData, { event: 'created', startFrom: 'now', options: {} }, 'manual')();
		expect(sample.length).toBeGreaterThan(0);
		expect(sample.length).toBeLessThanOrEqual(5);
		const newest = [...emu.state.listOrders()].sort((a, b) => b.created_ms - a.created_ms)[0];
		expect(sample[0].created_time).toBe(DateTime.fromMillis(Math.floor(newest.created_ms / 1000) * 1000).setZone('Asia/Shanghai').toISO({ suppressMilliseconds: true }));
		expect(staticData).toEqual({});
	});
});

describe('Xiaoe Trigger from now', () => {
	it('replays nothing older than its activation', async () => {
		sessionCache.clear();
		emu.state.reset({});
		// The generated history ends at the reset instant; activate a second later (orders of the activation second
		// itself are emitted: at second precision, better once too many than missed).
		await new Promise((r) => setTimeout(r, 1100));
		const staticData: IDataObject = {};
		const poll = poller(staticData, { event: 'updated', startFrom: 'now', options: {} });
		expect(await poll()).toEqual([]);
		expect(await poll()).toEqual([]);
		const fresh = emu.state.addOrders({ count: 3, sameSecond: true });
		expect((await poll()).map((o) => o.order_id).sort()).toEqual(fresh.map((o) => o.order_id).sort());
	});
});

describe('Xiaoe Trigger overlapping polls', () => {
	it('a poll that starts while the previous one still runs emits nothing, so nothing is emitted twice', async () => {
		sessionCache.clear();
		emu.state.reset({});
		const staticData: IDataObject = {};
		const poll = poller(staticData, { event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 3 }).toISO(), options: {} });
		const [a, b] = await Promise.all([poll(), poll()]);
		expect(a.length).toBeGreaterThan(0);
		expect(b).toEqual([]);
		expect(await poll()).toEqual([]);
	});
});

describe('Xiaoe Trigger: paid orders and API errors', () => {
	beforeEach(() => {
		sessionCache.clear();
		emu.state.reset({});
	});

	it('"Order Paid" emits orders by their pay time (order_info.pay_state_time), once, and not unpaid ones', async () => {
		const staticData: IDataObject = {};
		const since = DateTime.now().minus({ days: 2 });
		const poll = poller(staticData, { event: 'paid', startFrom: 'date', startDate: since.toISO(), options: { overlapSeconds: 300 } });
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

	it('an unknown business code fails the poll with that code, and the cursor does not move', async () => {
		const staticData: IDataObject = {};
		const poll = poller(staticData, { event: 'updated', startFrom: 'date', startDate: DateTime.now().minus({ days: 1 }).toISO(), options: {} });
		expect((await poll()).length).toBeGreaterThan(0);
		const before = JSON.parse(JSON.stringify(staticData));
		emu.state.addOrders({ count: 2 });
		emu.state.setFaults({ answerCode: { code: 9999, msg: '系统繁忙', api: 'xe.ecommerce.order.list/1.0.0' } });
		const error = await poll().catch((e) => e);
		expect(error).toBeInstanceOf(Error);
		expect(error.message).toMatch(/Xiaoe \(小鹅通\) API error 9999: 系统繁忙/);
		expect(error.apiCode).toBe('9999');
		expect(error.httpCode ?? null).toBeNull(); // a business code is not an HTTP status
		expect(staticData).toEqual(before);
		// Once Xiaoe answers again, the orders written meanwhile are emitted.
		emu.state.setFaults({ answerCode: null });
		expect((await poll()).length).toBe(2);
	});
});

describe('Xiaoe Trigger: at-least-once delivery', () => {
	beforeEach(() => {
		sessionCache.clear();
		emu.state.reset({});
		deliveryPolicy.basePauseMs = 0;
	});
	afterAll(() => (deliveryPolicy.basePauseMs = 60_000));

	it('orders whose execution failed are emitted again on the next poll, until an execution succeeds; then never again', async () => {
		const staticData: IDataObject = {};
		let outcome: 'success' | 'error' = 'success';
		const poll = poller(staticData, { event: 'updated', startFrom: 'now', options: {} }, 'trigger', () => outcome);
		await new Promise((r) => setTimeout(r, 1100));
		expect(await poll()).toEqual([]);
		const fresh = emu.state.addOrders({ count: 3, sameSecond: true });
		const ids = fresh.map((o) => o.order_id).sort();
		outcome = 'error'; // e.g. the target service is down
		expect((await poll()).map((o) => o.order_id).sort()).toEqual(ids);
		expect((await poll()).map((o) => o.order_id).sort()).toEqual(ids);
		outcome = 'success';
		expect((await poll()).map((o) => o.order_id).sort()).toEqual(ids);
		expect(await poll()).toEqual([]);
		expect((staticData.cursor as IDataObject).pending).toEqual({});
	});
});
