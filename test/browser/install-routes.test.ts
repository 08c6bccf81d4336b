/**
 * The README's install routes, done word for word into a fresh n8n user folder (a stand-in for ~/.n8n), then proven
 * by n8n itself: `n8n execute` of the base-data template (Xiaoe → Mingdao) against the emulators must succeed.
 *   1. release tarball:  cd ~/.n8n/nodes && npm install --omit=peer <file>.tgz
 *   2. local build:      ln -s <checkout> ~/.n8n/nodes/node_modules/n8n-nodes-china-saas   (what npm link makes)
 * (Docker, route 3, needs a Docker engine; none runs here, see docker-compose.yml.) The e2e tests install the tarball
 * the way n8n's own installer does (N8nInstance.installPackage); these tests follow the words a user reads.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime, REPO_ROOT } from '../e2e/harness/n8n';
import { credentialData, credentialRefs, demoTemplates, startEmulators, type Emulators } from '../../scripts/demo';

jest.setTimeout(10 * 60 * 1000);

const PACKAGE = 'n8n-nodes-china-saas';
let emulators: Emulators;
let root: string;

beforeAll(async () => {
	emulators = await startEmulators(0);
	const base = process.env.N8N_E2E_ROOT ?? os.tmpdir();
	fs.mkdirSync(base, { recursive: true });
	root = fs.mkdtempSync(path.join(base, 'china-saas-install-'));
});

afterAll(async () => {
	await Promise.all(Object.values(emulators ?? {}).map((e) => e.close()));
	if (root && !process.env.E2E_KEEP) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh n8n user folder with nothing installed, and its `.n8n/nodes` folder. */
function freshN8n(name: string): { n8n: N8nInstance; nodes: string } {
	const n8n = new N8nInstance({ runtime: N8nRuntime.locate(), userFolder: path.join(root, name) });
	fs.mkdirSync(n8n.nodesFolder, { recursive: true });
	return { n8n, nodes: n8n.nodesFolder };
}

/** The base-data template with the emulators' credentials, run once with `n8n execute`: it needs the nodes loaded. */
async function runBaseDataTemplate(n8n: N8nInstance): Promise<void> {
	const refs = credentialRefs();
	const data = credentialData(emulators);
	await n8n.importCredentials(Object.entries(data).map(([type, d]) => ({ ...refs[type], type, data: d })));
	const base = demoTemplates(emulators, refs).find((t) => t.template.file === 'xiaoe-base-data-to-mingdao.json');
	expect(base).toBeDefined();
	const id = await n8n.importWorkflow(base!.workflow);
	const usersBefore = emulators.mingdao.state.listRows('xiaoe_users').length;
	const run = await n8n.execute(id, { timeoutMs: 300_000 });
	expect({ ok: run.ok, error: run.error?.message }).toEqual({ ok: true, error: undefined });
	expect(emulators.mingdao.state.listRows('xiaoe_users').length).toBeGreaterThanOrEqual(Math.max(usersBefore, 1));
}

describe('install routes, as the README words them', () => {
	it('1. release tarball: npm install --omit=peer <file>.tgz in ~/.n8n/nodes', async () => {
		const { n8n, nodes } = freshN8n('tarball');
		const tgz = process.env.CHINA_SAAS_TGZ as string;
		execFileSync('npm', ['install', '--omit=peer', '--no-audit', '--no-fund', tgz], { cwd: nodes, stdio: 'pipe' });
		// only the package itself: no second n8n-workflow beside n8n's own (that is what --omit=peer prevents)
		expect(fs.readdirSync(path.join(nodes, 'node_modules')).filter((f) => !f.startsWith('.'))).toEqual([PACKAGE]);
		expect(JSON.parse(fs.readFileSync(path.join(nodes, 'package.json'), 'utf8')).dependencies[PACKAGE]).toMatch(/\.tgz$/);
		await runBaseDataTemplate(n8n);
	});

	it('2. local build: the checkout linked into ~/.n8n/nodes/node_modules (after npm run build)', async () => {
		const { n8n, nodes } = freshN8n('linked');
		fs.mkdirSync(path.join(nodes, 'node_modules'), { recursive: true });
		fs.symlinkSync(REPO_ROOT, path.join(nodes, 'node_modules', PACKAGE));
		expect(fs.existsSync(path.join(nodes, 'node_modules', PACKAGE, 'dist/nodes/Xiaoe/Xiaoe.node.js'))).toBe(true);
		await runBaseDataTemplate(n8n);
	});
});
