/**
 * The Kingdee → Fxiaoke delivery template (workflows/kingdee-delivery-to-fxiaoke.json) against its DIY twin
 * (bench/workflows/diy-kingdee-delivery-to-fxiaoke.json).
 *
 * Data (`reset`, identical for both variants): notices = scale / 10, at least 50. Per notice one audited Kingdee
 * sales order of two lines, pushed to a delivery notice (the emulator's conversion rule); every third notice is
 * audited (the CRM order becomes 已发货), the rest stay 创建. Every twentieth order was keyed in Kingdee only: its
 * notice has no CRM order and both variants skip it. The CRM holds the other orders, with the Kingdee order number
 * in ERP单号 (erp_no) and 发货状态 待发货, as the order template leaves them. The unit is a notice (`rows()`): every
 * notice the run reads, skipped ones included.
 */
import { DEFAULT_PER_EXECUTION } from "../../../nodes/core/pollChanges";
import type { FxiaokeState } from "../../../test/emulators/fxiaoke";
import type { KingdeeState, StoredRecord } from "../../../test/emulators/kingdee";
import { DEFAULT_ACCT_ID, DEFAULT_USERS } from "../../../test/emulators/kingdee";
import { pushToDeliveryNotice, seedRecords, setStatus } from "../../../test/emulators/kingdee/testing";
import type { RunResult } from "../measure";
import { fill, instance, load, nodesOf, viaWebhook } from "../workflows";
import { expectSameRows } from "./common";
import type { BenchEnv, BenchTemplate, Variant } from "./types";

/** Delivery notices for a scale point. */
export const noticesFor = (scale: number) => Math.max(50, Math.round(scale / 10));

/** The seeding rules, by the notice's index: audited, and from an order the CRM does not know. */
export const isAudited = (i: number) => i % 3 === 0;
export const isKingdeeOnly = (i: number) => i % 20 === 19;

/** What the CRM should hold after a sync of `notices` notices. */
export function deliveryCounts(notices: number): {
  DeliveryNoteObj: number;
  SalesOrderObj: number;
  audited: number;
} {
  let fromCrm = 0;
  let audited = 0;
  for (let i = 0; i < notices; i++) {
    if (isKingdeeOnly(i)) continue;
    fromCrm++;
    if (isAudited(i)) audited++;
  }
  return { DeliveryNoteObj: fromCrm, SalesOrderObj: fromCrm, audited };
}

const CUSTOMERS = 20;

function seed(env: BenchEnv): void {
  const n = noticesFor(env.scale);
  env.kd.state.reset({ customers: CUSTOMERS });
  env.fx.state.reset({ records: {} });
  const crmCustomers = Array.from({ length: CUSTOMERS }, (_, c) =>
    env.fx.state.insert("AccountObj", {
      name: `客户${c + 1}`,
      account_no: `C${String(c + 1).padStart(4, "0")}`,
    }),
  );
  const day = (i: number) =>
    `2026-11-${String(1 + (i % 28)).padStart(2, "0")}`;
  const orders = seedRecords(
    env.kd.state,
    "SAL_SaleOrder",
    Array.from({ length: n }, (_, i) => ({
      FDate: day(i),
      FCustId: { FNumber: `C${String(1 + (i % CUSTOMERS)).padStart(4, "0")}` },
      FSaleOrgId: { FNumber: "100" },
      FSaleOrderEntry: [
        { FMaterialId: { FNumber: `M00${1 + (i % 9)}` }, FQty: 1 + (i % 7) },
        { FMaterialId: { FNumber: "M010" }, FQty: 2 },
      ],
    })),
    "C",
  );
  orders.forEach((order: StoredRecord, i) => {
    const notice = pushToDeliveryNotice(env.kd.state, order.number);
    // A fixed delivery date (the push dates a notice today), so that both variants see the same data.
    notice.values.FDate = `${day(i + 3)}T00:00:00`;
    if (isAudited(i)) setStatus(env.kd.state, "SAL_DELIVERYNOTICE", notice.number, ["submit", "audit"]);
    if (isKingdeeOnly(i)) return;
    env.fx.state.insert("SalesOrderObj", {
      account_id: crmCustomers[i % CUSTOMERS]._id,
      order_time: Date.parse(`${day(i)}T00:00:00+08:00`),
      order_amount: 100 + i,
      erp_no: order.number,
      logistics_status: "1",
    });
  });
}

/** A CRM table as compared between the variants: the fields the sync writes, the order by its ERP number. */
function listRows(fx: FxiaokeState, table: string): Array<Record<string, unknown>> {
  const erpNo = new Map(fx.list("SalesOrderObj").map((o) => [o._id, o.erp_no]));
  if (table === "DeliveryNoteObj")
    return fx.list(table).map((r) => ({
      field_kingdee_no__c: r.field_kingdee_no__c,
      order: erpNo.get(r.sales_order_id),
      delivery_date: r.delivery_date,
      field_kingdee_status__c: r.field_kingdee_status__c,
    }));
  return fx.list(table).map((r) => ({
    erp_no: r.erp_no,
    account_id: r.account_id,
    order_amount: r.order_amount,
    logistics_status: r.logistics_status,
  }));
}

/**
 * The CRM against Kingdee, whichever variant ran: one delivery record per notice from a CRM order, with the
 * notice's status, order and delivery day (Beijing); the order 已发货 (3) when its notice is audited, else 待发货 (1).
 */
export function checkAgainstKingdee(kd: KingdeeState, fx: FxiaokeState): string | undefined {
  const orders = new Map(fx.list("SalesOrderObj").map((o) => [String(o.erp_no), o]));
  const records = new Map(fx.list("DeliveryNoteObj").map((r) => [String(r.field_kingdee_no__c), r]));
  for (const notice of kd.list("SAL_DELIVERYNOTICE")) {
    const source = String(notice.entries.FEntity?.[0]?.values.FSrcBillNo ?? "");
    const order = orders.get(source);
    const record = records.get(notice.number);
    if (!order) {
      if (record) return `${notice.number}: a CRM delivery record for a notice without a CRM order`;
      continue;
    }
    if (!record) return `${notice.number}: no CRM delivery record`;
    const day = new Date(Number(record.delivery_date) + 8 * 3600_000).toISOString().slice(0, 10);
    if (
      record.sales_order_id !== order._id ||
      record.field_kingdee_status__c !== notice.status ||
      day !== String(notice.values.FDate).slice(0, 10)
    )
      return `${notice.number}: CRM delivery record ${JSON.stringify(record)} does not match the notice`;
    const want = notice.status === "C" ? "3" : "1";
    if (order.logistics_status !== want)
      return `${source}: CRM order 发货状态 ${String(order.logistics_status)}, expected ${want}`;
  }
  return undefined;
}

function check(env: BenchEnv): (result: RunResult) => void {
  const same = expectSameRows(
    env,
    "delivery",
    () => {
      const { DeliveryNoteObj, SalesOrderObj } = deliveryCounts(noticesFor(env.scale));
      return { DeliveryNoteObj, SalesOrderObj };
    },
    (table) => listRows(env.fx.state, table),
    "Fxiaoke",
  );
  return (result) => {
    same(result);
    if (!result.error) result.error = checkAgainstKingdee(env.kd.state, env.fx.state);
  };
}

/** 'YYYY-MM-DD HH:mm:ss' in Beijing time, as Kingdee's FilterString compares FModifyDate. */
const beijing = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

export const delivery: BenchTemplate = {
  ours: ((env, id, run) => {
    const wf = load("workflows/kingdee-delivery-to-fxiaoke.json");
    const [trigger] = nodesOf(wf, "kingdeeK3CloudTrigger");
    Object.assign(trigger.parameters, {
      startFrom: "date",
      startDate: env.start.toISOString(),
      // The run is started by activation (the first poll); no scheduled poll may add a run (as in the e2e test).
      pollTimes: { item: [{ mode: "custom", cronExpression: "0 0 0 1 1 *" }] },
    });
    const perExecution = Number(
      (trigger.parameters.options as { perExecution?: number } | undefined)?.perExecution ??
        DEFAULT_PER_EXECUTION,
    );
    return {
      id,
      run,
      workflow: instance(wf, id),
      expectedMain: () => Math.ceil(noticesFor(env.scale) / perExecution),
      rows: () => noticesFor(env.scale),
      check: check(env),
    };
  }) as Variant,
  diy: ((env, id, run) => {
    const wf = fill(load("bench/workflows/diy-kingdee-delivery-to-fxiaoke.json"), {
      KINGDEE_URL: env.kingdeeUrl,
      KINGDEE_ACCT_ID: DEFAULT_ACCT_ID,
      KINGDEE_USER: "demo",
      KINGDEE_PASSWORD: DEFAULT_USERS.demo,
      FXIAOKE_URL: env.fxiaokeUrl,
      FXIAOKE_APP_ID: env.fx.state.appId,
      FXIAOKE_APP_SECRET: env.fx.state.appSecret,
      FXIAOKE_PERMANENT_CODE: env.fx.state.permanentCode,
      FXIAOKE_OPERATOR: "FSUID_OPERATOR0001",
      START: beijing(env.start),
    });
    const webhookPath = viaWebhook(wf, "Run");
    return {
      id,
      run,
      workflow: instance(wf, id),
      webhookPath,
      rows: () => noticesFor(env.scale),
      check: check(env),
    };
  }) as Variant,
  reset: seed,
  writes: (env) => {
    const stats = env.fx.stats();
    return { created: stats.creates, updated: stats.updates };
  },
};
