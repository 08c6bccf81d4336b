/** The table on stdout: one line per run, then ours against DIY per template and scale. */
import type { RunResult } from "./measure";

interface Results {
  latencyMs: number;
  scales: Array<{
    orders: number;
    runs: RunResult[];
    tokens?: { executions: number; succeeded: number; tokenFetches: number };
  }>;
}

const pad = (s: string, n: number) =>
  s.length >= n ? s : s + " ".repeat(n - s.length);
const lpad = (s: string, n: number) =>
  s.length >= n ? s : " ".repeat(n - s.length) + s;

export function ratios(runs: RunResult[]) {
  const out: Array<{
    template: string;
    run: string;
    speedup: number;
    fewerCalls: number;
    oursWallS: number;
    diyWallS: number;
    /** Calls per order, or per row for templates that sync rows (base data). */
    unit: "order" | "row";
    oursCalls: number;
    diyCalls: number;
  }> = [];
  for (const ours of runs.filter((r) => r.variant === "ours")) {
    const diy = runs.find(
      (r) =>
        r.variant === "diy" &&
        r.template === ours.template &&
        r.run === ours.run,
    );
    if (!diy || ours.error || diy.error) continue;
    const perRow =
      ours.callsPerRow !== undefined && diy.callsPerRow !== undefined;
    const oursCalls = perRow
      ? (ours.callsPerRow as number)
      : ours.callsPerOrder;
    const diyCalls = perRow ? (diy.callsPerRow as number) : diy.callsPerOrder;
    out.push({
      template: ours.template,
      run: ours.run,
      speedup: Number((diy.wallS / ours.wallS).toFixed(1)),
      fewerCalls: Number((diyCalls / Math.max(oursCalls, 1e-9)).toFixed(0)),
      oursWallS: ours.wallS,
      diyWallS: diy.wallS,
      unit: perRow ? "row" : "order",
      oursCalls,
      diyCalls,
    });
  }
  return out;
}

/** "3.2x faster" or "2.6x slower": a ratio below 1 reads badly as "0.4x faster". */
export function pace(oursS: number, diyS: number): string {
  return oursS <= diyS
    ? `${(diyS / Math.max(oursS, 1e-9)).toFixed(1)}x faster`
    : `${(oursS / Math.max(diyS, 1e-9)).toFixed(1)}x slower`;
}

export function printTable(results: Results): void {
  const header = [
    "orders",
    "template",
    "variant",
    "run",
    "wall s",
    "exec s",
    "execs",
    "floor s",
    "wall/floor",
    "calls/order",
    "tokens",
    "rows written",
    "n8n CPU s",
    "RSS +MiB",
    "start-up s",
  ];
  const widths = [7, 9, 8, 17, 8, 8, 6, 8, 10, 12, 7, 13, 10, 9, 10];
  const lines = [
    header
      .map((h, i) => (i < 4 ? pad(h, widths[i]) : lpad(h, widths[i])))
      .join(" "),
  ];
  for (const scale of results.scales) {
    for (const r of scale.runs) {
      const cells = [
        String(r.orders),
        r.template,
        r.variant,
        r.run,
        r.wallS.toFixed(1),
        r.execS.toFixed(1),
        String(r.mainExecutions ?? 1),
        r.floorS.toFixed(1),
        (r.wallS / Math.max(r.floorS, 0.001)).toFixed(1),
        r.callsPerRow !== undefined
          ? `${r.callsPerRow.toFixed(3)}/row`
          : r.callsPerOrder.toFixed(4),
        String(r.tokenFetches),
        `${r.rowsWritten.created}+${r.rowsWritten.updated}`,
        r.n8nCpuS.toFixed(1),
        String(r.rssGrowthMiB),
        r.startupS.toFixed(1),
      ];
      lines.push(
        cells
          .map((c, i) => (i < 4 ? pad(c, widths[i]) : lpad(c, widths[i])))
          .join(" ") +
          (r.error ? `  ERROR: ${r.error}` : "") +
          (r.finding ? `  DIY WRONG: ${r.finding}` : ""),
      );
    }
  }
  console.log(
    `\nLatency ${results.latencyMs} ms per call. rows written = created+updated.\n`,
  );
  console.log(lines.join("\n"));
  for (const scale of results.scales) {
    for (const r of ratios(scale.runs)) {
      console.log(
        `${scale.orders} orders, ${r.template}, ${r.run}: ours ${pace(r.oursWallS, r.diyWallS)} than DIY (${r.oursWallS} s vs ${r.diyWallS} s), ${r.fewerCalls}x fewer calls (${r.oursCalls} vs ${r.diyCalls} per ${r.unit})`,
      );
    }
    if (scale.tokens) {
      const t = scale.tokens;
      console.log(
        `${scale.orders} orders: ${t.executions} executions at once in a fresh n8n: ${t.succeeded} succeeded, ${t.tokenFetches} token fetch(es)`,
      );
    }
  }
  for (const scale of results.scales) {
    for (const r of scale.runs.filter((x) => x.variant === "ours")) {
      const top = r.nodes
        .slice(0, 6)
        .map(
          (n) =>
            `${n.node} ${(n.ms / 1000).toFixed(1)} s (API ${(n.apiMs / 1000).toFixed(1)}, n8n ${(n.n8nMs / 1000).toFixed(1)})`,
        );
      console.log(
        `where the time goes, ${scale.orders} orders, ${r.template} ${r.run}: ${top.join("; ")}`,
      );
    }
  }
}
