/**
 * What the bench runs per template: ours (the shared template from workflows/) and its DIY twin (bench/workflows/),
 * both prepared for the same data, plus a check that the run really synced (rows in Mingdao).
 */
import type { MingdaoEmulator } from "../../test/emulators/mingdao";
import type { XiaoeEmulator } from "../../test/emulators/xiaoe";
import { DEFAULT_PER_EXECUTION } from "../../nodes/core/pollChanges";
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
  const field = env.md.state
    .getWorksheet("xiaoe_orders")
    ?.fields.find((f: { alias: string }) => f.alias === "order_state") as
    | { options: Array<{ key: string; value: string }> }
    | undefined;
  const keys = STATES.map(
    (label) => field?.options.find((o) => o.value === label)?.key ?? "",
  );
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
    ORDER_STATE_KEYS: JSON.stringify(keys).replace(/"/g, "'"),
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

export const TEMPLATES: Record<string, { ours: Variant; diy: Variant }> = {
  orders,
};
