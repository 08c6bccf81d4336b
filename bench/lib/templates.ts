/**
 * What the bench runs per template: ours (the shared template from workflows/) and its DIY twin (bench/workflows/),
 * both prepared for the same data, plus a check that the run really synced (rows in Mingdao).
 */
import type { MingdaoEmulator } from "../../test/emulators/mingdao";
import type { XiaoeEmulator } from "../../test/emulators/xiaoe";
import { DEFAULT_PER_EXECUTION } from "../../nodes/core/pollChanges";
import { RESOURCE_TYPES } from "../../nodes/Xiaoe/actions/common";
import type { RunResult } from "./measure";
import { fill, instance, load, nodesOf, viaWebhook } from "./workflows";
import type { WorkflowJson } from "./workflows";

export interface BenchEnv {
  xe: XiaoeEmulator;
  md: MingdaoEmulator;
  xiaoeUrl: string;
  mingdaoUrl: string;
  /** The sync window: from before the generated data to after the bench. */
  start: Date;
  end: Date;
}

export interface Prepared {
  id: string;
  run: string;
  workflow: WorkflowJson;
  /** Started by a webhook (else: a polling trigger, started by activating the workflow). */
  webhookPath?: string;
  /** How many main executions the run makes (a polling trigger: one per "Orders per Execution"); default 1. */
  expectedMain?(): number;
  /** The rows the run syncs, for templates whose unit is a row rather than an order (then: calls per row). */
  rows?(): number;
  /** Marks the result as failed when Mingdao does not hold what the run should have written. */
  check?(result: RunResult): void;
}

type Variant = (env: BenchEnv, id: string, run: string) => Prepared;

const STATES = ["待付款", "待成交", "待发货", "已发货", "已完成", "已关闭"];

/** 'YYYY-MM-DD HH:mm:ss' in Beijing time, as Xiaoe's order list 2.0 takes it. */
const beijing = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000)
    .toISOString()
    .slice(0, 19)
    .replace("T", " ");

function expectRows(
  env: BenchEnv,
  alias: string,
  expected: () => number,
): (result: RunResult) => void {
  return (result) => {
    const have = env.md.state.listRows(alias).length;
    const want = expected();
    if (have !== want && !result.error)
      result.error = `${alias} holds ${have} rows, expected ${want}`;
  };
}

function diyValues(env: BenchEnv): Record<string, string> {
  return {
    XIAOE_URL: env.xiaoeUrl,
    XIAOE_APP_ID: "app_emu",
    XIAOE_CLIENT_ID: "xop_emu",
    XIAOE_SECRET: "emu_secret",
    MINGDAO_URL: env.mingdaoUrl,
    MINGDAO_APPKEY: "emu_appkey",
    MINGDAO_SIGN: "emu_sign",
    FORM_ID: env.xe.state.forms[0].form_id,
    START: beijing(env.start),
    END: beijing(
      new Date(
        Math.min(env.end.getTime(), env.start.getTime() + 30 * 86400_000),
      ),
    ),
    ORDER_STATE_KEYS: optionKeys(env, "xiaoe_orders", "order_state", STATES),
  };
}

const orders = {
  ours: ((env, id, run) => {
    const wf = load("workflows/xiaoe-orders-to-mingdao.json");
    for (const trigger of nodesOf(wf, "xiaoeTrigger"))
      Object.assign(trigger.parameters, {
        startFrom: "date",
        startDate: env.start.toISOString(),
      });
    for (const form of nodesOf(wf, "xiaoe", "getForUsers"))
      form.parameters.formId = env.xe.state.forms[0].form_id;
    const [trigger] = nodesOf(wf, "xiaoeTrigger");
    const perExecution = Number(
      (trigger.parameters.options as { perExecution?: number } | undefined)
        ?.perExecution ?? DEFAULT_PER_EXECUTION,
    );
    return {
      id,
      run,
      workflow: instance(wf, id),
      expectedMain: () =>
        perExecution > 0
          ? Math.ceil(env.xe.state.orders.length / perExecution)
          : 1,
      check: expectRows(env, "xiaoe_orders", () => env.xe.state.orders.length),
    };
  }) as Variant,
  diy: ((env, id, run) => {
    const wf = fill(
      load("bench/workflows/diy-orders-to-mingdao.json"),
      diyValues(env),
    );
    const webhookPath = viaWebhook(wf, "Run");
    return {
      id,
      run,
      workflow: instance(wf, id),
      webhookPath,
      check: expectRows(env, "xiaoe_orders", () => env.xe.state.orders.length),
    };
  }) as Variant,
};

/** The option keys of a single-select field, in the order of `labels`, as a JS array literal for a DIY expression. */
function optionKeys(
  env: BenchEnv,
  worksheet: string,
  alias: string,
  labels: string[],
): string {
  const field = env.md.state
    .getWorksheet(worksheet)
    ?.fields.find((f: { alias: string }) => f.alias === alias) as
    | { options: Array<{ key: string; value: string }> }
    | undefined;
  const keys = labels.map(
    (label) => field?.options.find((o) => o.value === label)?.key ?? "",
  );
  return JSON.stringify(keys).replace(/"/g, "'");
}

/**
 * What the base-data template should leave in Mingdao: every user (user list 2.0 unfiltered), every listed course
 * (the list hides deleted ones), and the goods of those whose type the goods detail describes (the types the
 * node's Goods Type offers; others, e.g. physical goods, answer 3057 and are skipped).
 */
export function baseDataCounts(xe: {
  users: unknown[];
  resources: Array<{ resource_type: number; state: number }>;
}): { xiaoe_users: number; xiaoe_courses: number; xiaoe_goods: number } {
  const describable = new Set(RESOURCE_TYPES.map((t) => t.value));
  const listed = xe.resources.filter((r) => r.state !== 2);
  return {
    xiaoe_users: xe.users.length,
    xiaoe_courses: listed.length,
    xiaoe_goods: listed.filter((r) => describable.has(r.resource_type)).length,
  };
}

/** The rows of some worksheets without row ids and times, sorted: equal for two runs that wrote the same rows. */
export function rowsDigest(
  listRows: (alias: string) => Array<Record<string, unknown>>,
  aliases: string[],
): string {
  return JSON.stringify(
    aliases.map((alias) =>
      listRows(alias)
        .map((row) =>
          JSON.stringify(
            Object.entries(row).filter(
              ([k]) => k !== "id" && !k.startsWith("_"),
            ),
          ),
        )
        .sort(),
    ),
  );
}

/** Per bench environment (one scale point): the rows digest of the first variant that ran each template. */
const digests = new WeakMap<BenchEnv, Map<string, string>>();

/**
 * Checks the row count of each worksheet, and that the variant wrote the same rows as the other variant of the
 * same template did on the same data (whichever ran first).
 */
function expectSameRows(
  env: BenchEnv,
  template: string,
  expected: () => Record<string, number>,
): (result: RunResult) => void {
  return (result) => {
    if (result.error) return;
    const want = expected();
    for (const [alias, n] of Object.entries(want)) {
      const have = env.md.state.listRows(alias).length;
      if (have !== n) {
        result.error = `${alias} holds ${have} rows, expected ${n}`;
        return;
      }
    }
    const digest = rowsDigest(
      (a) => env.md.state.listRows(a),
      Object.keys(want),
    );
    const seen = digests.get(env) ?? new Map<string, string>();
    digests.set(env, seen);
    const other = seen.get(template);
    if (other === undefined) seen.set(template, digest);
    else if (other !== digest)
      result.error = `Mingdao rows differ from those the other variant wrote (${Object.keys(want).join(", ")})`;
  };
}

const baseDataRows = (env: BenchEnv) => () => baseDataCounts(env.xe.state);
const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

const baseData = {
  /** The shared template as imported; its Manual Trigger becomes a Webhook so that a running n8n can start it. */
  ours: ((env, id, run) => {
    const wf = load("workflows/xiaoe-base-data-to-mingdao.json");
    const webhookPath = viaWebhook(wf, "Run Once");
    return {
      id,
      run,
      workflow: instance(wf, id),
      webhookPath,
      rows: () => sum(baseDataRows(env)()),
      check: expectSameRows(env, "baseData", baseDataRows(env)),
    };
  }) as Variant,
  diy: ((env, id, run) => {
    const wf = fill(load("bench/workflows/diy-base-data-to-mingdao.json"), {
      ...diyValues(env),
      GOODS_STATE_KEYS: optionKeys(env, "xiaoe_goods", "state", [
        "上架",
        "下架",
        "删除",
      ]),
    });
    const webhookPath = viaWebhook(wf, "Run");
    return {
      id,
      run,
      workflow: instance(wf, id),
      webhookPath,
      rows: () => sum(baseDataRows(env)()),
      check: expectSameRows(env, "baseData", baseDataRows(env)),
    };
  }) as Variant,
};

export const TEMPLATES: Record<string, { ours: Variant; diy: Variant }> = {
  orders,
  baseData,
};

/** The smoke run (CI) benches only these: every other template adds two n8n start-ups to a nearly full budget. */
export const SMOKE_TEMPLATES = ["orders"];
