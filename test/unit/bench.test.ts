/** The bench's own arithmetic (bench/lib): the floor, the split of a node's time into API and n8n, the chart. */
import { callsByEndpoint, floorMs, isTokenCall, nodeTimes } from "../../bench/lib/analysis";
import { chartRuns, chartSvg } from "../../bench/lib/chart";
import type { RunResult } from "../../bench/lib/measure";
import { endpointOf } from "../../bench/lib/network";
import { pace, ratios } from "../../bench/lib/report";
import {
  SMOKE_TEMPLATES,
  TEMPLATES,
  baseDataCounts,
  rowsDigest,
} from "../../bench/lib/templates";
import { load } from "../../bench/lib/workflows";

describe("bench floor", () => {
  it("is calls × latency when the documented limit is not what binds", () => {
    // 1 000 user lookups by id (limit 1 000 per 10 s): one window, so 1 000 × 20 ms.
    expect(
      floorMs({ xiaoe: { "xe.user.batch_by_user_id.get/1.0.0": 1000 } }, 20),
    ).toBe(20_000);
  });

  it("is the rate limit windows when they bind, summed over endpoints", () => {
    // Order list 2.0: 20 calls per second → 100 calls need 4 more windows after the first (4 s > 100 × 20 ms = 2 s).
    // Mingdao publishes no limit: 10 calls × 20 ms.
    expect(
      floorMs(
        {
          xiaoe: { "xe.ecommerce.order.list/1.0.0": 100 },
          mingdao: { "POST /v3/x": 10 },
        },
        20,
      ),
    ).toBe(4000 + 200);
  });
});

describe("where the time goes", () => {
  it("splits a node's time into time with an API call in flight (overlaps counted once) and the rest", () => {
    const executions = [
      {
        id: "1",
        workflowId: "w",
        mode: "trigger",
        status: "success",
        startedAt: 0,
        stoppedAt: 2000,
        nodes: [{ node: "Upsert", start: 1000, ms: 1000, items: 5 }],
      },
    ];
    const calls = [
      { service: "mingdao", endpoint: "a", start: 1100, end: 1300 },
      { service: "mingdao", endpoint: "a", start: 1200, end: 1400 },
      { service: "mingdao", endpoint: "b", start: 1900, end: 2100 },
      { service: "mingdao", endpoint: "c", start: 500, end: 800 },
    ];
    const [upsert] = nodeTimes(executions, calls);
    expect(upsert).toMatchObject({
      node: "Upsert",
      runs: 1,
      items: 5,
      ms: 1000,
      calls: 3,
      apiMs: 300 + 100,
      n8nMs: 600,
    });
  });

  it("names Mingdao endpoints without the worksheet's id or the row's id", () => {
    expect(
      endpointOf(
        "mingdao",
        "POST",
        "/api/v3/app/worksheets/abc123/rows/list?x=1",
      ),
    ).toBe("POST /v3/app/worksheets/:id/rows/list");
    expect(
      endpointOf("mingdao", "PATCH", "/api/v3/app/worksheets/abc123/rows/r-9"),
    ).toBe("PATCH /v3/app/worksheets/:id/rows/:rowId");
    expect(endpointOf("xiaoe", "POST", "/xe.order.detail/1.0.0?a=b")).toBe(
      "xe.order.detail/1.0.0",
    );
  });
});

describe("bench pace", () => {
  it("says faster or slower, never 0.4x faster", () => {
    expect(pace(2.6, 187)).toBe("71.9x faster");
    expect(pace(33.2, 12.9)).toBe("2.6x slower");
    expect(pace(5, 5)).toBe("1.0x faster");
  });
});

describe("bench call counts", () => {
  it("groups the proxies' log by service and endpoint and finds every service's token calls", () => {
    const log = [
      ["xiaoe", "/token"],
      ["xiaoe", "/xe.order.detail/1.0.0?x=1"],
      ["xiaoe", "/xe.order.detail/1.0.0"],
      ["wechat", "/cgi-bin/stable_token"],
      ["wechat", "/card/membercard/userinfo/get?access_token=T"],
      ["fxiaoke", "/cgi/corpAccessToken/get/V2"],
      ["fxiaoke", "/cgi/crm/v2/data/query"],
      ["kingdee", "/k3cloud/Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginByAppSecret.common.kdsvc"],
      ["kingdee", "/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save.common.kdsvc"],
      ["mingdao", "/api/v3/app/worksheets/w1/rows/list"],
    ].map(([service, url]) => ({
      service,
      endpoint: endpointOf(service, "POST", url),
      start: 0,
      end: 1,
    }));
    expect(callsByEndpoint(log).xiaoe).toEqual({ token: 1, "xe.order.detail/1.0.0": 2 });
    expect(callsByEndpoint(log).wechat).toEqual({
      "POST /cgi-bin/stable_token": 1,
      "POST /card/membercard/userinfo/get": 1,
    });
    expect(log.filter(isTokenCall).map((c) => c.service)).toEqual(["xiaoe", "wechat", "fxiaoke", "kingdee"]);
  });
});

describe("bench chart", () => {
  const run = (
    variant: "ours" | "diy",
    orders: number,
    wallS: number,
    callsPerOrder: number,
  ) =>
    ({
      template: "orders",
      variant,
      run: "first sync",
      orders,
      wallS,
      callsPerOrder,
    }) as RunResult;

  it("draws one line per variant and run across the scale points, skipping failed runs", () => {
    const svg = chartSvg([
      run("ours", 1000, 10, 0.05),
      run("ours", 10000, 100, 0.03),
      run("diy", 1000, 200, 6),
      { ...run("diy", 10000, 1, 6), error: "x" },
    ]);
    // Two panels (time, calls) × two series with points (ours, DIY first sync).
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg.match(/<circle/g)).toHaveLength(2 * (2 + 1));
    expect(svg).toContain("10,000");
  });
});

describe("bench chart with several templates", () => {
  const run = (template: string, variant: "ours" | "diy") =>
    ({ template, variant, run: "first sync", orders: 1000 }) as RunResult;

  it("draws the orders template when it ran, else the first template", () => {
    const all = [
      run("baseData", "diy"),
      run("orders", "ours"),
      run("baseData", "ours"),
    ];
    expect(chartRuns(all).map((r) => r.template)).toEqual(["orders"]);
    expect(chartRuns([all[0], all[2]])).toHaveLength(2);
  });
});

describe("bench ratios", () => {
  const run = (
    template: string,
    variant: "ours" | "diy",
    wallS: number,
    callsPerOrder: number,
    callsPerRow?: number,
  ) =>
    ({
      template,
      variant,
      run: "first sync",
      wallS,
      callsPerOrder,
      ...(callsPerRow === undefined ? {} : { callsPerRow }),
    }) as RunResult;

  it("compares calls per row for templates that sync rows, per order otherwise", () => {
    const [orders, base] = ratios([
      run("orders", "diy", 100, 6),
      run("orders", "ours", 2, 0.03),
      run("baseData", "diy", 30, 0.6, 2.1),
      run("baseData", "ours", 3, 0.01, 0.07),
    ]);
    expect(orders).toMatchObject({
      unit: "order",
      speedup: 50,
      fewerCalls: 200,
    });
    expect(base).toMatchObject({
      unit: "row",
      speedup: 10,
      fewerCalls: 30,
      oursCalls: 0.07,
      diyCalls: 2.1,
    });
  });
});

describe("bench base data", () => {
  it("expects every user, every listed course and the goods of describable types", () => {
    const counts = baseDataCounts({
      users: [{}, {}, {}],
      resources: [
        { resource_type: 1, state: 0 },
        { resource_type: 6, state: 1 },
        { resource_type: 21, state: 0 }, // physical goods: goods detail answers 3057
        { resource_type: 3, state: 2 }, // deleted: not listed
      ],
    });
    expect(counts).toEqual({
      xiaoe_users: 3,
      xiaoe_courses: 3,
      xiaoe_goods: 2,
    });
  });

  it("compares rows without their ids and times, in any order", () => {
    const sheets: Record<string, Array<Record<string, unknown>>> = {
      a: [
        { id: "1", _createdAt: 1, k: "x", v: 1 },
        { id: "2", _createdAt: 2, k: "y", v: [2] },
      ],
    };
    const same = {
      a: [
        { id: "9", _createdAt: 7, k: "y", v: [2] },
        { id: "8", k: "x", v: 1 },
      ],
    };
    const other = {
      a: [
        { id: "9", k: "y", v: [3] },
        { id: "8", k: "x", v: 1 },
      ],
    };
    const digest = (s: typeof sheets) => rowsDigest((alias) => s[alias], ["a"]);
    expect(digest(same)).toBe(digest(sheets));
    expect(digest(other)).not.toBe(digest(sheets));
  });

  it("has a DIY twin of built-in nodes only that writes the fields the template writes", () => {
    const diy = load("bench/workflows/diy-base-data-to-mingdao.json");
    const ours = load("workflows/xiaoe-base-data-to-mingdao.json");
    expect(
      diy.nodes.filter((n) => !String(n.type).startsWith("n8n-nodes-base.")),
    ).toEqual([]);
    const written = (wf: typeof diy) => {
      const out: Record<string, string[]> = {};
      for (const n of wf.nodes) {
        const p = n.parameters as Record<string, any>;
        if (n.type === "n8n-nodes-china-saas.mingdao")
          out[p.worksheet.value] = Object.keys(p.columns.value).sort();
      }
      return out;
    };
    // The DIY's Set nodes build each worksheet's v3 `fields` list; its Create nodes name the worksheet.
    const diyWritten: Record<string, string[]> = {};
    for (const create of diy.nodes.filter((n) =>
      /^Create .* Row$/.test(String(n.name)),
    )) {
      const p = create.parameters as Record<string, string>;
      const worksheet = /worksheets\/(\w+)\/rows/.exec(p.url)?.[1] as string;
      const fieldsNode = /\$\('([^']+)'\)\.item\.json\.fields/.exec(
        p.jsonBody,
      )?.[1];
      const set = diy.nodes.find((n) => n.name === fieldsNode);
      const expression = JSON.stringify(set?.parameters);
      diyWritten[worksheet] = [...expression.matchAll(/id: '(\w+)'/g)]
        .map((m) => m[1])
        .sort();
    }
    expect(diyWritten).toEqual(written(ours));
  });

  it("keeps the smoke run to templates that exist, without base data", () => {
    for (const name of SMOKE_TEMPLATES) expect(TEMPLATES[name]).toBeDefined();
    expect(SMOKE_TEMPLATES).not.toContain("baseData");
    expect(Object.keys(TEMPLATES)).toContain("baseData");
  });
});
