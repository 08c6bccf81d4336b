/**
 * `npm run bench`: our templates against the do-it-yourself workflows, side by side in one real n8n, on the same
 * data and machine. See bench/README.md for what each figure means.
 *
 *   npm run bench                                  # 10 000 orders, 2 000 users, 20 ms latency
 *   npm run bench -- --scale 1000,10000,50000      # a scale curve (DIY only up to --diy-max, default 10 000)
 *   npm run bench -- --smoke                       # 200 orders, orders template only: the CI check that the bench runs
 *   npm run bench -- --templates baseData --scale 1000   # the base-data template against its DIY twin (200 users)
 *   npm run bench -- --templates orders --variants ours --per-execution 2000   # memory against calls
 *   npm run bench -- --templates delivery --scale 1000 --fxiaoke-rps 50   # Kingdee → Fxiaoke, our client-side limit raised
 *   npm run bench -- --latency 50 --users 500 --templates orders --variants ours --no-diy-rerun
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startFxiaokeEmulator } from "../test/emulators/fxiaoke";
import {
  DEFAULT_ACCT_ID,
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  startKingdeeEmulator,
} from "../test/emulators/kingdee";
import { startMingdaoEmulator } from "../test/emulators/mingdao";
import { startWechatEmulator } from "../test/emulators/wechat";
import { startXiaoeEmulator } from "../test/emulators/xiaoe";
import { E2E_ROOT } from "../test/e2e/harness/n8n";
import { writeChart } from "../bench/lib/chart";
import { measure } from "../bench/lib/measure";
import type { RunContext, RunResult } from "../bench/lib/measure";
import { Network } from "../bench/lib/network";
import { printTable } from "../bench/lib/report";
import { BenchServer, N8nRuntime } from "../bench/lib/server";
import { SMOKE_TEMPLATES, TEMPLATES } from "../bench/lib/templates";
import type { BenchEnv, Prepared } from "../bench/lib/templates";
import { printProfile, summariseProfiles } from "../bench/lib/profile";
import { CREDENTIALS, ROOT } from "../bench/lib/workflows";

interface Options {
  scales: number[];
  users?: number;
  latencyMs: number;
  smoke: boolean;
  templates: string[];
  variants: Array<"diy" | "ours">;
  diyMax: number;
  /** DIY re-runs cost what its first sync costs (it writes every row again): the smoke run skips them. */
  diyRerun: boolean;
  tokenCheck: boolean;
  /** n8n runs with V8's CPU profiler; a summary per variant (bench/lib/profile.ts). */
  profile: boolean;
  /** `--max-old-space <MiB>`: n8n's V8 heap limit (default: Node's). */
  maxOldSpaceMiB?: number;
  /** `--per-execution <n>`: the order template's Orders per Execution (memory against calls). */
  perExecution?: number;
  /** `--fxiaoke-rps <n>`: our Fxiaoke credential's Max Requests per Second (default 0: the package's 4/s). */
  fxiaokeRps: number;
  out: string;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes("--smoke");
  const list = (name: string, fallback: string) =>
    (value(name) ?? fallback)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    smoke,
    scales: list("scale", value("orders") ?? (smoke ? "200" : "10000")).map(
      Number,
    ),
    users: value("users") ? Number(value("users")) : undefined,
    latencyMs: Number(value("latency") ?? 20),
    templates: list(
      "templates",
      (smoke ? SMOKE_TEMPLATES : Object.keys(TEMPLATES)).join(","),
    ),
    variants: list("variants", "diy,ours") as Array<"diy" | "ours">,
    diyMax: Number(value("diy-max") ?? 10_000),
    diyRerun: !smoke && !argv.includes("--no-diy-rerun"),
    tokenCheck: !argv.includes("--no-token-check"),
    profile: argv.includes("--profile"),
    maxOldSpaceMiB: value("max-old-space") ? Number(value("max-old-space")) : undefined,
    perExecution: value("per-execution") ? Number(value("per-execution")) : undefined,
    fxiaokeRps: Number(value("fxiaoke-rps") ?? 0),
    out: path.resolve(
      value("out") ??
        (smoke
          ? path.join(os.tmpdir(), "bench-smoke")
          : path.join(ROOT, "bench/results")),
    ),
  };
}

/** Builds the package and packs it as it would be published (as the e2e global setup does). */
function pack(): string {
  execFileSync("npm", ["run", "build", "--silent"], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const dest = fs.mkdtempSync(path.join(os.tmpdir(), "china-saas-bench-"));
  const out = execFileSync(
    "npm",
    ["pack", "--pack-destination", dest, "--silent"],
    { cwd: ROOT, encoding: "utf8" },
  );
  return path.join(dest, out.trim().split("\n").pop() as string);
}

function machine(runtime: N8nRuntime) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((n) => Number(n.toFixed(1))),
    n8n: runtime.n8nVersion,
    node: execFileSync(runtime.node, ["-v"], { encoding: "utf8" }).trim(),
    os: `${os.type()} ${os.release()}`,
  };
}

const log = (message: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function benchScale(
  options: Options,
  runtime: N8nRuntime,
  tgz: string,
  orders: number,
): Promise<{ runs: RunResult[]; tokens?: TokenCheck }> {
  const users = options.users ?? Math.max(80, Math.round(orders / 5));
  const anchor = Date.now() - 60_000;
  log(
    `${orders} orders, ${users} users: starting the emulators (${options.latencyMs} ms latency)`,
  );
  const xe = await startXiaoeEmulator({ orders, users, anchor, spanDays: 10 });
  // Mingdao publishes no rate limit: the emulator enforces none; our credential spaces calls at 50/s per endpoint.
  const md = await startMingdaoEmulator({ ratePerSecond: 0 });
  // The other services' templates seed their own data (BenchTemplate.reset); they start empty.
  const fx = await startFxiaokeEmulator({ records: {} });
  const kd = await startKingdeeEmulator();
  const wx = await startWechatEmulator();
  const net = new Network(options.latencyMs);
  const xiaoe = await net.proxy("xiaoe", xe.url);
  const mingdao = await net.proxy("mingdao", md.url);
  const fxiaoke = await net.proxy("fxiaoke", fx.url);
  const kingdee = await net.proxy("kingdee", kd.url);
  const wechat = await net.proxy("wechat", wx.url);
  const folder = path.join(
    E2E_ROOT,
    `bench-${orders}-${Date.now().toString(36)}`,
  );
  const profileDir = options.profile ? path.join(folder, "profiles") : undefined;
  const server = new BenchServer(runtime, folder, { profileDir, maxOldSpaceMiB: options.maxOldSpaceMiB });
  const runs: RunResult[] = [];
  let tokens: TokenCheck | undefined;
  try {
    await server.cli.installPackage(tgz);
    await server.cli.importCredentials([
      {
        ...CREDENTIALS.xiaoeApi,
        type: "xiaoeApi",
        data: {
          baseUrl: xiaoe.url,
          appId: "app_emu",
          clientId: "xop_emu",
          secretKey: "emu_secret",
          requestsPerSecond: 0,
        },
      },
      {
        ...CREDENTIALS.mingdaoApi,
        type: "mingdaoApi",
        data: {
          baseUrl: mingdao.url,
          appKey: "emu_appkey",
          signSecret: "emu_sign",
          requestsPerSecond: 50,
        },
      },
      {
        ...CREDENTIALS.fxiaokeApi,
        type: "fxiaokeApi",
        data: {
          baseUrl: fxiaoke.url,
          appId: "FSAID_emu",
          appSecret: "emu_app_secret",
          permanentCode: "EMU_PERMANENT_CODE",
          operatorMode: "openUserId",
          currentOpenUserId: "FSUID_OPERATOR0001",
          requestsPerSecond: options.fxiaokeRps,
        },
      },
      {
        ...CREDENTIALS.kingdeeK3CloudApi,
        type: "kingdeeK3CloudApi",
        data: {
          serverUrl: `${kingdee.url}/`,
          acctId: DEFAULT_ACCT_ID,
          userName: "demo",
          authMode: "signature",
          appId: DEFAULT_APP_ID,
          appSecret: DEFAULT_APP_SECRET,
          lcid: 2052,
          orgNumber: "0",
          requestsPerSecond: 0,
        },
      },
      {
        ...CREDENTIALS.wechatOfficialAccountApi,
        type: "wechatOfficialAccountApi",
        data: {
          appId: wx.state.appId,
          appSecret: wx.state.appSecret,
          accessEndpoint: "stable",
          baseUrl: wechat.url,
          requestsPerSecond: 0,
          pushToken: wx.state.pushToken,
          encodingAesKeySecret: wx.state.encodingAesKey,
        },
      },
    ]);
    const env: BenchEnv = {
      scale: orders,
      perExecution: options.perExecution,
      xe,
      md,
      fx,
      kd,
      wx,
      xiaoeUrl: xiaoe.url,
      mingdaoUrl: mingdao.url,
      fxiaokeUrl: fxiaoke.url,
      kingdeeUrl: kingdee.url,
      wechatUrl: wechat.url,
      start: new Date(anchor - 11 * 86400_000),
      end: new Date(Date.now() + 3600_000),
    };
    // Every workflow of every run is imported at once (one CLI call instead of one per workflow).
    const plan: Array<{
      template: string;
      variant: "diy" | "ours";
      prepared: Prepared[];
    }> = [];
    for (const name of options.templates) {
      const template = TEMPLATES[name];
      if (!template)
        throw new Error(
          `unknown template ${name}; known: ${Object.keys(TEMPLATES).join(", ")}`,
        );
      for (const variant of options.variants) {
        if (variant === "diy" && orders > options.diyMax) continue;
        const runs =
          variant === "diy" && !options.diyRerun
            ? ["first sync"]
            : ["first sync", "unchanged re-run"];
        const prepared = runs.map((run, i) =>
          template[variant](
            env,
            // a short tag per template: crmCustomers → crmC, crmOrders → crmO (unique workflow ids per template)
            `b${orders}${name.slice(0, 3)}${name.slice(3).replace(/[^A-Z]/g, "")}${variant}${i}`
              .padEnd(16, "x")
              .slice(0, 16),
            run,
          ),
        );
        plan.push({ template: name, variant, prepared });
      }
    }
    const tokenWorkflow = options.tokenCheck
      ? tokenCheckWorkflow(`b${orders}tokens`.padEnd(16, "x").slice(0, 16), xe)
      : undefined;
    await importAll(server, [
      ...plan.flatMap((p) => p.prepared.map((x) => x.workflow)),
      ...(tokenWorkflow ? [tokenWorkflow.workflow] : []),
    ]);

    const ctx: Omit<RunContext, "writes"> = {
      server,
      net,
      latencyMs: options.latencyMs,
      orders,
      users,
    };
    for (const { template, variant, prepared } of plan) {
      // Each variant starts from the same data and an empty target, in a fresh n8n process (memory and token
      // figures of its own).
      const bench = TEMPLATES[template];
      if (bench.reset) bench.reset(env);
      else md.state.reset({ ratePerSecond: 0 });
      const writes = () => {
        if (bench.writes) return bench.writes(env);
        const stats = md.stats();
        return { created: stats.rowsCreated, updated: stats.rowsUpdated };
      };
      log(`${template} / ${variant}: starting n8n`);
      await server.start();
      try {
        // The token check needs a fresh n8n (no cached token). The DIY workflows never use our credentials,
        // so the check can run first in a DIY's n8n and save a start-up.
        if (tokenWorkflow && !tokens && variant === "diy")
          tokens = await checkTokens(server, xe, tokenWorkflow);
        for (const p of prepared) {
          if (p.webhookPath) await server.activateWebhook(p.id, p.webhookPath);
          log(`${template} / ${variant} / ${p.run}`);
          const result = await measure(
            { ...ctx, writes },
            {
              template,
              variant,
              run: p.run,
              workflowId: p.id,
              mainMode: p.mainMode ?? (p.webhookPath ? "webhook" : "trigger"),
              expectedMain: p.expectedMain?.(),
              rows: p.rows?.(),
              timeoutMs: 6 * 3600_000,
            },
            () =>
              p.start
                ? p.start(server)
                : p.webhookPath
                  ? callWebhook(server, p.webhookPath)
                  : server.n8n.activate(p.id),
          );
          if (!p.webhookPath)
            await server.n8n.deactivate(p.id).catch(() => undefined);
          const ranWell = !result.error;
          p.check?.(result);
          // Our template must leave the target right; a DIY that ran but got it wrong is a finding, not a failure.
          if (variant === "diy" && ranWell && result.error) {
            result.finding = result.error;
            delete result.error;
          }
          runs.push(result);
          log(
            `  ${result.wallS} s, ${result.callsPerRow !== undefined ? `${result.callsPerRow} calls/row` : `${result.callsPerOrder} calls/order`}, +${result.rssGrowthMiB} MiB${result.error ? `, ERROR: ${result.error}` : ""}${result.finding ? `, DIY WRONG: ${result.finding}` : ""}`,
          );
        }
      } finally {
        await server.stop();
      }
      if (profileDir) {
        const summary = summariseProfiles(profileDir);
        if (summary) {
          printProfile(`${orders} orders, ${template} / ${variant}`, summary);
          const last = runs[runs.length - 1];
          if (last) last.profile = summary;
        }
        fs.rmSync(profileDir, { recursive: true, force: true });
      }
    }
    if (tokenWorkflow && !tokens) {
      await server.start();
      try {
        tokens = await checkTokens(server, xe, tokenWorkflow);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await server.stop().catch(() => undefined);
    for (const proxy of [xiaoe, mingdao, fxiaoke, kingdee, wechat])
      await proxy.close();
    net.close();
    for (const emulator of [xe, md, fx, kd, wx]) await emulator.close();
    if (!process.env.BENCH_KEEP)
      fs.rmSync(folder, { recursive: true, force: true });
  }
  return { runs, tokens };
}

async function importAll(
  server: BenchServer,
  workflows: Array<Record<string, unknown>>,
): Promise<void> {
  const dir = path.join(server.cli.userFolder, "bench-workflows");
  fs.mkdirSync(dir, { recursive: true });
  for (const wf of workflows)
    fs.writeFileSync(
      path.join(dir, `${String(wf.id)}.json`),
      JSON.stringify(wf),
    );
  const result = await server.cli.cli(
    ["import:workflow", "--separate", `--input=${dir}`],
    { timeoutMs: 300_000 },
  );
  if (result.exitCode !== 0)
    throw new Error(
      `import:workflow failed:\n${result.stdout}\n${result.stderr}`,
    );
}

async function callWebhook(
  server: BenchServer,
  webhookPath: string,
): Promise<void> {
  const response = await fetch(`${server.n8n.baseUrl}/webhook/${webhookPath}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  if (!response.ok)
    throw new Error(
      `webhook ${webhookPath}: HTTP ${response.status} ${await response.text()}`,
    );
}

export interface TokenCheck {
  executions: number;
  succeeded: number;
  tokenFetches: number;
  xiaoeCalls: number;
  firstError?: string;
}

/** A small workflow that calls Xiaoe once per execution, started by a webhook: for 20 executions at once. */
function tokenCheckWorkflow(
  id: string,
  xe: { state: { users: Array<{ user_id: string }> } },
) {
  const webhookPath = randomUUID();
  const workflow = {
    id,
    name: `Bench: 20 executions at once [${id}]`,
    active: false,
    settings: { executionOrder: "v1" },
    nodes: [
      {
        id: `${id}-1`,
        name: "Call",
        type: "n8n-nodes-base.webhook",
        typeVersion: 2,
        webhookId: webhookPath,
        position: [0, 0],
        parameters: {
          httpMethod: "POST",
          path: webhookPath,
          responseMode: "lastNode",
          options: {},
        },
      },
      {
        id: `${id}-2`,
        name: "Look Up User",
        type: "n8n-nodes-china-saas.xiaoe",
        typeVersion: 1,
        position: [220, 0],
        credentials: { xiaoeApi: CREDENTIALS.xiaoeApi },
        parameters: {
          resource: "user",
          operation: "getManyByIds",
          userId: xe.state.users[0].user_id,
          notFound: "error",
          putInField: "",
        },
      },
    ],
    connections: {
      Call: { main: [[{ node: "Look Up User", type: "main", index: 0 }]] },
    },
  };
  return { id, webhookPath, workflow };
}

/** 20 webhook calls at once in a fresh (running) n8n: every execution needs a Xiaoe token; one may be fetched. */
async function checkTokens(
  server: BenchServer,
  xe: { stats(): { tokenFetches: number; businessCalls: number } },
  wf: { id: string; webhookPath: string },
): Promise<TokenCheck> {
  log("token check: 20 executions at once in a fresh n8n");
  await server.activateWebhook(wf.id, wf.webhookPath);
  const before = xe.stats();
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`${server.n8n.baseUrl}/webhook/${wf.webhookPath}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    ),
  );
  const after = xe.stats();
  const failed = answers.find((a) => !a.ok);
  const check: TokenCheck = {
    executions: answers.length,
    succeeded: answers.filter((a) => a.ok).length,
    tokenFetches: after.tokenFetches - before.tokenFetches,
    xiaoeCalls: after.businessCalls - before.businessCalls,
  };
  if (failed)
    check.firstError = `HTTP ${failed.status}: ${(await failed.text()).slice(0, 300)}`;
  await server.n8n.deactivate(wf.id).catch(() => undefined);
  log(
    `  ${check.succeeded}/${check.executions} succeeded, ${check.tokenFetches} token fetch(es)${check.firstError ? `; ${check.firstError}` : ""}`,
  );
  return check;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const runtime = N8nRuntime.locate();
  log("building and packing the package");
  const tgz = pack();
  const about = machine(runtime);
  const started = new Date().toISOString();
  const scales: Array<{
    orders: number;
    runs: RunResult[];
    tokens?: TokenCheck;
  }> = [];
  for (const orders of options.scales)
    scales.push({
      orders,
      ...(await benchScale(options, runtime, tgz, orders)),
    });
  const results = {
    started,
    finished: new Date().toISOString(),
    machine: about,
    latencyMs: options.latencyMs,
    options: { ...options, out: undefined },
    scales,
  };
  fs.mkdirSync(options.out, { recursive: true });
  const stamp = started.replace(/[:.]/g, "-").slice(0, 19);
  const file = path.join(
    options.out,
    `${options.smoke ? "smoke" : "bench"}-${stamp}.json`,
  );
  fs.writeFileSync(file, JSON.stringify(results, null, "\t"));
  if (!options.smoke)
    fs.writeFileSync(
      path.join(options.out, "latest.json"),
      JSON.stringify(results, null, "\t"),
    );
  const chart = path.join(
    options.out,
    options.smoke ? "smoke-chart.svg" : "chart.svg",
  );
  writeChart(chart, results);
  printTable(results);
  log(`results: ${file}\nchart: ${chart}`);
  const failed = scales.flatMap((s) => s.runs).filter((r) => r.error);
  const tokenTrouble = scales.some(
    (s) =>
      s.tokens &&
      (s.tokens.tokenFetches !== 1 ||
        s.tokens.succeeded !== s.tokens.executions),
  );
  if (failed.length || tokenTrouble) {
    console.error(
      `${failed.length} run(s) failed${tokenTrouble ? "; the token check failed" : ""}`,
    );
    process.exitCode = 1;
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
