/**
 * A CPU profile of the n8n process (`--profile`: n8n runs with `--cpu-prof`, which V8 writes when it exits), summed
 * by where the code lives — this package, n8n's expression engine, the rest of n8n, Node itself — and its busiest
 * functions. It answers "which code" where the per-node split (analysis.ts) answers "which node".
 */
import fs from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface ProfileSummary {
  file: string;
  totalS: number;
  /** Seconds of CPU per part, busiest first; `idle` and `gc` as V8 reports them. */
  parts: Array<{ part: string; s: number; share: number }>;
  top: Array<{ fn: string; where: string; part: string; s: number }>;
}

const PARTS: Array<[string, RegExp]> = [
  ["this package", /node_modules\/n8n-nodes-china-saas\//],
  ["n8n expressions", /expression|tmpl|isolated-vm|workflow-data-proxy|@n8n\/tournament|esprima|recast|ast-types/i],
  ["n8n-core (execution)", /n8n-core/],
  ["n8n-workflow", /n8n-workflow/],
  ["n8n (server, database)", /node_modules\/(n8n|@n8n|typeorm|sqlite3|better-sqlite3)\//],
  ["other libraries", /node_modules/],
  ["node", /^node:|^internal\//],
];

function partOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName === "(idle)") return "idle";
    if (functionName === "(garbage collector)") return "gc";
    if (functionName === "(program)") return "v8 (program)";
    return "native";
  }
  return PARTS.find(([, re]) => re.test(url))?.[0] ?? "other";
}

/** The profile of the process that ran the most (several n8n processes may have written one). */
export function summariseProfiles(dir: string, topN = 15): ProfileSummary | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(dir, f));
  if (files.length === 0) return undefined;
  const biggest = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  const profile = JSON.parse(fs.readFileSync(biggest, "utf8")) as CpuProfile;
  const interval = (profile.endTime - profile.startTime) / 1e6 / Math.max(1, profile.samples.length);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const parts = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; part: string; s: number }>();
  for (const [id, count] of hits) {
    const node = byId.get(id)!;
    const part = partOf(node);
    const s = count * interval;
    parts.set(part, (parts.get(part) ?? 0) + s);
    const where = node.callFrame.url ? `${node.callFrame.url.replace(/^.*node_modules\//, "")}:${node.callFrame.lineNumber + 1}` : "";
    const key = `${node.callFrame.functionName}|${where}`;
    const entry = fns.get(key) ?? { fn: node.callFrame.functionName || "(anonymous)", where, part, s: 0 };
    entry.s += s;
    fns.set(key, entry);
  }
  const busy = [...parts].filter(([p]) => p !== "idle").reduce((sum, [, s]) => sum + s, 0);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    file: biggest,
    totalS: round(busy),
    parts: [...parts]
      .filter(([p]) => p !== "idle")
      .sort((a, b) => b[1] - a[1])
      .map(([part, s]) => ({ part, s: round(s), share: round(s / Math.max(busy, 1e-9)) })),
    top: [...fns.values()]
      .filter((f) => f.part !== "idle")
      .sort((a, b) => b.s - a.s)
      .slice(0, topN)
      .map((f) => ({ ...f, s: round(f.s) })),
  };
}

export function printProfile(label: string, p: ProfileSummary): void {
  console.log(`\nCPU profile, ${label} (${p.totalS} s busy; ${path.basename(p.file)}):`);
  for (const part of p.parts) console.log(`  ${part.part.padEnd(26)} ${part.s.toFixed(1).padStart(7)} s  ${(part.share * 100).toFixed(0).padStart(3)} %`);
  console.log("  busiest functions (self time):");
  for (const f of p.top) console.log(`    ${f.s.toFixed(2).padStart(6)} s  ${f.fn}  [${f.part}] ${f.where}`);
}
