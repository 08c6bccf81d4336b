/** The Fxiaoke → Kingdee bench templates: the data they seed, what they expect, and their DIY twins. */
import { crmRecords, seedCustomers, seedOrders } from "../../bench/lib/templates/crm";
import { TEMPLATES } from "../../bench/lib/templates";
import { fill, load } from "../../bench/lib/workflows";
import type { WorkflowJson } from "../../bench/lib/workflows";
import { FxiaokeState } from "../emulators/fxiaoke";

const env = { start: new Date("2026-11-01T00:00:00Z") };
const DIY = {
  customers: "bench/workflows/diy-fxiaoke-customers-to-kingdee.json",
  orders: "bench/workflows/diy-fxiaoke-orders-to-kingdee.json",
};
const OURS = {
  customers: "workflows/fxiaoke-customers-to-kingdee.json",
  orders: "workflows/fxiaoke-orders-to-kingdee.json",
};

const byName = (wf: WorkflowJson, name: string) => {
  const node = wf.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node.parameters as Record<string, any>;
};
/** The keys of an object literal in a model expression: `{ "FNumber": …, FName: … }` → FNumber, FName. */
const keysOf = (text: string) => [...text.matchAll(/["']?([\w.]+)["']?\s*:/g)].map((m) => m[1]);
/** Kingdee field keys of a model: ours writes `"FCustId.FNumber": …`, the DIY `FCustId: { FNumber: … }`. */
const kingdeeKeys = (model: string) =>
  keysOf(model.replace(/\{ FNumber:/g, "{ "))
    .map((k) => k.split(".")[0])
    .filter((k) => /^F/.test(k));

describe("bench Fxiaoke → Kingdee templates", () => {
  it("syncs scale / 10 records, at least 50 and at most 1 000", () => {
    expect([100, 1000, 5000, 10_000, 50_000].map(crmRecords)).toEqual([50, 100, 500, 1000, 1000]);
    expect(TEMPLATES.crmCustomers).toBeDefined();
    expect(TEMPLATES.crmOrders).toBeDefined();
  });

  it("seeds the same customers for both variants, one invalid per 25 that neither may sync", () => {
    const a = new FxiaokeState();
    const b = new FxiaokeState();
    const normal = seedCustomers(a, 100, env);
    seedCustomers(b, 100, env);
    expect(normal).toHaveLength(100);
    expect(a.list("AccountObj")).toHaveLength(104);
    expect(a.list("AccountObj").filter((c) => c.life_status === "invalid")).toHaveLength(4);
    expect(a.list("AccountObj")).toEqual(b.list("AccountObj"));
    expect(new Set(a.list("AccountObj").map((c) => c.account_no)).size).toBe(104);
    // all inside the sync window
    expect(Math.min(...a.list("AccountObj").map((c) => Number(c.last_modified_time)))).toBeGreaterThan(env.start.getTime());
  });

  it("seeds orders with 1–3 lines of Kingdee's materials, records / 4 customers and one cancelled order per 25", () => {
    const fx = new FxiaokeState();
    const normal = seedOrders(fx, 200, env);
    expect(normal).toHaveLength(200);
    expect(fx.list("SalesOrderObj")).toHaveLength(208);
    expect(fx.list("AccountObj")).toHaveLength(50);
    const lines = fx.list("SalesOrderProductObj");
    const perOrder = fx.list("SalesOrderObj").map((o) => lines.filter((l) => l.order_id === o._id).length);
    expect(new Set(perOrder)).toEqual(new Set([1, 2, 3]));
    expect(perOrder.reduce((a, b) => a + b, 0)).toBe(lines.length);
    expect(new Set(lines.map((l) => l.product_code))).toEqual(
      new Set(Array.from({ length: 10 }, (_, i) => `M${String(i + 1).padStart(3, "0")}`)),
    );
    expect(new Set(normal.map((o) => o.account_id)).size).toBe(50);
  });

  for (const kind of ["customers", "orders"] as const) {
    it(`has a DIY twin (${kind}) of built-in nodes only, filled for the bench, Kingdee reached by a session login`, () => {
      const diy = load(DIY[kind]);
      expect(diy.nodes.filter((n) => !String(n.type).startsWith("n8n-nodes-base."))).toEqual([]);
      expect(diy.nodes.filter((n) => n.type === "n8n-nodes-base.code")).toEqual([]);
      const filled = fill(diy, {
        FXIAOKE_URL: "http://fx",
        FXIAOKE_APP_ID: "a",
        FXIAOKE_APP_SECRET: "s",
        FXIAOKE_PERMANENT_CODE: "p",
        FXIAOKE_OPERATOR: "o",
        KINGDEE_URL: "http://kd/k3cloud",
        KINGDEE_ACCT_ID: "acct",
        KINGDEE_USER: "u",
        KINGDEE_PASSWORD: "pw",
        START_MS: "1",
      });
      expect(byName(filled, "Kingdee Login").url).toBe(
        "http://kd/k3cloud/Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc",
      );
      expect(byName(filled, "Kingdee Login").options.response.response.fullResponse).toBe(true);
      // Every Kingdee call but the login sends the session cookie taken from the login's Set-Cookie header.
      for (const n of filled.nodes.filter((n) => /DynamicFormService/.test(String((n.parameters as any).url))))
        expect((n.parameters as any).headerParameters.parameters[0]).toMatchObject({
          name: "Cookie",
          value: expect.stringContaining("$('Kingdee Login').first().json.headers['set-cookie']"),
        });
      // The CRM query is paged by the HTTP Request node (offset, 100 per page), normal records only.
      const list = byName(filled, kind === "customers" ? "List Customers" : "List Orders");
      expect(list.options.pagination.pagination.parameters.parameters[0].value).toContain("$pageCount * 100");
      expect(list.jsonBody).toContain("field_values: ['normal']");
    });

    it(`the DIY twin (${kind}) writes the Kingdee fields and the CRM write-back the template writes`, () => {
      const ours = load(OURS[kind]);
      const diy = load(DIY[kind]);
      const oursCustomer = kingdeeKeys(byName(ours, "Upsert Kingdee Customers").model);
      const diyCustomer = kingdeeKeys(byName(diy, "Save Kingdee Customer").jsonBody).filter((k) => k !== "FCUSTID");
      expect(new Set(diyCustomer)).toEqual(new Set(oursCustomer));
      if (kind === "orders") {
        const oursOrder = kingdeeKeys(byName(ours, "Upsert Kingdee Orders").model);
        const diyOrder = kingdeeKeys(byName(diy, "Save Kingdee Order").jsonBody).filter((k) => k !== "FID");
        expect(new Set(diyOrder)).toEqual(new Set(oursOrder));
        expect(byName(diy, "Find Kingdee Order").jsonBody).toContain("F_CRM_OrderNo=");
      }
      const oursBack = byName(ours, kind === "customers" ? "Write Number to CRM" : "Write Bill Number to CRM");
      const diyBack = byName(diy, kind === "customers" ? "Write Number to CRM" : "Write Bill Number to CRM");
      for (const field of Object.keys(oursBack.fields.value)) expect(diyBack.jsonBody).toContain(`${field}: $json.Result.Number`);
      expect(diyBack.url).toBe("__FXIAOKE_URL__/cgi/crm/v2/data/update");
    });
  }
});
