/**
 * The two Fxiaoke → Kingdee templates: CRM customers → Kingdee customers, CRM sales orders → Kingdee sales orders,
 * each with its DIY twin. The unit is a CRM record (customer / order); the CRM is seeded here and Kingdee emptied
 * before each variant, and the check compares what Kingdee holds and what was written back to the CRM.
 */
import { DEFAULT_PER_EXECUTION } from "../../../nodes/core/pollChanges";
import type { FxiaokeState } from "../../../test/emulators/fxiaoke";
import { DEFAULT_ACCT_ID, DEFAULT_USERS, recordView } from "../../../test/emulators/kingdee";
import type { KingdeeState } from "../../../test/emulators/kingdee";
import type { RunResult } from "../measure";
import { fill, instance, load, nodesOf, viaWebhook } from "../workflows";
import type { WorkflowJson } from "../workflows";
import { expectSameRows } from "./common";
import type { BenchEnv, BenchTemplate, Prepared } from "./types";

type Rec = Record<string, unknown>;

/** CRM records a scale point syncs: scale / 10, at least 50, at most 1 000 (the DIY orders twin takes ≈ 0.2 s per order). */
export function crmRecords(scale: number): number {
  return Math.min(1000, Math.max(50, Math.round(scale / 10)));
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Record times after the bench's start date, 10 ms apart, the same for both variants. */
function clock(env: { start: Date }) {
  let at = env.start.getTime() + 3600_000;
  return () => (at += 10);
}

function customer(fx: FxiaokeState, n: number, at: number, extra: Rec = {}): Rec {
  return fx.insert(
    "AccountObj",
    {
      name: `客户${n}`,
      account_no: `C${pad(n, 6)}`,
      tel: `0571-${88000000 + n}`,
      credit_limit: (n % 50) * 100,
      account_level: String(1 + (n % 3)),
      ...extra,
    },
    { at },
  );
}

/**
 * `records` customers (life status normal) and one invalid customer per 25, which neither variant may sync.
 * Returns the normal ones.
 */
export function seedCustomers(fx: FxiaokeState, records: number, env: { start: Date }): Rec[] {
  const next = clock(env);
  fx.reset({ records: {} });
  const normal = Array.from({ length: records }, (_, i) => customer(fx, i + 1, next()));
  for (let i = 1; i <= Math.ceil(records / 25); i++)
    customer(fx, records + i, next(), { life_status: "invalid" });
  return normal;
}

/**
 * `records` sales orders (life status normal) with 1–3 lines each (materials M001…M010, which the Kingdee emulator
 * seeds), placed by records / 4 customers (at least 10; none of them in Kingdee yet), at varying Beijing times of
 * day; plus one cancelled (invalid) order per 25. Returns the normal orders.
 */
export function seedOrders(fx: FxiaokeState, records: number, env: { start: Date }): Rec[] {
  const next = clock(env);
  fx.reset({ records: {} });
  const customers = Array.from({ length: Math.max(10, Math.round(records / 4)) }, (_, i) =>
    customer(fx, i + 1, next()),
  );
  const products = Array.from({ length: 10 }, (_, i) =>
    fx.insert("ProductObj", { name: `产品${i + 1}`, product_code: `M${pad(i + 1, 3)}` }, { at: next() }),
  );
  const day0 = Date.parse("2026-11-01T00:00:00+08:00");
  const order = (k: number, extra: Rec = {}) => {
    const made = fx.insert(
      "SalesOrderObj",
      {
        name: `SO${pad(k, 6)}`,
        account_id: customers[k % customers.length]._id,
        order_time: day0 + (k % 60) * 86400_000 + (k % 10) * 3600_000,
        order_amount: 0,
        ...extra,
      },
      { at: next() },
    );
    for (let j = 0; j <= k % 3; j++)
      fx.insert(
        "SalesOrderProductObj",
        { order_id: made._id, product_id: products[(k + j) % 10]._id, quantity: j + 1, sales_price: 10 + j + (k % 5) },
        { at: next() },
      );
    return made;
  };
  const normal = Array.from({ length: records }, (_, i) => order(i + 1));
  for (let i = 1; i <= Math.ceil(records / 25); i++) order(records + i, { life_status: "invalid" });
  return normal;
}

const normal = (rows: Rec[]) => rows.filter((r) => r.life_status === "normal");

/** A Kingdee record as the check compares it: number, status, header values (references as numbers), lines. */
function kingdeeRow(kd: KingdeeState, record: Parameters<typeof recordView>[1], withNumber: boolean): Rec {
  const view = recordView(kd, record) as { number: string; status: string; values: Rec; entries: Record<string, Rec[]> };
  const lines = Object.fromEntries(
    Object.entries(view.entries).map(([key, rows]) => [
      key,
      rows.map(({ entryId: _id, ...line }) => line), // entry ids are new on every re-save with lines
    ]),
  );
  return { ...(withNumber ? { number: view.number } : {}), status: view.status, values: view.values, lines };
}

/** The tables the checks compare: Kingdee forms and CRM objects, each row reduced to what the sync writes. */
function tables(env: BenchEnv): (table: string) => Rec[] {
  return (table) => {
    const { fx, kd } = env;
    if (table === "BD_Customer") return kd.state.list(table).map((r) => kingdeeRow(kd.state, r, true));
    // Bill numbers are Kingdee's (XSDD000001…), given in the order the orders are created: not compared.
    if (table === "SAL_SaleOrder") return kd.state.list(table).map((r) => kingdeeRow(kd.state, r, false));
    if (table === "AccountObj")
      return fx.state.list(table).map((c) => ({
        account_no: c.account_no,
        life_status: c.life_status,
        field_kingdee_no__c: c.field_kingdee_no__c,
      }));
    if (table === "SalesOrderObj") {
      const bills = new Map(kd.state.list("SAL_SaleOrder").map((b) => [b.values.F_CRM_OrderNo, b.number]));
      return fx.state.list(table).map((o) => ({
        name: o.name,
        life_status: o.life_status,
        erp_no: o.erp_no === undefined ? "none" : o.erp_no === bills.get(o.name) ? "its bill's number" : o.erp_no,
      }));
    }
    throw new Error(`no table ${table}`);
  };
}

/** What each variant must leave behind, checked on its own (the digest then compares the variants). */
function expectCustomersSynced(env: BenchEnv): (result: RunResult) => void {
  return (result) => {
    if (result.error) return;
    const inKingdee = new Map(env.kd.state.list("BD_Customer").map((c) => [c.number, c]));
    for (const c of normal(env.fx.state.list("AccountObj"))) {
      const found = inKingdee.get(String(c.account_no));
      if (!found || found.values.FName !== c.name || found.values.FTEL !== c.tel)
        return void (result.error = `Kingdee customer ${String(c.account_no)} missing or wrong`);
      if (c.field_kingdee_no__c !== c.account_no)
        return void (result.error = `CRM customer ${String(c.account_no)} without its Kingdee number`);
    }
  };
}

function expectOrdersSynced(env: BenchEnv): (result: RunResult) => void {
  return (result) => {
    if (result.error) return;
    const { fx, kd } = env;
    const bills = new Map(kd.state.list("SAL_SaleOrder").map((b) => [b.values.F_CRM_OrderNo, b]));
    const lines = fx.state.list("SalesOrderProductObj");
    const customers = new Map(fx.state.list("AccountObj").map((c) => [c._id, c]));
    for (const order of normal(fx.state.list("SalesOrderObj"))) {
      const bill = bills.get(order.name);
      if (!bill) return void (result.error = `no Kingdee order for ${String(order.name)}`);
      if (order.erp_no !== bill.number)
        return void (result.error = `CRM order ${String(order.name)}: ERP单号 ${String(order.erp_no)}, bill ${bill.number}`);
      const want = JSON.stringify(
        lines
          .filter((l) => l.order_id === order._id)
          .map((l) => [l.product_code, Number(l.quantity), Number(l.sales_price)]),
      );
      const view = kingdeeRow(kd.state, bill, false) as { values: Rec; lines: Record<string, Rec[]> };
      const have = JSON.stringify(view.lines.FSaleOrderEntry.map((l) => [l.FMaterialId, l.FQty, l.FTaxPrice]));
      if (have !== want) return void (result.error = `Kingdee order ${bill.number} lines ${have}, CRM ${want}`);
      const customerNo = customers.get(order.account_id)?.account_no;
      if (view.values.FCustId !== customerNo)
        return void (result.error = `Kingdee order ${bill.number} not for customer ${String(customerNo)}`);
    }
  };
}

function both(...checks: Array<(result: RunResult) => void>): (result: RunResult) => void {
  return (result) => checks.forEach((check) => check(result));
}

function diyValues(env: BenchEnv): Record<string, string> {
  return {
    FXIAOKE_URL: env.fxiaokeUrl,
    FXIAOKE_APP_ID: "FSAID_emu",
    FXIAOKE_APP_SECRET: "emu_app_secret",
    FXIAOKE_PERMANENT_CODE: "EMU_PERMANENT_CODE",
    FXIAOKE_OPERATOR: "FSUID_OPERATOR0001",
    KINGDEE_URL: env.kingdeeUrl,
    KINGDEE_ACCT_ID: DEFAULT_ACCT_ID,
    KINGDEE_USER: "demo",
    KINGDEE_PASSWORD: DEFAULT_USERS.demo,
    START_MS: String(env.start.getTime()),
  };
}

interface CrmKind {
  name: string;
  template: string;
  diy: string;
  seed(fx: FxiaokeState, records: number, env: BenchEnv): Rec[];
  /** Rows per compared table after a run: Kingdee forms and CRM objects. */
  expected(env: BenchEnv): Record<string, number>;
  synced(env: BenchEnv): (result: RunResult) => void;
}

function crmTemplate(kind: CrmKind): BenchTemplate {
  const rows = (env: BenchEnv) => normal(env.fx.state.list(kind.name === "crmOrders" ? "SalesOrderObj" : "AccountObj")).length;
  const check = (env: BenchEnv) =>
    both(kind.synced(env), expectSameRows(env, kind.name, () => kind.expected(env), tables(env), "Kingdee/CRM"));
  return {
    reset(env) {
      env.kd.state.reset();
      kind.seed(env.fx.state, crmRecords(env.scale), env);
    },
    /** Created: Kingdee records created; updated: Kingdee records saved again + CRM records written back. */
    writes(env) {
      const kd = env.kd.state.stat;
      return { created: kd.created, updated: kd.updated + env.fx.state.stat.updates };
    },
    /**
     * The template as imported; its trigger starts from the bench's start date and polls only when activated (the
     * template's every-5-minutes schedule could add a poll during the run).
     */
    ours(env, id, run): Prepared {
      const wf = load(kind.template);
      const [trigger] = nodesOf(wf, "fxiaokeTrigger");
      Object.assign(trigger.parameters, {
        startFrom: "date",
        startDate: env.start.toISOString(),
        pollTimes: { item: [{ mode: "custom", cronExpression: "0 0 0 1 1 *" }] },
      });
      const perExecution = Number(
        (trigger.parameters.options as { perExecution?: number } | undefined)?.perExecution ?? DEFAULT_PER_EXECUTION,
      );
      return {
        id,
        run,
        workflow: instance(wf, id),
        expectedMain: () => (perExecution > 0 ? Math.ceil(rows(env) / perExecution) : 1),
        rows: () => rows(env),
        check: check(env),
      };
    },
    diy(env, id, run): Prepared {
      const wf: WorkflowJson = fill(load(kind.diy), diyValues(env));
      const webhookPath = viaWebhook(wf, "Run");
      return { id, run, workflow: instance(wf, id), webhookPath, rows: () => rows(env), check: check(env) };
    },
  };
}

export const crmCustomers = crmTemplate({
  name: "crmCustomers",
  template: "workflows/fxiaoke-customers-to-kingdee.json",
  diy: "bench/workflows/diy-fxiaoke-customers-to-kingdee.json",
  seed: (fx, records, env) => seedCustomers(fx, records, env),
  expected: (env) => ({
    BD_Customer: normal(env.fx.state.list("AccountObj")).length,
    AccountObj: env.fx.state.list("AccountObj").length,
  }),
  synced: expectCustomersSynced,
});

export const crmOrders = crmTemplate({
  name: "crmOrders",
  template: "workflows/fxiaoke-orders-to-kingdee.json",
  diy: "bench/workflows/diy-fxiaoke-orders-to-kingdee.json",
  seed: (fx, records, env) => seedOrders(fx, records, env),
  expected: (env) => {
    const orders = normal(env.fx.state.list("SalesOrderObj"));
    return {
      BD_Customer: new Set(orders.map((o) => o.account_id)).size,
      SAL_SaleOrder: orders.length,
      SalesOrderObj: env.fx.state.list("SalesOrderObj").length,
    };
  },
  synced: expectOrdersSynced,
});
