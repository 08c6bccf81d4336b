/**
 * Proves the e2e harness against a real n8n with a throwaway community package (test/e2e/harness/probe),
 * without building anything of ours. Run: npx jest --selectProjects e2e test/e2e/harness.test.ts
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime, itemsOf, type InstalledPackage } from './harness/n8n';

// `testTimeout` in a jest *project* entry is ignored by jest 29, so set it here.
jest.setTimeout(10 * 60 * 1000);

const PROBE_DIR = path.join(__dirname, 'harness/probe');
const PROBE = 'n8n-nodes-harness-probe';

function manualWorkflow(id: string, probe: Record<string, unknown>): Record<string, unknown> {
	return {
		id,
		name: `harness ${id}`,
		nodes: [
			{ id: 'n1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'n2', name: 'Probe', type: `${PROBE}.probe`, typeVersion: 1, position: [220, 0], ...probe },
		],
		connections: { Start: { main: [[{ node: 'Probe', type: 'main', index: 0 }]] } },
	};
}

describe('n8n e2e harness', () => {
	let runtime: N8nRuntime;
	let n8n: N8nInstance;
	let installed: InstalledPackage;
	let packDir: string;

	beforeAll(async () => {
		runtime = N8nRuntime.locate();
		packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-pack-'));
		const tgz = execFileSync('npm', ['pack', PROBE_DIR, '--pack-destination', packDir, '--silent'], { encoding: 'utf8' })
			.trim()
			.split('\n')
			.pop() as string;
		n8n = new N8nInstance({ runtime, name: 'harness' });
		installed = await n8n.installPackage(path.join(packDir, tgz));
	});

	afterAll(async () => {
		await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
		if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
	});

	it('installs the tarball where n8n loads community packages', () => {
		expect(runtime.n8nVersion).toBe('2.40.7');
		expect(installed).toMatchObject({ name: PROBE, version: '0.0.1' });
		expect(installed.directory).toBe(path.join(n8n.userFolder, '.n8n/nodes/node_modules', PROBE));
		const manifest = JSON.parse(fs.readFileSync(path.join(installed.directory, 'package.json'), 'utf8'));
		expect(manifest.peerDependencies).toBeUndefined();
		const ledger = JSON.parse(fs.readFileSync(path.join(n8n.userFolder, '.n8n/nodes/package.json'), 'utf8'));
		expect(ledger.dependencies).toEqual({ [PROBE]: '0.0.1' });
	});

	it('executes a workflow with the package node on Node 24, resolving n8n-workflow, zod and luxon from n8n', async () => {
		const id = await n8n.importWorkflow(manualWorkflow('harnessInfo00001', { parameters: { mode: 'info' } }));
		const run = await n8n.execute(id);
		expect(run).toMatchObject({ ok: true, exitCode: 0 });
		const [item] = itemsOf(run.output, 'Probe');
		const n8nModules = path.join(runtime.dir, 'node_modules');
		expect(item).toMatchObject({
			nodeVersion: expect.stringMatching(/^v24\./),
			workflowEntry: expect.stringContaining(path.join(n8nModules, 'n8n-workflow')),
			zod: { ok: true, entry: expect.stringContaining(path.join(n8nModules, 'zod')) },
			luxon: { ok: true, entry: expect.stringContaining(path.join(n8nModules, 'luxon')) },
			zodWorks: true,
			luxonYear: 2024,
		});
		const executions = await n8n.listExecutions(id);
		expect(executions).toEqual([expect.objectContaining({ mode: 'cli', status: 'success' })]);
	});

	it('imports plain credential data that the node can read', async () => {
		await n8n.importCredentials([{ id: 'harnessCred00001', name: 'Probe', type: 'probeApi', data: { token: 's3cret' } }]);
		const id = await n8n.importWorkflow(
			manualWorkflow('harnessCreds0001', {
				parameters: { mode: 'credentials' },
				credentials: { probeApi: { id: 'harnessCred00001', name: 'Probe' } },
			}),
		);
		const run = await n8n.execute(id);
		expect(run.ok).toBe(true);
		expect(itemsOf(run.output, 'Probe')).toEqual([{ token: 's3cret' }]);
	});

	it.each([
		['apiError', 'NodeApiError', { httpCode: '418', message: 'Probe API error' }],
		['operationError', 'NodeOperationError', { message: 'Probe operation error', context: { itemIndex: 0 } }],
	])('reports a %s thrown by the package as n8n %s', async (mode, name, fields) => {
		const id = await n8n.importWorkflow(manualWorkflow(`harness${mode}`.padEnd(16, '0'), { parameters: { mode } }));
		const run = await n8n.execute(id);
		expect(run.ok).toBe(false);
		expect(run.exitCode).toBe(1);
		expect(run.error).toMatchObject({ name, description: 'thrown by the probe', ...fields });
		expect(run.output?.data.resultData.runData.Probe[0].error).toMatchObject({ name });
	});

	it('runs a polling trigger under `n8n start` and re-polls on demand', async () => {
		const id = await n8n.importWorkflow({
			id: 'harnessPoll00001',
			name: 'harness poll',
			nodes: [
				{
					id: 't1',
					name: 'Probe Trigger',
					type: `${PROBE}.probeTrigger`,
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'everyHour', minute: 0 }] } },
				},
			],
			connections: {},
		});
		await n8n.activate(id);
		await n8n.start();
		try {
			await n8n.waitForExecutions(id, 1);
			await n8n.repoll(id);
			await n8n.repoll(id);
			const executions = await n8n.waitForExecutions(id, 3);
			expect(executions.map((e) => [e.mode, e.status])).toEqual([
				['trigger', 'success'],
				['trigger', 'success'],
				['trigger', 'success'],
			]);
			const counts = [];
			for (const execution of executions) {
				const detail = await n8n.getExecution(execution.id);
				counts.push(itemsOf({ data: detail.data }, 'Probe Trigger').map((item) => item.count));
			}
			expect(counts).toEqual([[1], [2], [3]]);
			expect(await n8n.getStaticData(id)).toEqual({ 'node:Probe Trigger': { count: 3 } });
		} finally {
			await n8n.stop();
		}
	});
});
