/** The workflows the bench runs: our templates (workflows/) and their DIY twins (bench/workflows/), made runnable. */
import { randomUUID } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { withCredentials } from "../../test/e2e/harness/workflow";

export type Json = Record<string, unknown>;
export type WorkflowJson = Json & { nodes: Json[]; connections: Json };

export const ROOT = path.resolve(__dirname, "../..");

export const CREDENTIALS = {
  xiaoeApi: { id: "benchXiaoe00001", name: "Xiaoe (bench)" },
  mingdaoApi: { id: "benchMingdao001", name: "Mingdao (bench)" },
  fxiaokeApi: { id: "benchFxiaoke001", name: "Fxiaoke (bench)" },
  kingdeeK3CloudApi: { id: "benchKingdee001", name: "Kingdee (bench)" },
  wechatOfficialAccountApi: { id: "benchWechat0001", name: "WeChat (bench)" },
};

export function load(relative: string): WorkflowJson {
  return JSON.parse(
    fs.readFileSync(path.join(ROOT, relative), "utf8"),
  ) as WorkflowJson;
}

export function node(
  wf: WorkflowJson,
  name: string,
): Json & { parameters: Json } {
  const found = wf.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`${String(wf.name)} has no node "${name}"`);
  return found as Json & { parameters: Json };
}

/** Nodes of one of our types and operation, e.g. ('xiaoe', 'getForUsers'). */
export function nodesOf(
  wf: WorkflowJson,
  type: string,
  operation?: string,
): Array<Json & { parameters: Json }> {
  return wf.nodes.filter(
    (n) =>
      n.type === `n8n-nodes-china-saas.${type}` &&
      (operation === undefined ||
        (n.parameters as Json).operation === operation),
  ) as Array<Json & { parameters: Json }>;
}

/** A copy with its own id and name, our nodes pointed at the bench credentials. */
export function instance(wf: WorkflowJson, id: string): WorkflowJson {
  return withCredentials(
    {
      ...structuredClone(wf),
      id,
      name: `${String(wf.name)} [${id}]`,
      active: false,
    },
    CREDENTIALS,
  ) as WorkflowJson;
}

/**
 * Replaces a Manual Trigger with a Webhook (answering at once) on the same spot, so that a running n8n can start
 * the workflow; returns the webhook path.
 */
export function viaWebhook(wf: WorkflowJson, triggerName: string): string {
  const trigger = node(wf, triggerName);
  const webhookPath = randomUUID();
  Object.assign(trigger, {
    type: "n8n-nodes-base.webhook",
    typeVersion: 2,
    webhookId: webhookPath,
    parameters: {
      httpMethod: "POST",
      path: webhookPath,
      responseMode: "onReceived",
      options: {},
    },
  });
  return webhookPath;
}

/** Replaces `__NAME__` placeholders in every string of the workflow. */
export function fill(
  wf: WorkflowJson,
  values: Record<string, string>,
): WorkflowJson {
  const walk = (v: unknown): unknown => {
    if (typeof v === "string")
      return v.replace(/__([A-Z_]+)__/g, (m, key: string) => values[key] ?? m);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, walk(x)]),
      );
    return v;
  };
  const out = walk(wf) as WorkflowJson;
  const left = JSON.stringify(
    out.nodes.filter((n) => n.type !== "n8n-nodes-base.stickyNote"),
  ).match(/__[A-Z_]+__/g);
  if (left)
    throw new Error(
      `${String(wf.name)}: placeholders left unfilled: ${[...new Set(left)].join(", ")}`,
    );
  return out;
}
