/** The bench's own arithmetic (bench/lib): the floor, the split of a node's time into API and n8n, the chart. */
import { floorMs, nodeTimes } from "../../bench/lib/analysis";
import { chartSvg } from "../../bench/lib/chart";
import type { RunResult } from "../../bench/lib/measure";
import { endpointOf } from "../../bench/lib/network";

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
