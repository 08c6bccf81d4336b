/** One measured run: start a workflow in the running n8n, wait for it, and collect every figure of the results. */
import { callsByEndpoint, countCalls, floorMs, isTokenCall, nodeTimes } from "./analysis";
import type { NodeTime } from "./analysis";
import type { ProfileSummary } from "./profile";
import type { Network } from "./network";
import type { BenchServer, ExecutionSummary } from "./server";

export interface RunResult {
  template: string;
  variant: "ours" | "diy";
  run: "first sync" | "unchanged re-run" | string;
  orders: number;
  users: number;
  /** The main executions as n8n recorded them (startedAt → stoppedAt), summed: a poll with more orders than the
   *  trigger's "Orders per Execution" runs one execution per page, one after the other. */
  execS: number;
  /** From the bench starting the run (activation or webhook call) to the end of the last main execution. */
  wallS: number;
  /** Main executions (trigger or webhook) of the run. */
  mainExecutions: number;
  floorS: number;
  /** CPU seconds the n8n server process used during the run. */
  n8nCpuS: number;
  /** `n8n start` until ready, for the n8n process this run ran in (once per process). */
  startupS: number;
  /** Resident memory of n8n before the run, its peak during the run, and the growth (MiB). */
  rssBeforeMiB: number;
  peakRssMiB: number;
  rssGrowthMiB: number;
  executions: number;
  tokenFetches: number;
  /** Per service (xiaoe, mingdao, wechat, fxiaoke, kingdee) and endpoint, as the latency proxies saw them. */
  calls: Record<string, Record<string, number>>;
  callsTotal: number;
  callsPerOrder: number;
  /** Templates that sync rows rather than orders (base data): the rows the run syncs, and calls per such row. */
  rows?: number;
  callsPerRow?: number;
  rowsWritten: { created: number; updated: number };
  nodes: NodeTime[];
  /** With `--profile`: the CPU profile of the n8n process of this variant (set on its last run). */
  profile?: ProfileSummary;
  /** Figures a template measures itself (WeChat: answer times per push, re-sends). */
  extra?: Record<string, number | string>;
  /** Set when the run failed; the figures are then partial. */
  error?: string;
  /**
   * A DIY run that ran to the end but left the target wrong (rows lost or duplicated, e.g. by n8n's shared XML
   * parser under concurrent pushes): what users of such a workflow get. Its figures stand; the bench does not fail.
   */
  finding?: string;
}

export interface RunContext {
  server: BenchServer;
  net: Network;
  /** Rows created and updated so far on the template's target (counters of its emulator). */
  writes(): { created: number; updated: number };
  latencyMs: number;
  orders: number;
  users: number;
}

const FINISHED = new Set(["success", "error", "crashed", "canceled"]);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function measure(
  ctx: RunContext,
  what: {
    template: string;
    variant: "ours" | "diy";
    run: string;
    workflowId: string;
    mainMode: "trigger" | "webhook";
    /** How many main executions the run makes (default 1). */
    expectedMain?: number;
    /** The rows the run syncs, when its unit is a row (base data): adds calls per row. */
    rows?: number;
    timeoutMs: number;
  },
  start: () => Promise<void>,
): Promise<RunResult> {
  const { server, net } = ctx;
  const writesBefore = ctx.writes();
  const callIndex = net.calls.length;
  const lastId = await server.lastExecutionId();
  server.resetPeak();
  const rssBefore = server.memory().rss;
  let sampled = rssBefore;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, server.memory().rss);
    } catch {
      // the process is gone; the run will say so
    }
  }, 250);
  const cpuBefore = server.cpuSeconds();
  const t0 = Date.now();
  let error: string | undefined;
  try {
    await start();
    for (;;) {
      await sleep(1000);
      const rows = await server.statuses(what.workflowId, lastId);
      const mains = rows.filter((r) => r.mode === what.mainMode);
      if (
        mains.length >= (what.expectedMain ?? 1) &&
        rows.every((r) => FINISHED.has(r.status))
      )
        break;
      if (Date.now() - t0 > what.timeoutMs)
        throw new Error(
          `no finished ${what.mainMode} execution after ${what.timeoutMs / 1000} s`,
        );
    }
  } catch (e) {
    error = (e as Error).message;
  } finally {
    clearInterval(sampler);
  }
  const cpu = server.cpuSeconds() - cpuBefore;
  const memory = server.memory();
  const executions: ExecutionSummary[] = await server.executions(
    what.workflowId,
    lastId,
  );
  const mains = executions.filter((e) => e.mode === what.mainMode);
  for (const main of mains) {
    if (main.error) error ??= main.error;
    if (main.status !== "success")
      error ??= `execution ${main.id} ended ${main.status}`;
  }
  const made = net.calls.slice(callIndex);
  const calls = callsByEndpoint(made);
  const writesAfter = ctx.writes();
  const callsTotal = countCalls(calls);
  const peak = Math.max(memory.peak, sampled);
  const end = Math.max(0, ...mains.map((m) => m.stoppedAt)) || Date.now();
  return {
    template: what.template,
    variant: what.variant,
    run: what.run,
    orders: ctx.orders,
    users: ctx.users,
    execS: mains.length
      ? round(mains.reduce((sum, m) => sum + (m.stoppedAt - m.startedAt), 0) / 1000)
      : NaN,
    mainExecutions: mains.length,
    wallS: round((end - t0) / 1000),
    floorS: round(floorMs(calls, ctx.latencyMs) / 1000),
    n8nCpuS: round(cpu),
    startupS: round(server.startupMs / 1000),
    rssBeforeMiB: Math.round(rssBefore),
    peakRssMiB: Math.round(peak),
    rssGrowthMiB: Math.round(peak - rssBefore),
    executions: executions.length,
    tokenFetches: made.filter(isTokenCall).length,
    calls,
    callsTotal,
    callsPerOrder: Number((callsTotal / Math.max(1, ctx.orders)).toFixed(4)),
    ...(what.rows !== undefined
      ? {
          rows: what.rows,
          callsPerRow: Number((callsTotal / Math.max(1, what.rows)).toFixed(4)),
        }
      : {}),
    rowsWritten: {
      created: writesAfter.created - writesBefore.created,
      updated: writesAfter.updated - writesBefore.updated,
    },
    nodes: nodeTimes(executions, made),
    ...(error ? { error } : {}),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
