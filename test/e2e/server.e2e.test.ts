/**
 * What needs a running n8n (`n8n start`): the Mingdao Trigger (Mingdao's "Send API request" step is played by plain
 * HTTP calls to the production webhook URL) and the credentials' Test buttons (n8n's own credential tester).
 */
import axios from 'axios';
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { PKG } from './harness/workflow';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import { startMingdaoEmulator } from '../emulators/mingdao';

jest.setTimeout(10 * 60 * 1000);

const SECRET = 'shared-secret-of-the-test';
const WEBHOOK_ID = '5d1c7e5e-7a4e-4c39-9a51-3f0e6b1d2a01';
let n8n: N8nInstance;

beforeAll(async () => {
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'mingdao' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.start();
});
afterAll(async () => {
	await n8n?.stop();
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
});

describe('Mingdao Trigger in real n8n', () => {
	it('starts one run per call with one item per record; a wrong secret gets 401 and starts nothing', async () => {
		const id = await n8n.importWorkflow({
			id: 'mingdaoHook0001',
			name: 'e2e mingdao trigger',
			nodes: [
				{
					id: 'm1',
					name: 'Mingdao Trigger',
					type: `${PKG}.mingdaoTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: WEBHOOK_ID,
					parameters: { secret: SECRET, options: { events: ['created', 'updated'] } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await n8n.activate(id);
		const url = `${n8n.baseUrl}/webhook/${WEBHOOK_ID}/mingdao`;
		const post = (body: unknown, headers: Record<string, string> = {}, query = '') =>
			axios.post(url + query, body, { headers, validateStatus: () => true });

		// n8n registers production webhooks asynchronously after activation
		for (let i = 0; i < 50; i++) {
			const probe = await post({}, { 'X-Mingdao-Secret': 'wrong' });
			if (probe.status === 401) break;
			await new Promise((r) => setTimeout(r, 200));
		}

		const denied = await post({ event: 'created', rowId: 'r0' }, { 'X-Mingdao-Secret': 'wrong' });
		expect(denied.status).toBe(401);
		expect((await post({ event: 'created', rowId: 'r0' })).status).toBe(401);

		const ok = await post(
			[
				{ event: 'created', worksheetId: 'xiaoe_orders', rowId: 'r1', fields: { order_id: 'o1' } },
				{ event: 'updated', worksheetId: 'xiaoe_orders', rowId: 'r2', fields: { order_id: 'o2' } },
				{ event: 'deleted', worksheetId: 'xiaoe_orders', rowId: 'r3', fields: {} },
			],
			{ 'X-Mingdao-Secret': SECRET },
		);
		expect(ok.status).toBe(200);
		const bare = await post({ rowid: 'r4', order_id: 'o4' }, {}, `?secret=${SECRET}&event=2`);
		expect(bare.status).toBe(200);

		const runs = await n8n.waitForExecutions(id, 2);
		expect(runs).toHaveLength(2);
		const first = itemsOf({ data: (await n8n.getExecution(runs[0].id)).data }, 'Mingdao Trigger');
		expect(first.map((i) => [i.event, i.rowId])).toEqual([
			['created', 'r1'],
			['updated', 'r2'],
		]);
		const second = itemsOf({ data: (await n8n.getExecution(runs[1].id)).data }, 'Mingdao Trigger');
		expect(second).toHaveLength(1);
		expect(second[0]).toMatchObject({ event: 'updated', rowId: 'r4' });
		expect(JSON.stringify([first, second])).not.toContain(SECRET);
	});
});

describe('credential Test buttons in real n8n', () => {
	const test = async (type: string, data: Record<string, unknown>) =>
		(await n8n.rest('POST', '/rest/credentials/test', { credentials: { id: '', name: 'test', type, data } })) as { status: string; message: string };

	it('Xiaoe: OK with the right values; clear messages for a wrong secret and a missing IP whitelist entry', async () => {
		const xe = await startXiaoeEmulator({ orders: 5, users: 5 });
		try {
			const data = { baseUrl: xe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0 };
			expect((await test('xiaoeApi', data)).status).toBe('OK');
			const wrong = await test('xiaoeApi', { ...data, secretKey: 'nope-nope-nope' });
			expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/code 2004/) });
			xe.state.setFaults({ ipBlocked: true });
			const blocked = await test('xiaoeApi', data);
			expect(blocked).toEqual({ status: 'Error', message: expect.stringMatching(/whitelist.*2051/) });
		} finally {
			await xe.close();
		}
	});

	it('Mingdao: OK with the right key and sign; a clear message for a wrong sign', async () => {
		const md = await startMingdaoEmulator();
		try {
			const data = { baseUrl: md.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 0 };
			expect((await test('mingdaoApi', data)).status).toBe('OK');
			const wrong = await test('mingdaoApi', { ...data, signSecret: 'bad-sign' });
			expect(wrong.status).toBe('Error');
			expect(wrong.message).toMatch(/10102|[Ss]ign/);
		} finally {
			await md.close();
		}
	});
});
