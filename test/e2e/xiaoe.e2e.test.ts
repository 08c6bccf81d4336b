/**
 * The Xiaoe node and trigger inside a real n8n (packed tarball, n8n CLI), against the Xiaoe emulator.
 */
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { chainWorkflow, PKG, withCredentials } from './harness/workflow';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import type { XiaoeEmulator } from '../emulators/xiaoe';

jest.setTimeout(10 * 60 * 1000);

const SECRET = 'emu_secret';
let emu: XiaoeEmulator;
let n8n: N8nInstance;

beforeAll(async () => {
	emu = await startXiaoeEmulator({ anchor: '2026-11-20T12:00:00+08:00', orders: 400, users: 120 });
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'xiaoe' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{ id: 'xiaoeGood000001', name: 'Xiaoe emulator', type: 'xiaoeApi', data: { baseUrl: emu.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: SECRET, requestsPerSecond: 0 } },
		{ id: 'xiaoeBad0000001', name: 'Xiaoe wrong secret', type: 'xiaoeApi', data: { baseUrl: emu.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'not-the-secret-123', requestsPerSecond: 0 } },
		{ id: 'xiaoeOld0000001', name: 'Xiaoe shop without Client ID', type: 'xiaoeApi', data: { baseUrl: emu.url, appId: 'app_emu', clientId: '', secretKey: SECRET, requestsPerSecond: 0 } },
	]);
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await emu?.close();
});

const good = { xiaoeApi: { id: 'xiaoeGood000001', name: 'Xiaoe emulator' } };
const orderIds = (items: Array<Record<string, unknown>>) => items.map((o) => String((o.order_info as Record<string, unknown>).order_id)).sort();

describe('Xiaoe in real n8n', () => {
	it('Order › Get Many over a 3-day window returns exactly the emulator orders, with one token for the whole run', async () => {
		emu.state.reset({});
		const workflow = withCredentials(
			chainWorkflow('xiaoeOrders3d01', [
				{
					name: 'Orders',
					type: `${PKG}.xiaoe`,
					parameters: { resource: 'order', operation: 'getMany', apiVersion: 'v2', timeField: 'created', start: '2026-11-15T00:00:00+08:00', end: '2026-11-17T23:59:59+08:00', returnAll: true, filters: {} },
				},
				{
					name: 'Buyers',
					type: `${PKG}.xiaoe`,
					parameters: { resource: 'user', operation: 'getManyByIds', userId: '={{ $json.order_info.user_id }}', notFound: 'empty', putInField: 'buyer' },
				},
				{ name: 'All Users', type: `${PKG}.xiaoe`, executeOnce: true, parameters: { resource: 'user', operation: 'getMany', returnAll: true, filters: {} } },
			]),
			good,
		);
		const id = await n8n.importWorkflow(workflow);
		const result = await n8n.execute(id);
		expect(result.ok).toBe(true);
		// The run as n8n saved it: the printed copy (~400 kB here) can be cut short when the CLI exits before its
		// logger has written it all, which reads as a run without output.
		const [saved] = await n8n.waitForExecutions(id, 1);
		expect(saved.status).toBe('success');
		const run = { data: (await n8n.getExecution(saved.id)).data };

		const expected = emu.state.listOrders().filter((o) => o.created_time >= '2026-11-15 00:00:00' && o.created_time <= '2026-11-17 23:59:59').map((o) => o.order_id).sort();
		expect(expected.length).toBeGreaterThan(100);
		expect(orderIds(itemsOf(run, 'Orders'))).toEqual(expected);

		const buyers = itemsOf(run, 'Buyers');
		expect(buyers).toHaveLength(expected.length);
		for (const item of buyers) expect((item.buyer as Record<string, unknown>).user_id).toBe((item.order_info as Record<string, unknown>).user_id);
		expect(itemsOf(run, 'All Users')).toHaveLength(120);

		const stats = emu.stats();
		expect(stats.tokenFetches).toBe(1);
		expect(stats.calls['xe.user.batch_by_user_id.get/1.0.0']).toBe(Math.ceil(new Set(buyers.map((b) => (b.buyer as Record<string, unknown>).user_id)).size / 50));
		expect(result.stdout + result.stderr).not.toContain(SECRET);
	});

	it('a wrong secret fails the run with Xiaoe\'s code and a hint, never printing the secret', async () => {
		emu.state.reset({});
		const workflow = withCredentials(
			chainWorkflow('xiaoeBadSecret1', [{ name: 'Orders', type: `${PKG}.xiaoe`, parameters: { resource: 'order', operation: 'get', orderId: 'o_1' } }]),
			{ xiaoeApi: { id: 'xiaoeBad0000001', name: 'Xiaoe wrong secret' } },
		);
		const result = await n8n.execute(await n8n.importWorkflow(workflow));
		expect(result.ok).toBe(false);
		const text = result.stdout + result.stderr;
		expect(text).toMatch(/Xiaoe \(小鹅通\) API error 2004/);
		expect(text).not.toContain('not-the-secret-123');
	});

	it("the credential test leaves client_id out for a shop without one, and names Xiaoe's code when refused", async () => {
		emu.state.reset({ clientId: '' });
		await n8n.start();
		try {
			const test = (id: string, name: string, clientId: string, secretKey: string) =>
				n8n.rest('POST', '/rest/credentials/test', {
					credentials: { id, name, type: 'xiaoeApi', data: { baseUrl: emu.url, appId: 'app_emu', clientId, secretKey, requestsPerSecond: 0 } },
				}) as Promise<{ status: string; message: string }>;
			expect(await test('xiaoeOld0000001', 'Xiaoe shop without Client ID', '', SECRET)).toMatchObject({ status: 'OK' });
			expect(emu.stats().tokenParams).toEqual([['app_id', 'grant_type', 'secret_key']]);
			const refused = await test('xiaoeBad0000001', 'Xiaoe wrong secret', 'xop_emu', 'not-the-secret-123');
			expect(refused).toMatchObject({ status: 'Error', message: expect.stringMatching(/code 2004/) });
			expect(emu.stats().tokenParams[1]).toEqual(['app_id', 'client_id', 'grant_type', 'secret_key']);
		} finally {
			await n8n.stop();
		}
	});

	it('the trigger, polled repeatedly while orders are added and updated, emits each version exactly once', async () => {
		emu.state.reset({ anchor: Date.now() - 5_000 });
		await n8n.start();
		try {
			const workflow = {
				id: 'xiaoeTrigger001',
				name: 'e2e trigger',
				nodes: [
					{
						id: 't1',
						name: 'New Orders',
						type: `${PKG}.xiaoeTrigger`,
						typeVersion: 1,
						position: [0, 0],
						parameters: { event: 'updated', startFrom: 'now', options: {}, pollTimes: { item: [{ mode: 'everyHour' }] } },
						credentials: good,
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			};
			const id = await n8n.importWorkflow(workflow);
			await n8n.activate(id);
			await n8n.waitForStaticData(id, (d) => Boolean(d && (d['node:New Orders'] as Record<string, unknown>)?.cursor));
			expect(await n8n.listExecutions(id)).toHaveLength(0); // from now on: nothing old replayed
			const activatedAt = Date.now();
			await new Promise((r) => setTimeout(r, 3000));

			const emitted: string[] = [];
			const collect = async (count: number) => {
				const rows = await n8n.waitForExecutions(id, count);
				const last = await n8n.getExecution(rows[rows.length - 1].id);
				const items = itemsOf({ data: last.data }, 'New Orders');
				items.forEach((o) => {
					const info = o.order_info as Record<string, unknown>;
					emitted.push(`${info.order_id}@${info.update_time}`);
				});
				return items;
			};

			const now = Date.now();
			const burst = emu.state.addOrders({ count: 150, sameSecond: true, at: now });
			await n8n.repoll(id);
			expect(orderIds(await collect(1))).toEqual(burst.map((o) => o.order_id).sort());

			const tie = emu.state.addOrders({ count: 5, sameSecond: true, at: now });
			const late = emu.state.addOrders({ count: 3, sameSecond: true, at: activatedAt + 1000 }); // written late: older than the cursor
			const updated = burst.slice(0, 4).map((o) => o.order_id);
			await new Promise((r) => setTimeout(r, 1000));
			emu.state.updateOrders({ orderIds: updated, at: Date.now() });
			await n8n.repoll(id);
			expect(orderIds(await collect(2))).toEqual([...tie, ...late].map((o) => o.order_id).concat(updated).sort());

			await n8n.repoll(id, { expectExecution: false });
			await new Promise((r) => setTimeout(r, 1500));
			expect(await n8n.listExecutions(id)).toHaveLength(2);
			expect(new Set(emitted).size).toBe(emitted.length);
			expect(emitted).toHaveLength(150 + 5 + 3 + 4);
			expect(emu.stats().tokenFetches).toBe(1); // one token across activation and every poll
		} finally {
			await n8n.stop();
		}
	});
});
