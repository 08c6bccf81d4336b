/**
 * The Fxiaoke node and trigger inside a real n8n (packed tarball, n8n CLI and `n8n start`) against the emulator:
 * upsert 500 customers twice (the second run writes nothing), read 12 000 records past the offset ceiling, the
 * trigger polled while records change (each change once), a failed run re-delivered, and the credential's Test
 * button through n8n's own tester.
 */
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { chainWorkflow, PKG } from './harness/workflow';
import { startFxiaokeEmulator } from '../emulators/fxiaoke';
import type { FxiaokeEmulator } from '../emulators/fxiaoke';

jest.setTimeout(10 * 60 * 1000);

const SECRET = 'emu_app_secret';
let emu: FxiaokeEmulator;
let n8n: N8nInstance;
const credData = () => ({
	baseUrl: emu.url,
	appId: 'FSAID_emu',
	appSecret: SECRET,
	permanentCode: 'EMU_PERMANENT_CODE',
	operatorMode: 'openUserId',
	currentOpenUserId: 'FSUID_OPERATOR0001',
	requestsPerSecond: 1000,
});
const creds = { fxiaokeApi: { id: 'fxiaokeGood0001', name: 'Fxiaoke emulator' } };
const obj = (value: string) => ({ __rl: true, mode: 'id', value });

beforeAll(async () => {
	emu = await startFxiaokeEmulator();
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'fxiaoke' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([{ id: 'fxiaokeGood0001', name: 'Fxiaoke emulator', type: 'fxiaokeApi', data: credData() }]);
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await emu?.close();
});

/** ERP orders (custom object) → customers (AccountObj) upserted by account_no: the CRM side of the ERP scenario. */
function upsertWorkflow(id: string) {
	return chainWorkflow(id, [
		{
			name: 'ERP Orders',
			type: `${PKG}.fxiaoke`,
			credentials: creds,
			parameters: { resource: 'crmObject', operation: 'getMany', object: obj('object_erp_order__c'), returnAll: true, filters: {}, options: {} },
		},
		{
			name: 'Customers',
			type: `${PKG}.fxiaoke`,
			credentials: creds,
			parameters: {
				resource: 'crmObject',
				operation: 'upsert',
				object: obj('AccountObj'),
				fields: {
					mappingMode: 'defineBelow',
					matchingColumns: ['account_no'],
					schema: [
						{ id: 'account_no', displayName: 'account_no', required: false, defaultMatch: true, canBeUsedToMatch: true, display: true, type: 'string' },
						{ id: 'name', displayName: 'name', required: true, defaultMatch: false, canBeUsedToMatch: true, display: true, type: 'string' },
						{ id: 'credit_limit', displayName: 'credit_limit', required: false, defaultMatch: false, canBeUsedToMatch: false, display: true, type: 'number' },
					],
					value: { account_no: '={{ $json.field_erp_no__c }}', name: '={{ $json.name }}', credit_limit: '={{ $json.field_amount__c }}' },
				},
				options: {},
			},
		},
	]);
}

describe('Fxiaoke in real n8n', () => {
	it('upserts 500 customers; the second run writes nothing; one token for both runs', async () => {
		emu.state.reset();
		emu.state.generate('object_erp_order__c', 500);
		const id = await n8n.importWorkflow(upsertWorkflow('fxUpsert500run1'));
		const first = await n8n.execute(id);
		expect(first.ok).toBe(true);
		const out1 = itemsOf(first.output, 'Customers');
		expect(out1).toHaveLength(500);
		expect(out1.every((o) => o.action === 'created')).toBe(true);
		expect(emu.stats().creates).toBe(500);
		const stored = emu.state.list('AccountObj');
		expect(stored.map((r) => r.account_no).sort()).toEqual(emu.state.list('object_erp_order__c').map((r) => r.field_erp_no__c).sort());

		const second = await n8n.execute(id);
		expect(second.ok).toBe(true);
		const out2 = itemsOf(second.output, 'Customers');
		expect(out2.every((o) => o.action === 'unchanged')).toBe(true);
		expect(emu.stats().creates).toBe(500);
		expect(emu.stats().updates).toBe(0);
		expect(first.stdout + first.stderr + second.stdout + second.stderr).not.toContain(SECRET);
	});

	it('reads 12 000 records past the 10 000 offset ceiling: all of them, none twice', async () => {
		emu.state.reset();
		emu.state.generate('object_erp_order__c', 12_000);
		const workflow = chainWorkflow('fxRead12000run1', [
			{
				name: 'All Orders',
				type: `${PKG}.fxiaoke`,
				credentials: creds,
				parameters: { resource: 'crmObject', operation: 'getMany', object: obj('object_erp_order__c'), returnAll: true, filters: {}, options: { fieldProjection: 'name' } },
			},
		]);
		const workflowId = await n8n.importWorkflow(workflow);
		const result = await n8n.execute(workflowId);
		expect(result.ok).toBe(true);
		// `n8n execute` exits before a multi-megabyte --rawOutput has drained from the pipe: read the saved run instead.
		const runs = await n8n.listExecutions(workflowId);
		const saved = await n8n.getExecution(runs[runs.length - 1].id);
		expect(saved.status).toBe('success');
		const ids = itemsOf({ data: saved.data } as never, 'All Orders').map((o) => String(o._id));
		expect(ids).toHaveLength(12_000);
		expect(new Set(ids).size).toBe(12_000);
		expect(ids.sort()).toEqual(emu.state.list('object_erp_order__c').map((r) => String(r._id)).sort());
		expect(emu.stats().offsetCeilingHits).toBe(0);
	});

});

describe('Fxiaoke under n8n start', () => {
	beforeAll(async () => n8n.start());
	afterAll(async () => n8n.stop());

	it('the trigger, polled while records change, emits each change once; a failed run is re-delivered', async () => {
		emu.state.reset();
		{
			const workflow = {
				id: 'fxTriggerFlow01',
				name: 'e2e fxiaoke trigger',
				nodes: [
					{
						id: 't1',
						name: 'Changed Orders',
						type: `${PKG}.fxiaokeTrigger`,
						typeVersion: 1,
						position: [0, 0],
						credentials: creds,
						parameters: {
							object: obj('object_erp_order__c'),
							event: 'last_modified_time',
							startFrom: 'now',
							filters: {},
							options: { overlapSeconds: 120, redeliveryPauseSeconds: 0 },
							pollTimes: { item: [{ mode: 'everyHour' }] },
						},
					},
					{ ...(upsertWorkflow('x').nodes as Array<Record<string, unknown>>)[2], id: 't2', position: [220, 0] },
				],
				connections: { 'Changed Orders': { main: [[{ node: 'Customers', type: 'main', index: 0 }]] } },
				settings: { executionOrder: 'v1' },
			};
			const id = await n8n.importWorkflow(workflow);
			await n8n.activate(id);
			await n8n.waitForStaticData(id, (d) => Boolean(d && (d['node:Changed Orders'] as Record<string, unknown>)?.cursor));
			expect(await n8n.listExecutions(id)).toHaveLength(0); // from now on: nothing old replayed

			const emitted: string[] = [];
			const lastRun = async (count: number) => {
				const rows = await n8n.waitForExecutions(id, count);
				const last = await n8n.getExecution(rows[rows.length - 1].id);
				const items = itemsOf({ data: last.data }, 'Changed Orders');
				return { status: rows[rows.length - 1].status, items, versions: items.map((o) => `${o._id}@${o.last_modified_time}`) };
			};
			const idsOf = (items: Array<Record<string, unknown>>) => items.map((o) => String(o._id)).sort();

			const now = Date.now();
			const burst = emu.state.generate('object_erp_order__c', 150, { from: now + 2_000, stepMs: 0 }); // one millisecond
			await n8n.repoll(id);
			const run1 = await lastRun(1);
			expect(idsOf(run1.items)).toEqual(burst.map((r) => String(r._id)).sort());
			emitted.push(...run1.versions);

			const tie = emu.state.generate('object_erp_order__c', 5, { from: now + 2_000, stepMs: 0 });
			const late = emu.state.generate('object_erp_order__c', 2, { from: now + 1_000, stepMs: 0 }); // older than the cursor
			const updated = burst.slice(0, 4).map((r) => emu.state.update('object_erp_order__c', String(r._id), { field_amount__c: 7 }, now + 3_000)!);
			await n8n.repoll(id);
			const run2 = await lastRun(2);
			expect(idsOf(run2.items)).toEqual([...tie, ...late, ...updated].map((r) => String(r._id)).sort());
			emitted.push(...run2.versions);
			expect(emu.state.list('AccountObj')).toHaveLength(157);

			// The downstream write fails: the run fails after the trigger emitted.
			const failing = emu.state.generate('object_erp_order__c', 2, { from: now + 4_000, stepMs: 0 });
			emu.state.setFaults({ refuseWrites: failing.length }); // each of the two creates is refused
			await n8n.repoll(id);
			const run3 = await lastRun(3);
			expect(run3.status).toBe('error');
			expect(idsOf(run3.items)).toEqual(failing.map((r) => String(r._id)).sort());
			expect(emu.state.list('AccountObj')).toHaveLength(157);

			// A later poll emits them again, and this time they reach the target.
			await n8n.repoll(id);
			const run4 = await lastRun(4);
			expect(run4.status).toBe('success');
			expect(idsOf(run4.items)).toEqual(failing.map((r) => String(r._id)).sort());
			emitted.push(...run4.versions);
			const accounts = emu.state.list('AccountObj').map((r) => r.account_no);
			for (const r of failing) expect(accounts).toContain(r.field_erp_no__c);

			await n8n.repoll(id, { expectExecution: false });
			await new Promise((r) => setTimeout(r, 1500));
			expect(await n8n.listExecutions(id)).toHaveLength(4);
			expect(new Set(emitted).size).toBe(emitted.length);
			expect(emitted).toHaveLength(150 + 5 + 2 + 4 + 2);
			expect(emu.stats().tokenFetches).toBe(1); // one token across activation, every poll and every run
			await n8n.deactivate(id);
		}
	});

	it('the credential Test button: OK, and clear messages for a wrong permanent code, a blocked IP and an operator without rights', async () => {
		emu.state.reset();
		{
			const test = async (data: Record<string, unknown>) =>
				(await n8n.rest('POST', '/rest/credentials/test', { credentials: { id: '', name: 'test', type: 'fxiaokeApi', data } })) as { status: string; message: string };
			expect(await test(credData())).toEqual({ status: 'OK', message: 'Connection successful' });
			const wrong = await test({ ...credData(), permanentCode: 'NOT_THE_CODE_42' });
			expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/Permanent Code.*20015/) });
			expect(wrong.message).not.toContain('NOT_THE_CODE_42');
			emu.state.setFaults({ ipBlocked: true });
			expect(await test(credData())).toEqual({ status: 'Error', message: expect.stringMatching(/whitelist.*20022/) });
			emu.state.setFaults({ ipBlocked: false });
			const noRights = await test({ ...credData(), currentOpenUserId: 'FSUID_NOBODY' });
			expect(noRights).toEqual({ status: 'Error', message: expect.stringMatching(/operator.*20014/) });
		}
	});
});
