/**
 * An SVG chart of the scale curve: wall time and API calls per order, ours against DIY (first sync and unchanged
 * re-run), one point per scale. Both axes that carry figures are logarithmic: ours and DIY differ by 10–1000×.
 */
import * as fs from "node:fs";
import type { RunResult } from "./measure";

export function writeChart(
  file: string,
  results: { scales: Array<{ orders: number; runs: RunResult[] }> },
): void {
  fs.writeFileSync(
    file,
    chartSvg(chartRuns(results.scales.flatMap((s) => s.runs))),
  );
}

/** The chart draws one template: orders when it ran (its curve is the one the README shows), else the first. */
export function chartRuns(runs: RunResult[]): RunResult[] {
  const template = runs.some((r) => r.template === "orders")
    ? "orders"
    : runs[0]?.template;
  return runs.filter((r) => r.template === template);
}

const SERIES: Array<{
  variant: "ours" | "diy";
  run: string;
  color: string;
  dash: string;
}> = [
  { variant: "ours", run: "first sync", color: "#1f77b4", dash: "" },
  { variant: "ours", run: "unchanged re-run", color: "#1f77b4", dash: "6 4" },
  { variant: "diy", run: "first sync", color: "#d62728", dash: "" },
  { variant: "diy", run: "unchanged re-run", color: "#d62728", dash: "6 4" },
];

const W = 420;
const H = 260;
const M = { left: 60, right: 16, top: 34, bottom: 40 };

function panel(
  x0: number,
  title: string,
  runs: RunResult[],
  value: (r: RunResult) => number,
  unit: string,
): string {
  const scales = [...new Set(runs.map((r) => r.orders))].sort((a, b) => a - b);
  const values = runs.map(value).filter((v) => v > 0 && Number.isFinite(v));
  if (!values.length) return "";
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...values))));
  const px = (i: number) =>
    x0 +
    M.left +
    (scales.length === 1 ? 0.5 : i / (scales.length - 1)) *
      (W - M.left - M.right);
  const py = (v: number) =>
    M.top + (1 - (Math.log10(v) - lo) / (hi - lo)) * (H - M.top - M.bottom);
  const out = [
    `<text x="${x0 + W / 2}" y="18" text-anchor="middle" font-weight="bold">${title}</text>`,
  ];
  for (let e = lo; e <= hi; e++) {
    const y = py(10 ** e);
    out.push(
      `<line x1="${x0 + M.left}" x2="${x0 + W - M.right}" y1="${y}" y2="${y}" stroke="#ddd"/>`,
    );
    out.push(
      `<text x="${x0 + M.left - 6}" y="${y + 4}" text-anchor="end">${10 ** e >= 1 ? 10 ** e : (10 ** e).toPrecision(1)}${unit}</text>`,
    );
  }
  scales.forEach((n, i) =>
    out.push(
      `<text x="${px(i)}" y="${H - M.bottom + 16}" text-anchor="middle">${n.toLocaleString("en")}</text>`,
    ),
  );
  out.push(
    `<text x="${x0 + W / 2}" y="${H - 6}" text-anchor="middle">orders</text>`,
  );
  for (const s of SERIES) {
    const points = scales
      .map((n, i) => {
        const r = runs.find(
          (x) =>
            x.orders === n &&
            x.variant === s.variant &&
            x.run === s.run &&
            !x.error,
        );
        return r && value(r) > 0 ? [px(i), py(value(r))] : undefined;
      })
      .filter((p): p is number[] => !!p);
    if (!points.length) continue;
    out.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${points.map((p) => p.join(",")).join(" ")}"/>`,
    );
    for (const [x, y] of points)
      out.push(`<circle cx="${x}" cy="${y}" r="3" fill="${s.color}"/>`);
  }
  return out.join("\n");
}

export function chartSvg(runs: RunResult[]): string {
  const perRow =
    runs.length > 0 && runs.every((r) => r.callsPerRow !== undefined);
  const legend = SERIES.map(
    (s, i) =>
      `<line x1="${20 + i * 200}" x2="${50 + i * 200}" y1="${H + 14}" y2="${H + 14}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>` +
      `<text x="${56 + i * 200}" y="${H + 18}">${s.variant === "ours" ? "ours" : "DIY"}, ${s.run}</text>`,
  ).join("\n");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 30}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel(0, "Wall time (s, log scale)", runs, (r) => r.wallS, ""),
    panel(
      W,
      `API calls per ${perRow ? "row" : "order"} (log scale)`,
      runs,
      (r) => (perRow ? (r.callsPerRow as number) : r.callsPerOrder),
      "",
    ),
    legend,
    "</svg>",
  ].join("\n");
}
