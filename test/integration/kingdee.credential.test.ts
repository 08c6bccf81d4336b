/**
 * The credential's Test button in-process, through n8n's legacy request helper as credential tests get it
 * (played by axios here; the e2e test runs n8n's own tester): both modes, and the known failures.
 */
import axios from 'axios';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import { kingdeeK3CloudApiTest } from '../../nodes/KingdeeK3Cloud/methods/credentialTest';
import { startKingdeeEmulator, type KingdeeEmulator } from '../emulators/kingdee';
import { kingdeeCreds } from '../emulators/kingdee/testing';

let emu: KingdeeEmulator;
beforeAll(async () => {
	emu = await startKingdeeEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.state.reset({}));

const ctx = {
	helpers: {
		request: async (o: { method: string; uri: string; body?: unknown; headers?: Record<string, string>; timeout?: number }) => {
			const res = await axios.request({
				method: o.method,
				url: o.uri,
				data: o.body,
				headers: o.headers,
				timeout: o.timeout,
				validateStatus: () => true,
			});
			return { statusCode: res.status, headers: res.headers, body: res.data };
		},
	},
} as unknown as ICredentialTestFunctions;

const test = (mode: 'signature' | 'appSecretLogin' | 'passwordLogin', extra: Record<string, unknown> = {}) =>
	kingdeeK3CloudApiTest.call(ctx, { id: '', name: 't', type: 'kingdeeK3CloudApi', data: kingdeeCreds(emu.url, mode, extra) });

describe('Kingdee credential test', () => {
	it('OK in all three modes; signature mode makes one signed read, session modes one login', async () => {
		for (const mode of ['signature', 'appSecretLogin', 'passwordLogin'] as const)
			expect(await test(mode)).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(emu.stats().calls).toEqual({ ExecuteBillQuery: 1, LoginByAppSecret: 1, ValidateUser: 1 });
	});

	it('signature mismatch: what to check, never the secret', async () => {
		const result = await test('signature', { appSecret: 'ffffffffffffffffffffffffffffffff' });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Data Center ID .*App ID and App Secret.*第三方系统登录授权.*\(code 1: 会话信息已丢失/);
		expect(result.message).not.toContain('ffffffffffffffffffffffffffffffff');
	});

	it('wrong data center, wrong app secret, wrong password, locked user: each with its own message', async () => {
		expect((await test('appSecretLogin', { acctId: 'nope' })).message).toMatch(
			/Check the Data Center ID .*code LoginResultType 0: 数据中心不存在/,
		);
		expect((await test('appSecretLogin', { appSecret: 'wrong-secret-000' })).message).toMatch(
			/App ID and App Secret do not match .*002005000003016|App ID and App Secret do not match/,
		);
		expect((await test('passwordLogin', { password: 'bad' })).message).toMatch(/Check the user name and password/);
		emu.state.users.get('demo')!.locked = true;
		expect((await test('passwordLogin')).message).toMatch(/locked after too many failed logins.*已被锁定/);
	});

	it('a malformed App ID or an empty Server URL is reported without any request', async () => {
		expect(await test('signature', { appId: '100001_short' })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/App ID the part after "_" has 5 characters/),
		});
		expect((await test('signature', { serverUrl: '' })).message).toMatch(/Server URL is empty/);
		expect(emu.stats().calls).toEqual({});
	});

	it('a Server URL that is not K3Cloud: a clear message', async () => {
		const result = await test('signature', { serverUrl: `${emu.url}/nothing-here` });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Base URL|Server URL/);
	});
});
