/**
 * The Kingdee K3Cloud node inside a real n8n (packed tarball, n8n CLI) against the Kingdee emulator: Return All over
 * several pages, Upsert twice (the second run writes nothing) with a session lost mid-run, Batch Save with a bad row
 * and a re-run that sends only that row, a signature mismatch, and the credential's Test button in n8n's own tester.
 * Each `n8n execute` costs a process start, so independent cases share a run as parallel branches of one workflow.
 */
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { PKG } from './harness/workflow';
import {
	DEFAULT_ACCT_ID,
	DEFAULT_APP_ID,
	DEFAULT_APP_SECRET,
	startKingdeeEmulator,
	type KingdeeEmulator,
} from '../emulators/kingdee';

jest.setTimeout(10 * 60 * 1000);

const BAD_SECRET = 'ffffffffffffffffffffffffffffffff';
let emu: KingdeeEmulator;
let n8n: N8nInstance;

const base = () => ({
	serverUrl: `${emu.url}/`,
	acctId: DEFAULT_ACCT_ID,
	userName: 'demo',
	appId: DEFAULT_APP_ID,
	appSecret: DEFAULT_APP_SECRET,
	lcid: 2052,
	orgNumber: '0',
	requestsPerSecond: 0,
});
const CREDS = {
	signature: { id: 'kdSignature0001', name: 'Kingdee signed' },
	session: { id: 'kdSession000001', name: 'Kingdee session' },
	bad: { id: 'kdBadSecret0001', name: 'Kingdee wrong secret' },
};

beforeAll(async () => {
	emu = await startKingdeeEmulator({ customers: 450 });
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'kingdee' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{ ...CREDS.signature, type: 'kingdeeK3CloudApi', data: { ...base(), authMode: 'signature' } },
		{ ...CREDS.session, type: 'kingdeeK3CloudApi', data: { ...base(), authMode: 'appSecretLogin' } },
		{ ...CREDS.bad, type: 'kingdeeK3CloudApi', data: { ...base(), authMode: 'signature', appSecret: BAD_SECRET } },
	]);
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await emu?.close();
});

const kingdee = (
	name: string,
	credential: { id: string; name: string },
	parameters: Record<string, unknown>,
	extra: Record<string, unknown> = {},
) => ({
	name,
	type: `${PKG}.kingdeeK3Cloud`,
	parameters: { resource: 'form', ...parameters },
	credentials: { kingdeeK3CloudApi: credential },
	...extra,
});

/** Items from a Code node, so that the Kingdee node gets several input items as in a real workflow. */
const itemsNode = (name: string, rows: Array<Record<string, unknown>>) => ({
	name,
	type: 'n8n-nodes-base.code',
	typeVersion: 2,
	parameters: { jsCode: `return ${JSON.stringify(rows)}.map((json) => ({ json }));` },
});

/** Manual Trigger → several branches, each a chain of nodes (n8n runs the branches one after the other). */
function branches(id: string, chains: Array<Array<Record<string, unknown>>>): Record<string, unknown> {
	const nodes: Array<Record<string, unknown>> = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }];
	const connections: Record<string, unknown> = {
		Start: { main: [chains.map((chain) => ({ node: chain[0].name, type: 'main', index: 0 }))] },
	};
	chains.forEach((chain, b) =>
		chain.forEach((node, i) => {
			nodes.push({ id: `${id}-${b}-${i}`, typeVersion: 1, position: [(i + 1) * 220, b * 200], parameters: {}, ...node });
			if (i > 0) connections[String(chain[i - 1].name)] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
		}),
	);
	nodes[0] = { ...nodes[0], id: `${id}-start`, typeVersion: 1, position: [0, 0] };
	return { id, name: `e2e ${id}`, nodes, connections, settings: { executionOrder: 'v1' } };
}

const customers = [
	{ number: 'CRM-001', name: '杭州甲公司', tel: '0571-1', org: '100' },
	{ number: 'CRM-002', name: '上海乙公司', tel: '021-2', org: '100' },
	{ number: 'CRM-003', name: '北京丙公司', tel: '010-3', org: '101' },
];
const batchRows = [
	{ number: 'CRM-101', name: '甲', tel: '1', org: '100' },
	{ number: 'CRM-102', name: '乙', tel: '2', org: 'NOPE' },
	{ number: 'CRM-103', name: '丙', tel: '3', org: '100' },
	{ number: 'CRM-104', name: '丁', tel: '4', org: '101' },
];
const customerModel = '={{ { FNumber: $json.number, FName: $json.name, FTEL: $json.tel, "FCreateOrgId.FNumber": $json.org } }}';
const upsert = (name: string, credential: { id: string; name: string }) =>
	kingdee(
		name,
		credential,
		{
			operation: 'upsert',
			formId: { __rl: true, mode: 'list', value: 'BD_Customer' },
			model: customerModel,
			matchField: '',
			idField: '',
			batchSize: 100,
			options: {},
		},
		{ onError: 'continueRegularOutput' },
	);
const crm = () => emu.state.list('BD_Customer').filter((c) => c.number.startsWith('CRM-'));
const batchSaves = () => emu.stats().requests.filter((r) => r.service === 'batchsave');

describe('Kingdee K3Cloud in real n8n', () => {
	it('run 1 › Query Return All over pages; Upsert with a session lost mid-run; Batch Save with one bad row', async () => {
		// Session calls of the upsert: 1 lookup, 2 BatchSave → the second finds its session gone.
		emu.state.reset({ customers: 450, faults: { expireSessionsEveryNCalls: 2 } });
		const workflow = branches('kdRunOne000001', [
			[
				kingdee('Customers', CREDS.signature, {
					operation: 'query',
					formId: { __rl: true, mode: 'id', value: 'BD_Customer' },
					fieldKeys: 'FCUSTID,FNumber,FName,FCreateOrgId.FNumber',
					filterString: "FNumber LIKE 'C0%'",
					orderString: 'FNumber ASC',
					returnAll: true,
					options: { pageSize: 100 },
				}),
			],
			[itemsNode('CRM Customers', customers), upsert('Upsert Customers', CREDS.session)],
			[
				itemsNode('Batch Rows', batchRows),
				kingdee(
					'Save Customers',
					CREDS.signature,
					{
						operation: 'batchSave',
						formId: { __rl: true, mode: 'list', value: 'BD_Customer' },
						model: customerModel,
						batchSize: 100,
						options: {},
					},
					{ onError: 'continueRegularOutput' },
				),
			],
		]);
		const result = await n8n.execute(await n8n.importWorkflow(workflow));
		expect(result.ok).toBe(true);

		// Query: every seeded customer once, as objects keyed by field key, 100 per call.
		const items = itemsOf(result.output, 'Customers');
		expect(items).toHaveLength(450);
		expect(items.map((c) => c.FNumber)).toEqual(
			emu.state
				.list('BD_Customer')
				.filter((c) => c.number.startsWith('C0'))
				.map((c) => c.number),
		);
		expect(items[449]).toEqual({
			FCUSTID: expect.any(Number),
			FNumber: 'C0450',
			FName: '客户450',
			'FCreateOrgId.FNumber': '100',
		});
		expect(emu.stats().requests.filter((r) => r.service === 'executebillquery' && r.auth === 'signature')).toHaveLength(5);

		// Upsert: session renewed once, each customer created once.
		expect(itemsOf(result.output, 'Upsert Customers').map((o) => [o.action, o.number])).toEqual(
			customers.map((c) => ['created', c.number]),
		);
		expect(emu.stats()).toMatchObject({ logins: 2, contextLost: 1 });

		// Batch Save: only the bad row failed, with Kingdee's field name and message.
		expect(itemsOf(result.output, 'Save Customers').map((o) => o.number ?? o.error)).toEqual([
			'CRM-101',
			'Kingdee K3Cloud (金蝶云星空) API error 500: FCreateOrgId: 字段“创建组织”的值“NOPE”在组织机构中不存在',
			'CRM-103',
			'CRM-104',
		]);
		expect(crm().map((c) => [c.number, c.values.FName, c.values.FTEL])).toEqual([
			...customers.map((c) => [c.number, c.name, c.tel]),
			['CRM-101', '甲', '1'],
			['CRM-103', '丙', '3'],
			['CRM-104', '丁', '4'],
		]);
		expect(batchSaves().map((r) => [r.auth, r.rows, r.ok])).toEqual([
			['none', 3, false], // the session was gone: refused before anything ran
			['session', 3, true],
			['signature', 4, true],
		]);
	});

	it('run 2 › the second Upsert writes nothing; the fixed batch sends only its failed row; a signature mismatch is explained', async () => {
		emu.state.setFaults({ expireSessionsEveryNCalls: 0 });
		emu.state.resetStats();
		const fixed = batchRows.map((r) => (r.org === 'NOPE' ? { ...r, org: '100' } : r));
		const workflow = branches('kdRunTwo000001', [
			[itemsNode('CRM Customers', customers), upsert('Upsert Again', CREDS.session)],
			[itemsNode('Fixed Rows', fixed), upsert('Upsert Fixed', CREDS.signature)],
			[
				kingdee(
					'Wrong Secret',
					CREDS.bad,
					{ operation: 'view', formId: { __rl: true, mode: 'id', value: 'BD_MATERIAL' }, by: 'number', number: 'M001' },
					{ onError: 'continueRegularOutput' },
				),
			],
		]);
		const result = await n8n.execute(await n8n.importWorkflow(workflow));
		expect(result.ok).toBe(true);
		expect(itemsOf(result.output, 'Upsert Again').map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(itemsOf(result.output, 'Upsert Fixed').map((o) => o.action)).toEqual([
			'unchanged',
			'created',
			'unchanged',
			'unchanged',
		]);
		expect(batchSaves().map((r) => r.rows)).toEqual([1]);
		expect(crm()).toHaveLength(7);

		expect(itemsOf(result.output, 'Wrong Secret')).toEqual([
			{
				error: 'Kingdee K3Cloud (金蝶云星空) API error 1: 会话信息已丢失，请重新登录',
				details: { code: '1', description: expect.stringMatching(/did not accept the signed request.*Check the Data Center ID/) },
			},
		]);
		expect(emu.stats().signatureFailures).toEqual({ 'X-Kd-Signature': 1 });
		const text = result.stdout + result.stderr;
		expect(text).not.toContain(BAD_SECRET);
		expect(text).not.toContain(DEFAULT_APP_SECRET);
	});

	it("credential Test button (n8n's own tester): all modes OK; wrong secret and wrong data center explained", async () => {
		emu.state.reset({});
		await n8n.start();
		try {
			const test = async (data: Record<string, unknown>) =>
				(await n8n.rest('POST', '/rest/credentials/test', {
					credentials: { id: '', name: 'test', type: 'kingdeeK3CloudApi', data },
				})) as { status: string; message: string };
			expect(await test({ ...base(), authMode: 'signature' })).toEqual({ status: 'OK', message: 'Connection successful' });
			expect(await test({ ...base(), authMode: 'appSecretLogin' })).toEqual({ status: 'OK', message: 'Connection successful' });
			expect(await test({ ...base(), authMode: 'passwordLogin', password: 'emu_password' })).toEqual({
				status: 'OK',
				message: 'Connection successful',
			});
			const wrong = await test({ ...base(), authMode: 'signature', appSecret: BAD_SECRET });
			expect(wrong).toEqual({
				status: 'Error',
				message: expect.stringMatching(/did not accept the signed request.*code 1: 会话信息已丢失/),
			});
			expect(wrong.message).not.toContain(BAD_SECRET);
			const center = await test({ ...base(), authMode: 'appSecretLogin', acctId: 'wrong-center' });
			expect(center).toEqual({ status: 'Error', message: expect.stringMatching(/Check the Data Center ID.*数据中心不存在/) });
			expect(emu.stats().calls).toMatchObject({ ExecuteBillQuery: 2, LoginByAppSecret: 2, ValidateUser: 1 });
		} finally {
			await n8n.stop();
		}
	});
});
