/** The Xiaoe Trigger polled by n8n-core (see test/support/engine), against the Xiaoe emulator over HTTP. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { startXiaoeEmulator } from '../../emulators/xiaoe';
import type { XiaoeEmulator } from '../../emulators/xiaoe';
import { activePoller, runPoll } from '../../support/engine';
import { xiaoeCreds } from '../../support/xiaoe';
import { XiaoeTrigger } from '../../../nodes/Xiaoe/XiaoeTrigger.node';

let emu: XiaoeEmulator;
let credentials: { xiaoeApi: IDataObject };

beforeAll(async () => {
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
