/**
 * Runs every template of test/faults/templates.ts twice in one real n8n, side by side: on fault-free emulators
 * (the expected final state) and on emulators with every fault on (test/emulators/common/faults.ts), with the
 * triggers active and the same source changes or events fed to both, step by step. The target is down during one
 * step. Then it waits until re-deliveries settle (polling) or retries the failed executions through n8n's REST
 * retry (webhook and manual runs), and compares the two final states: lost, duplicated, different, unexpected.
 *
 * Used by test/e2e/faults.e2e.test.ts (CI) and scripts/faults.ts (larger runs, several seeds).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { N8nInstance, ExecutionRow } from '../e2e/harness/n8n';
import { sumFaults, type FaultKind } from '../emulators/common/faults';
import { compareSnapshots, type Comparison } from './compare';
import { faultPlan, TIME_SCALE, type TimeScale } from './plan';
import { CI_SIZE, type Json, type SuiteSize, type TemplateEntry } from './templates';
import { useCredentials, World, type ServiceName } from './world';

const ROOT = path.resolve(__dirname, '../..');
const FAILED = new Set(['error', 'crashed']);
const RUNNING = new Set(['new', 'running', 'waiting']);

export interface RunOptions {
	seed: number;
	time?: TimeScale;
	size?: SuiteSize;
	log?: (line: string) => void;
	/** Give up waiting for a template to settle after this long (ms). */
	deadlineMs?: number;
}

export interface TemplateResult {
	name: string;
	kind: TemplateEntry['kind'];
	seed: number;
	comparison: Comparison;
	faults: Partial<Record<FaultKind, number>>;
	/** API calls per service: fault-free run, fault run. */
	calls: Record<string, { faultFree: number; faults: number }>;
	executions: { faultFree: { total: number; failed: number }; faults: { total: number; failed: number } };
	/** Polling: items emitted again after their execution failed. */
	redelivered: number;
	/** Webhook and manual: executions retried through REST (POST /rest/executions/:id/retry). */
	retried: number;
	durationMs: number;
	/** Set when the run could not be driven to the end (the comparison is then of a partial run). */
	error?: string;
}

interface Pair {
	entry: TemplateEntry;
	clean: World;
	faulty: World;
	workflows: { clean: Json; faulty: Json };
	retried: number;
	/** Failed executions already retried (a later round must not retry them again: their data is old). */
	retriedIds: Set<string>;
}

/** Everything for one seed: start worlds, import, start n8n if needed, drive all templates at once, compare. */
export async function runFaultSuite(n8n: N8nInstance, entries: TemplateEntry[], options: RunOptions): Promise<TemplateResult[]> {
	const time = options.time ?? TIME_SCALE;
	const size = options.size ?? CI_SIZE;
	const log = options.log ?? (() => undefined);
	const anchor = Date.now() - 60 * 60_000;
	const pairs: Pair[] = [];
	try {
		for (const [n, entry] of entries.entries()) {
			const tag = `s${options.seed}t${n}`;
			const clean = await World.start(`${tag}ok`, entry.services, entry.options(size, anchor));
			const faulty = await World.start(`${tag}fx`, entry.services, entry.options(size, anchor), faultPlan(options.seed, time));
			for (const world of [clean, faulty]) entry.prepare?.(world, size, anchor);
			pairs.push({ entry, clean, faulty, workflows: { clean: {}, faulty: {} }, retried: 0, retriedIds: new Set() });
		}
		await n8n.importCredentials(pairs.flatMap((p) => [...p.clean.credentialInputs(), ...p.faulty.credentialInputs()]));
		for (const pair of pairs) {
			pair.workflows.clean = workflowFor(pair.entry, pair.clean, time, anchor);
			pair.workflows.faulty = workflowFor(pair.entry, pair.faulty, time, anchor);
		}
		await importWorkflows(n8n, pairs.flatMap((p) => [p.workflows.clean, p.workflows.faulty]));
		if (!n8n.isRunning) await n8n.start();
		// One REST call before the concurrent ones: the harness sets up the owner and logs in on its first call.
		await n8n.rest('GET', `/rest/workflows/${String(pairs[0].workflows.clean.id)}`);

		const watcher = new ExecutionWatcher(n8n);
		const started = Date.now();
		// Settled, not all: when one template fails, the others finish before the emulators close under them.
		const settled = await Promise.allSettled(
			pairs.map(async (pair) => {
				try {
					await drive(n8n, watcher, pair, { time, size, log, deadline: started + (options.deadlineMs ?? 15 * 60_000) });
				} finally {
					for (const wf of [pair.workflows.clean, pair.workflows.faulty]) {
						if (pair.entry.kind !== 'manual') await n8n.deactivate(String(wf.id)).catch(() => undefined);
					}
				}
				return await resultOf(n8n, pair, options.seed, Date.now() - started);
			}),
		);
		// A template that could not be driven to the end is reported as such; the others keep their figures.
		return await Promise.all(
			settled.map(async (s, n) => {
				if (s.status === 'fulfilled') return s.value;
				const error = (s.reason as Error)?.stack ?? String(s.reason);
				log(`[${pairs[n].entry.name}] failed: ${error}`);
				return { ...(await resultOf(n8n, pairs[n], options.seed, Date.now() - started)), error };
			}),
		);
	} finally {
		for (const pair of pairs) {
			await pair.clean.close();
			await pair.faulty.close();
		}
	}
}

/** The shipped template with a world's credentials, the entry's settings, and an id and name of its own. */
function workflowFor(entry: TemplateEntry, world: World, time: TimeScale, anchor: number): Json {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', entry.file), 'utf8')) as Json;
	useCredentials(wf.nodes, world);
	entry.configure(Object.fromEntries((wf.nodes as Json[]).map((node) => [String(node.name), node])), world, time, anchor);
	const id = `faults${world.tag}`.replace(/[^A-Za-z0-9]/g, '').slice(0, 16).padEnd(16, '0');
	return { ...wf, id, name: `${wf.name} [${world.label}, ${world.tag}]`, active: false, settings: { ...(wf.settings ?? {}) } };
}

async function importWorkflows(n8n: N8nInstance, workflows: Json[]): Promise<void> {
	const file = path.join(n8n.userFolder, `faults-workflows-${Date.now()}.json`);
	fs.writeFileSync(file, JSON.stringify(workflows));
	const result = await n8n.cli(['import:workflow', `--input=${file}`]);
	if (result.exitCode !== 0) throw new Error(`import:workflow failed: ${result.stdout}\n${result.stderr}`);
}

interface DriveContext {
	time: TimeScale;
	size: SuiteSize;
	log: (line: string) => void;
	deadline: number;
}

async function drive(n8n: N8nInstance, watcher: ExecutionWatcher, pair: Pair, ctx: DriveContext): Promise<void> {
	const { entry } = pair;
	const ids = { clean: String(pair.workflows.clean.id), faulty: String(pair.workflows.faulty.id) };
	const worlds = [
		{ world: pair.clean, id: ids.clean, wf: pair.workflows.clean },
		{ world: pair.faulty, id: ids.faulty, wf: pair.workflows.faulty },
	];
	const say = (line: string) => ctx.log(`[${entry.name}] ${line}`);
	const target = pair.faulty.injector(entry.target);
	const pollMs = ctx.time.pollSeconds * 1000;
	// Quiet long enough that a re-delivery waiting out its pause has started (and every poll has seen the changes).
	const settledMs = ctx.time.maxPauseMs + 2 * pollMs + 2000;

	if (entry.kind === 'poll') {
		for (const w of worlds) await n8n.activate(w.id);
		say('active; first poll (backfill) running');
		await watcher.finished([ids.clean, ids.faulty], 1, ctx.deadline);
		await watcher.quiet([ids.clean, ids.faulty], settledMs, ctx.deadline);
		for (let i = 0; i < entry.steps; i++) {
			const at = Date.now() - 1000;
			if (i === entry.outageStep) await target.startOutage();
			for (const w of worlds) await entry.step(w.world, i, { at, size: ctx.size });
			if (i === entry.outageStep) {
				// Down for several polls: each poll's execution fails, and so do re-deliveries due meanwhile.
				await sleep(4 * pollMs);
				await target.endOutage();
				say(`step ${i}: ${entry.target} was down for 4 polls`);
			}
			await watcher.quiet([ids.clean, ids.faulty], settledMs, ctx.deadline);
			say(`step ${i} settled`);
		}
		return;
	}

	if (entry.kind === 'webhook') {
		for (const w of worlds) await n8n.activate(w.id);
		const urls = new Map<World, string>();
		for (const w of worlds) urls.set(w.world, await webhookReady(n8n, w.wf, entry.webhookPath!, ctx.deadline));
		let expected = 0;
		for (let i = 0; i < entry.steps; i++) {
			const at = Date.now();
			if (i === entry.outageStep) await target.startOutage();
			const counts = await Promise.all(worlds.map((w) => entry.step(w.world, i, { at, size: ctx.size, webhookUrl: urls.get(w.world) })));
			expected += Number(counts[0] ?? 0);
			await watcher.finished([ids.clean, ids.faulty], expected, ctx.deadline);
			if (i === entry.outageStep) await target.endOutage();
			pair.retried += await retryFailed(n8n, watcher, [ids.clean, ids.faulty], pair.retriedIds, ctx.deadline);
			say(`step ${i}: ${expected} events so far, ${pair.retried} executions retried`);
		}
		return;
	}

	// manual: a user runs the workflow, and retries the execution when it failed
	let runs = 0;
	for (let i = 0; i < entry.steps; i++) {
		if (i === entry.outageStep) await target.startOutage();
		for (const w of worlds) await entry.step(w.world, i, { at: Date.now(), size: ctx.size });
		for (const w of worlds) await runManually(n8n, w.wf);
		runs++;
		await watcher.finished([ids.clean, ids.faulty], runs, ctx.deadline);
		if (i === entry.outageStep) await target.endOutage();
		pair.retried += await retryFailed(n8n, watcher, [ids.clean, ids.faulty], pair.retriedIds, ctx.deadline);
		say(`run ${i} done, ${pair.retried} executions retried`);
	}
}

/** A manual run, as the editor's "Execute workflow" starts it (REST). */
async function runManually(n8n: N8nInstance, wf: Json): Promise<void> {
	const trigger = (wf.nodes as Json[]).find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	await n8n.rest('POST', `/rest/workflows/${String(wf.id)}/run`, { triggerToStartFrom: { name: trigger!.name } });
}

/** The production URL of a webhook template, once n8n has registered it (activation is asynchronous). */
async function webhookReady(n8n: N8nInstance, wf: Json, webhookPath: string, deadline: number): Promise<string> {
	const trigger = (wf.nodes as Json[]).find((n) => n.webhookId);
	const url = `${n8n.baseUrl}/webhook/${String(trigger!.webhookId)}/${webhookPath}`;
	for (;;) {
		// An unsigned POST is refused by the trigger (401/403) once the webhook exists; 404 before. (Not a GET: n8n
		// registers the GET and POST webhooks of the trigger one after the other.)
		const status = await fetch(url, { method: 'POST', body: '' }).then((r) => r.status, () => 0);
		if (status !== 0 && status !== 404) return url;
		if (Date.now() > deadline) throw new Error(`webhook ${url} never registered`);
		await sleep(300);
	}
}

/**
 * What a user does with failed executions: retry each (oldest first) through n8n's retry, until none is left
 * without a successful retry. Returns how many retries were made.
 */
async function retryFailed(n8n: N8nInstance, watcher: ExecutionWatcher, workflowIds: string[], done: Set<string>, deadline: number): Promise<number> {
	let retried = 0;
	for (let round = 0; round < 10; round++) {
		await watcher.refresh();
		const failed = watcher.rows.filter((r) => workflowIds.includes(r.workflowId) && FAILED.has(r.status) && !done.has(r.id));
		if (failed.length === 0) return retried;
		for (const row of failed) {
			done.add(row.id);
			retried++;
			// n8n answers when the retry has finished; a long one outlasts the harness's 30 s request timeout
			// while it goes on in n8n, and the wait below sees it end.
			await n8n.rest('POST', `/rest/executions/${row.id}/retry`, { loadWorkflow: false }).catch((error: Error) => {
				if (!/^timeout:/.test(error.message)) throw error;
			});
		}
		await watcher.idle(workflowIds, deadline);
	}
	throw new Error(`executions of ${workflowIds.join(', ')} still fail after 10 rounds of retries`);
}

async function resultOf(n8n: N8nInstance, pair: Pair, seed: number, durationMs: number): Promise<TemplateResult> {
	const { entry } = pair;
	const comparison = compareSnapshots(entry.snapshot(pair.clean), entry.snapshot(pair.faulty));
	const calls: TemplateResult['calls'] = {};
	for (const service of entry.services as ServiceName[]) {
		calls[service] = { faultFree: pair.clean.injector(service).calls, faults: pair.faulty.injector(service).calls };
	}
	const rows = await n8n.listExecutions();
	const of = (wf: Json) => rows.filter((r) => r.workflowId === String(wf.id));
	const count = (list: ExecutionRow[]) => ({ total: list.length, failed: list.filter((r) => FAILED.has(r.status)).length });
	let redelivered = 0;
	if (entry.trigger) {
		const seen = new Set<string>();
		for (const row of of(pair.workflows.faulty)) {
			if (row.mode === 'retry') continue;
			const detail = await n8n.getExecution(row.id);
			const items = detail.data?.resultData?.runData?.[entry.trigger.node]?.[0]?.data?.main?.[0] ?? [];
			for (const item of items) {
				const version = entry.trigger.version(item.json);
				if (seen.has(version)) redelivered++;
				seen.add(version);
			}
		}
	}
	return {
		name: entry.name,
		kind: entry.kind,
		seed,
		comparison,
		faults: sumFaults(pair.faulty.injectors()),
		calls,
		executions: { faultFree: count(of(pair.workflows.clean)), faults: count(of(pair.workflows.faulty)) },
		redelivered,
		retried: pair.retried,
		durationMs,
	};
}

/** One reader of n8n's executions for every template (each read is a process reading the SQLite database). */
class ExecutionWatcher {
	rows: ExecutionRow[] = [];
	private reading?: Promise<void>;
	private readAt = 0;

	constructor(private readonly n8n: N8nInstance) {}

	/** Read again, unless a read finished less than `maxAgeMs` ago (several waits share one read a second). */
	async refresh(maxAgeMs = 0): Promise<void> {
		if (!this.reading && Date.now() - this.readAt < maxAgeMs) return;
		this.reading ??= this.n8n
			.listExecutions()
			.then((rows) => {
				this.rows = rows;
				this.readAt = Date.now();
			})
			.finally(() => (this.reading = undefined));
		await this.reading;
	}

	private of(ids: string[]): ExecutionRow[] {
		return this.rows.filter((r) => ids.includes(r.workflowId));
	}

	/** No execution running. */
	async idle(ids: string[], deadline: number): Promise<void> {
		await this.until(() => !this.of(ids).some((r) => RUNNING.has(r.status)), deadline, `executions of ${ids.join(', ')} still running`);
	}

	/** Each workflow has at least `count` finished executions (retries not counted) and none running. */
	async finished(ids: string[], count: number, deadline: number): Promise<void> {
		await this.until(
			() =>
				ids.every((id) => this.of([id]).filter((r) => r.mode !== 'retry' && !RUNNING.has(r.status)).length >= count) &&
				!this.of(ids).some((r) => RUNNING.has(r.status)),
			deadline,
			`expected ${count} finished executions of each of ${ids.join(', ')}`,
		);
	}

	/** No execution running and none started for `quietMs`. */
	async quiet(ids: string[], quietMs: number, deadline: number): Promise<void> {
		let lastCount = -1;
		let since = Date.now();
		await this.until(
			() => {
				const mine = this.of(ids);
				if (mine.length !== lastCount || mine.some((r) => RUNNING.has(r.status))) {
					lastCount = mine.length;
					since = Date.now();
				}
				return Date.now() - since >= quietMs;
			},
			deadline,
			`executions of ${ids.join(', ')} never settled`,
		);
	}

	private async until(condition: () => boolean, deadline: number, message: string): Promise<void> {
		for (;;) {
			await this.refresh(900);
			if (condition()) return;
			if (Date.now() > deadline) throw new Error(message);
			await sleep(1000);
		}
	}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
