/**
 * The secrets scan itself (test/e2e/harness/secretsScan.ts), on a real n8n: values planted where n8n keeps data —
 * execution data, static data, an error message, the CLI output — are found in the right places, URL-encoded ones
 * too, while a value that only lives in a credential is not (n8n encrypts credential data). Without this test a scan
 * that looks in the wrong place would report "0 found" forever.
 */
import { randomBytes } from 'node:crypto';
import { N8nInstance, N8nRuntime } from './harness/n8n';
import { chainWorkflow } from './harness/workflow';
import { formatReport, scanForSecrets } from './harness/secretsScan';

jest.setTimeout(5 * 60 * 1000);

const planted = (label: string) => `${label}_${randomBytes(12).toString('hex')}`;
const OUTPUT = planted('PLANTED_OUTPUT');
const STATIC = planted('PLANTED_STATIC');
const ERROR = planted('PLANTED_ERROR');
const CREDENTIAL = planted('PLANTED_CREDENTIAL');
const NEVER = planted('PLANTED_NEVER');
/** Characters that URL-encoding changes: planted only in its encoded form. */
const ENCODED = `Pl+nted/${randomBytes(9).toString('base64')}=`;

let n8n: N8nInstance;

beforeAll(async () => {
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'secrets-scan' });
	await n8n.importCredentials([
		{ id: 'scanCredential01', name: 'Planted', type: 'httpBasicAuth', data: { user: 'someone', password: CREDENTIAL } },
	]);
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
});

it('finds values in execution data, static data, error messages and logs; none in encrypted credentials', async () => {
	const set = {
		name: 'Planted Output',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'manual',
			assignments: {
				assignments: [
					{ id: 'a1', name: 'value', value: OUTPUT, type: 'string' },
					{ id: 'a2', name: 'link', value: `https://example.invalid/?k=${encodeURIComponent(ENCODED)}`, type: 'string' },
				],
			},
			options: {},
		},
	};
	const ok = await n8n.importWorkflow({ ...chainWorkflow('scanPlantedOk01', [set]), staticData: { global: { cursor: STATIC } } });
	expect((await n8n.execute(ok)).ok).toBe(true);
	const failing = await n8n.importWorkflow(
		chainWorkflow('scanPlantedErr01', [{ name: 'Fail', type: 'n8n-nodes-base.stopAndError', typeVersion: 1, parameters: { errorMessage: `failed with ${ERROR}` } }]),
	);
	expect((await n8n.execute(failing)).ok).toBe(false);

	const values = [OUTPUT, STATIC, ERROR, CREDENTIAL, NEVER, ENCODED].map((value) => ({ service: 'test', kind: value.slice(0, 14), value }));
	const report = scanForSecrets(values, [n8n.userFolder], { node: n8n.runtime.node });
	const where = (value: string) =>
		[...new Set(report.findings.filter((f) => f.preview === `${value.slice(0, 4)}…` && f.kind === value.slice(0, 14)).map((f) => f.place.split(' › ')[1]))].sort();

	expect(report.values).toBe(6);
	expect(report.places).toBeGreaterThan(20); // every table, the raw database files, the logs
	expect(where(OUTPUT)).toEqual(expect.arrayContaining(['file n8n-cli.log', 'table execution_data']));
	expect(where(ERROR)).toEqual(expect.arrayContaining(['file n8n-cli.log', 'table execution_data']));
	expect(where(STATIC)).toEqual(expect.arrayContaining(['table workflow_entity']));
	expect(where(ENCODED)).toEqual(expect.arrayContaining(['table execution_data']));
	expect(where(CREDENTIAL)).toEqual([]);
	expect(where(NEVER)).toEqual([]);
	expect(formatReport(report)).toMatch(/^secrets scan: 6 values searched in \d+ places \(1 n8n instances, [\d.]+ MB\), [1-9]\d* found/);
});
