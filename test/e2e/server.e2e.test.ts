/**
 * What needs a running n8n (`n8n start`): the credentials' Test buttons (n8n's own credential tester).
 * The Mingdao Trigger in real n8n: test/e2e/mingdao.e2e.test.ts.
 */
import { N8nInstance, N8nRuntime } from './harness/n8n';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import { startMingdaoEmulator } from '../emulators/mingdao';

jest.setTimeout(10 * 60 * 1000);

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'server' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.start();
});
afterAll(async () => {
	await n8n?.stop();
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
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
