/** The two Xiaoe → Mingdao templates: orders (polling trigger) and base data (run once), each with its DIY twin. */
import { DEFAULT_PER_EXECUTION } from "../../../nodes/core/pollChanges";
import { RESOURCE_TYPES } from "../../../nodes/Xiaoe/actions/common";
import { fill, instance, load, nodesOf, viaWebhook } from "../workflows";
import type { WorkflowJson } from "../workflows";
import { expectRows, expectSameRows, optionKeys } from "./common";
import type { BenchEnv, BenchTemplate, Variant } from "./types";

const STATES = ["待付款", "待成交", "待发货", "已发货", "已完成", "已关闭"];

/** 'YYYY-MM-DD HH:mm:ss' in Beijing time, as Xiaoe's order list 2.0 takes it. */
const beijing = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000)
    .toISOString()
    .slice(0, 19)
    .replace("T", " ");

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

export const orders: BenchTemplate = {
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
    if (env.perExecution !== undefined)
      trigger.parameters.options = { ...(trigger.parameters.options as object), perExecution: env.perExecution };
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

const baseDataRows = (env: BenchEnv) => () => baseDataCounts(env.xe.state);
const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** Ours and the DIY twin are started the same way (a webhook in place of the manual trigger) and checked alike. */
function baseDataRun(env: BenchEnv, wf: WorkflowJson, trigger: string, id: string, run: string) {
  const webhookPath = viaWebhook(wf, trigger);
  return {
    id,
    run,
    workflow: instance(wf, id),
    webhookPath,
    rows: () => sum(baseDataRows(env)()),
    check: expectSameRows(env, "baseData", baseDataRows(env)),
  };
}

export const baseData: BenchTemplate = {
  /** The shared template as imported; its Manual Trigger becomes a Webhook so that a running n8n can start it. */
  ours: (env, id, run) =>
    baseDataRun(env, load("workflows/xiaoe-base-data-to-mingdao.json"), "Run Once", id, run),
  diy: (env, id, run) =>
    baseDataRun(
      env,
      fill(load("bench/workflows/diy-base-data-to-mingdao.json"), {
        ...diyValues(env),
        GOODS_STATE_KEYS: optionKeys(env, "xiaoe_goods", "state", ["上架", "下架", "删除"]),
      }),
      "Run",
      id,
      run,
    ),
};
