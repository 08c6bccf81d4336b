/** The bench's Kingdee → Fxiaoke delivery template: its data, its check, and the DIY twin against the template. */
import { DateTime } from "luxon";
import { FxiaokeState } from "../emulators/fxiaoke";
import { KingdeeState } from "../emulators/kingdee";
import {
  checkAgainstKingdee,
  delivery,
  deliveryCounts,
  isAudited,
  isKingdeeOnly,
  noticesFor,
} from "../../bench/lib/templates/delivery";
import { SMOKE_TEMPLATES, TEMPLATES } from "../../bench/lib/templates";
import type { BenchEnv } from "../../bench/lib/templates";
import { load } from "../../bench/lib/workflows";

type Json = Record<string, any>;

function seeded(scale: number) {
  const env = {
    scale,
    kd: { state: new KingdeeState() },
    fx: { state: new FxiaokeState({ records: {} }) },
  } as unknown as BenchEnv;
  delivery.reset!(env);
  return { env, kd: env.kd.state, fx: env.fx.state };
}

/** Writes what a correct sync writes, straight into the CRM state. */
function syncByHand(kd: KingdeeState, fx: FxiaokeState): void {
  const orders = new Map(fx.list("SalesOrderObj").map((o) => [o.erp_no, o]));
  for (const notice of kd.list("SAL_DELIVERYNOTICE")) {
    const order = orders.get(notice.entries.FEntity[0].values.FSrcBillNo);
    if (!order) continue;
    fx.insert("DeliveryNoteObj", {
      field_kingdee_no__c: notice.number,
      sales_order_id: order._id,
      delivery_date: Date.parse(`${String(notice.values.FDate)}+08:00`),
      field_kingdee_status__c: notice.status,
    });
    fx.update("SalesOrderObj", String(order._id), { logistics_status: notice.status === "C" ? "3" : "1" });
  }
}

describe("bench delivery template", () => {
  it("syncs scale / 10 notices, at least 50; skips those without a CRM order", () => {
    expect([noticesFor(200), noticesFor(1000), noticesFor(10000)]).toEqual([50, 100, 1000]);
    // Of 40 notices, #19 and #39 come from Kingdee-only orders; 14 are audited (0, 3, … 39), 13 of them from the CRM.
    expect(deliveryCounts(40)).toEqual({ DeliveryNoteObj: 38, SalesOrderObj: 38, audited: 13 });
    expect([isKingdeeOnly(19), isAudited(19), isAudited(39)]).toEqual([true, false, true]);
  });

  it("seeds the same notices and CRM orders for both variants, and checks the CRM against Kingdee", () => {
    const a = seeded(500);
    const b = seeded(500);
    const view = (s: typeof a) =>
      JSON.stringify([
        s.kd.list("SAL_DELIVERYNOTICE").map((r) => [r.number, r.status, r.values.FDate, r.entries.FEntity.length]),
        s.fx.list("SalesOrderObj").map((o) => [o._id, o.erp_no, o.logistics_status]),
      ]);
    expect(view(a)).toBe(view(b));
    expect(a.kd.list("SAL_DELIVERYNOTICE")).toHaveLength(50);
    expect(a.fx.list("SalesOrderObj")).toHaveLength(deliveryCounts(50).SalesOrderObj);

    expect(checkAgainstKingdee(a.kd, a.fx)).toMatch(/FHTZD000001: no CRM delivery record/);
    syncByHand(a.kd, a.fx);
    expect(checkAgainstKingdee(a.kd, a.fx)).toBeUndefined();
    const audited = a.fx.list("SalesOrderObj").filter((o) => o.logistics_status === "3");
    expect(audited).toHaveLength(deliveryCounts(50).audited);
    // A wrong order status is found.
    a.fx.update("SalesOrderObj", String(audited[0]._id), { logistics_status: "1" });
    expect(checkAgainstKingdee(a.kd, a.fx)).toMatch(/expected 3/);
  });

  it("is benched, but not in the smoke run", () => {
    expect(TEMPLATES.delivery).toBe(delivery);
    expect(SMOKE_TEMPLATES).not.toContain("delivery");
  });
});

describe("bench delivery DIY twin", () => {
  const diy = load("bench/workflows/diy-kingdee-delivery-to-fxiaoke.json");
  const ours = load("workflows/kingdee-delivery-to-fxiaoke.json");
  const byName = (wf: typeof diy, name: string) => wf.nodes.find((n) => n.name === name) as Json;

  /** Evaluates a DIY node's JSON body expression for one notice, as n8n would (the same `$`, `$json`, Luxon). */
  function body(node: string, json: Json = {}): Json {
    const source = /^=\{\{([\s\S]*)\}\}$/.exec(byName(diy, node).parameters.jsonBody)![1];
    const items: Record<string, Json> = {
      "Get CRM Token": { corpAccessToken: "T", corpId: "FSCID_1" },
      "Loop Over Notices": { FBillNo: "FHTZD000001", FDate: "2026-11-04T00:00:00", FDocumentStatus: "C", FSrcBillNo: "XSDD000001" },
      "Find CRM Order": { data: { dataList: [{ _id: "order-1" }] } },
    };
    const $ = (name: string) => ({ first: () => ({ json: items[name] }), item: { json: items[name] } });
    const zoned = { fromISO: (s: string, o: object) => DateTime.fromISO(s, o) };
    return JSON.parse(new Function("$", "$json", "DateTime", `return (${source});`)($, json, zoned));
  }

  it("uses n8n's built-in nodes only", () => {
    expect(diy.nodes.filter((n) => !String(n.type).startsWith("n8n-nodes-base."))).toEqual([]);
  });

  it("writes the fields the template writes, with the same values", () => {
    const mapped = (name: string) => Object.keys(byName(ours, name).parameters.fields.value).sort();
    const created = body("Create Delivery Record").data.object_data;
    const updated = body("Update Delivery Record", { data: { dataList: [{ _id: "delivery-1" }] } }).data.object_data;
    expect(Object.keys(created).filter((k) => k !== "dataObjectApiName").sort()).toEqual(mapped("Upsert CRM Delivery Records"));
    expect(created).toMatchObject({
      dataObjectApiName: "DeliveryNoteObj",
      field_kingdee_no__c: "FHTZD000001",
      sales_order_id: "order-1",
      delivery_date: Date.parse("2026-11-04T00:00:00+08:00"),
      field_kingdee_status__c: "C",
    });
    expect(updated).toEqual({ ...created, field_kingdee_no__c: undefined, _id: "delivery-1" });
    // The order: matched by ERP单号 in the template, by the _id found for it in the DIY; its 发货状态 written.
    const order = body("Update CRM Order").data.object_data;
    expect(Object.keys(order).sort()).toEqual(["_id", "dataObjectApiName", ...mapped("Update CRM Orders").filter((k) => k !== "erp_no")].sort());
    expect(order).toMatchObject({ dataObjectApiName: "SalesOrderObj", _id: "order-1", logistics_status: "3" });
  });

  it("finds the order by the notice's source order number and the delivery record by the notice number", () => {
    const filter = (node: string) => body(node).data.search_query_info.filters[0];
    expect(filter("Find CRM Order")).toEqual({ field_name: "erp_no", field_values: ["XSDD000001"], operator: "EQ" });
    expect(filter("Find Delivery Record")).toEqual({ field_name: "field_kingdee_no__c", field_values: ["FHTZD000001"], operator: "EQ" });
    expect(byName(ours, "Find CRM Orders").parameters.matchField).toBe("erp_no");
    expect(byName(ours, "Upsert CRM Delivery Records").parameters.fields.matchingColumns).toEqual(["field_kingdee_no__c"]);
  });
});
