/**
 * One real n8n for the bench: the e2e runtime (n8n 2.40.7 on Node 24, test/e2e/harness), the packed package
 * installed as n8n's installer does, started with `n8n start`. Adds what the e2e harness does not need: the server's
 * process id, its memory (current and peak RSS, the peak reset before each run), its CPU time, a compact summary
 * of an execution read from n8n's database (per node: start, time, items; never the item data), and a
 * CPU profiler over the inspector protocol.
 */
import { execFileSync, execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { N8nInstance, N8nRuntime } from "../../test/e2e/harness/n8n";

export interface NodeRun {
  node: string;
  /** ms epoch */
  start: number;
  ms: number;
  items: number;
  status?: string;
}

export interface ExecutionSummary {
  id: string;
  workflowId: string;
  mode: string;
  status: string;
  startedAt: number;
  stoppedAt: number;
  error?: string;
  nodes: NodeRun[];
}

export class BenchServer {
  /** For CLI commands (import, publish). */
  readonly cli: N8nInstance;
  /** The running `n8n start` (REST calls), on the same user folder; with the inspector open when profiling. */
  readonly n8n: N8nInstance;
  pid = 0;
  startupMs = 0;
  inspector?: string;

  constructor(
    readonly runtime: N8nRuntime,
    userFolder: string,
    options: { inspect?: boolean; profileDir?: string; maxOldSpaceMiB?: number } = {},
  ) {
    this.cli = new N8nInstance({ runtime, userFolder });
    const nodeOptions = [
      options.inspect ? "--inspect=127.0.0.1:0" : "",
      // V8 writes the profile when the process exits (n8n exits on stop)
      options.profileDir ? `--cpu-prof --cpu-prof-dir=${options.profileDir}` : "",
      // a smaller heap shows whether memory growth is data the run holds or garbage V8 has not collected yet
      options.maxOldSpaceMiB ? `--max-old-space-size=${options.maxOldSpaceMiB}` : "",
    ].filter(Boolean);
    this.n8n = new N8nInstance({
      runtime,
      userFolder,
      env: nodeOptions.length ? { NODE_OPTIONS: nodeOptions.join(" ") } : {},
    });
  }

  /** `n8n start`; records the start-up time (spawn → ready), the server's pid and its inspector URL. */
  async start(): Promise<void> {
    const started = Date.now();
    await this.n8n.start();
    this.startupMs = Date.now() - started;
    this.pid = serverPid(this.n8n.userFolder);
    this.inspector = /Debugger listening on (ws:\/\/\S+)/.exec(
      this.n8n.serverLog(),
    )?.[1];
  }

  async stop(): Promise<void> {
    await this.n8n.stop();
    this.pid = 0;
  }

  /** Current and peak resident memory of the server, in MiB (Linux /proc). */
  memory(): { rss: number; peak: number } {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  }

  /** Resets the peak RSS (VmHWM) to the current RSS, so that the next read is the peak of what follows. */
  resetPeak(): boolean {
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, "5");
      return true;
    } catch {
      return false;
    }
  }

  /** CPU seconds (user + system) the server has used so far. */
  cpuSeconds(): number {
    const stat = fs.readFileSync(`/proc/${this.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Executions of a workflow, oldest first, with a per-node summary (never the items themselves). */
  async executions(
    workflowId: string,
    afterId = 0,
  ): Promise<ExecutionSummary[]> {
    const out = await runNode(this.runtime, SUMMARY_SCRIPT, [
      path.join(this.n8n.n8nFolder, "database.sqlite"),
      workflowId,
      String(afterId),
    ]);
    return JSON.parse(out) as ExecutionSummary[];
  }

  /** Status rows only (cheap), for waiting. */
  async statuses(
    workflowId: string,
    afterId = 0,
  ): Promise<Array<{ id: number; mode: string; status: string }>> {
    const out = await runNode(this.runtime, STATUS_SCRIPT, [
      path.join(this.n8n.n8nFolder, "database.sqlite"),
      workflowId,
      String(afterId),
    ]);
    return JSON.parse(out) as Array<{
      id: number;
      mode: string;
      status: string;
    }>;
  }

  /**
   * Activates a webhook-started workflow and waits until n8n has registered its webhook (a row in webhook_entity):
   * a call made before that answers 404.
   */
  async activateWebhook(
    workflowId: string,
    webhookPath: string,
    timeoutMs = 30_000,
  ): Promise<void> {
    await this.n8n.activate(workflowId);
    const db = path.join(this.n8n.n8nFolder, "database.sqlite");
    for (
      const t0 = Date.now();
      Date.now() - t0 < timeoutMs;
      await new Promise((r) => setTimeout(r, 250))
    ) {
      if (
        (await runNode(this.runtime, WEBHOOK_SCRIPT, [db, webhookPath])) === "1"
      )
        return;
    }
    throw new Error(
      `webhook ${webhookPath} of workflow ${workflowId} not registered after ${timeoutMs / 1000} s`,
    );
  }

  async lastExecutionId(): Promise<number> {
    const out = await runNode(this.runtime, LAST_ID_SCRIPT, [
      path.join(this.n8n.n8nFolder, "database.sqlite"),
    ]);
    return Number(out) || 0;
  }
}

/** The `n8n start` child of this process (the harness spawns it): found by its command line. */
function serverPid(userFolder: string): number {
  const lines = execFileSync(
    "ps",
    ["-o", "pid=,args=", "--ppid", String(process.pid)],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n");
  const hit = lines
    .map((l) => l.trim().split(/\s+/))
    .find((parts) => parts.slice(1).join(" ").endsWith("n8n start"));
  if (!hit) throw new Error(`no 'n8n start' child found for ${userFolder}`);
  return Number(hit[0]);
}

function runNode(
  runtime: N8nRuntime,
  script: string,
  args: string[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      runtime.node,
      ["--no-warnings", "--max-old-space-size=8192", "-e", script, ...args],
      { cwd: runtime.dir, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`${error.message}\n${stderr}`))
          : resolve(stdout),
    );
  });
}

const OPEN = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { readOnly: true });
db.exec('PRAGMA busy_timeout = 10000');
`;

const LAST_ID_SCRIPT = `${OPEN}
const r = db.prepare('SELECT MAX(id) AS id FROM execution_entity').get();
process.stdout.write(String(r.id ?? 0));
`;

const WEBHOOK_SCRIPT = `${OPEN}
const r = db.prepare('SELECT COUNT(*) AS n FROM webhook_entity WHERE webhookPath = ?').get(process.argv[2]);
process.stdout.write(r.n > 0 ? '1' : '0');
`;

const STATUS_SCRIPT = `${OPEN}
const rows = db.prepare('SELECT id, mode, status FROM execution_entity WHERE workflowId = ? AND id > ? ORDER BY id').all(process.argv[2], Number(process.argv[3]));
process.stdout.write(JSON.stringify(rows));
`;

/** Parses n8n's flatted execution data and keeps only timings and item counts per node run. */
const SUMMARY_SCRIPT = `${OPEN}
const path = require('node:path');
const { parse } = require(path.resolve('node_modules/flatted'));
const rows = db.prepare('SELECT e.id, e.workflowId, e.mode, e.status, e.startedAt, e.stoppedAt, d.data FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.workflowId = ? AND e.id > ? ORDER BY e.id').all(process.argv[2], Number(process.argv[3]));
const ms = (t) => (t ? new Date(String(t).replace(' ', 'T') + (/Z|[+-]\\d\\d:?\\d\\d$/.test(String(t)) ? '' : 'Z')).getTime() : 0);
const out = rows.map((r) => {
	const data = parse(r.data);
	const result = data.resultData || {};
	const nodes = [];
	for (const [node, runs] of Object.entries(result.runData || {})) {
		for (const run of runs) {
			const main = (run.data && run.data.main) || [];
			nodes.push({ node, start: run.startTime, ms: run.executionTime, items: main.reduce((n, o) => n + (o ? o.length : 0), 0), status: run.executionStatus });
		}
	}
	const error = result.error ? String(result.error.message || result.error.description || 'error') : undefined;
	return { id: String(r.id), workflowId: r.workflowId, mode: r.mode, status: r.status, startedAt: ms(r.startedAt), stoppedAt: ms(r.stoppedAt), error, nodes };
});
process.stdout.write(JSON.stringify(out));
`;

export { N8nRuntime };
