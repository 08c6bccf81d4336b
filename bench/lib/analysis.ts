/**
 * Figures derived from what a run did: the floor (the least time its API calls allow), calls per order, and where
 * each node's time went (waiting for the API vs working in n8n).
 */
import { ENDPOINTS } from "../../test/emulators/xiaoe/handlers";
import type { Call } from "./network";
import type { ExecutionSummary } from "./server";

/** Documented limits, as the emulator enforces them: max calls per window. Mingdao publishes none. */
export function documentedLimit(
  service: string,
  endpoint: string,
): { max: number; windowMs: number } | undefined {
  if (service !== "xiaoe") return undefined;
  if (endpoint === "token") return { max: 100, windowMs: 600_000 };
  const limit = ENDPOINTS[endpoint]?.limit;
  return limit
    ? { max: limit.max, windowMs: limit.windowSec * 1000 }
    : undefined;
}

/**
 * The floor: the least time the calls that were made need, one after another (as n8n nodes make them), when each
 * takes the latency and no endpoint may exceed its documented limit: per endpoint the larger of `n × latency` and
 * the time the limit's windows need for n calls (`(ceil(n / max) − 1) × window`), summed over endpoints.
 */
export function floorMs(
  calls: Record<string, Record<string, number>>,
  latencyMs: number,
): number {
  let total = 0;
  for (const [service, byEndpoint] of Object.entries(calls)) {
    for (const [endpoint, n] of Object.entries(byEndpoint)) {
      const limit = documentedLimit(service, endpoint);
      const byLimit = limit
        ? (Math.ceil(n / limit.max) - 1) * limit.windowMs
        : 0;
      total += Math.max(n * latencyMs, byLimit);
    }
  }
  return total;
}

export function countCalls(
  calls: Record<string, Record<string, number>>,
): number {
  return Object.values(calls).reduce(
    (n, byEndpoint) => n + Object.values(byEndpoint).reduce((a, b) => a + b, 0),
    0,
  );
}

export interface NodeTime {
  node: string;
  /** Runs of the node (a loop runs a node once per iteration; pages run it once per page). */
  runs: number;
  items: number;
  ms: number;
  /** Time in which at least one API call of this node was in flight. */
  apiMs: number;
  calls: number;
  /** ms − apiMs: n8n and the node's own code (expressions, item handling, pairing). */
  n8nMs: number;
}

/** Length of the union of intervals, clipped to [from, to]. */
function coveredMs(
  intervals: Array<[number, number]>,
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map(([a, b]) => [Math.max(a, from), Math.min(b, to)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of clipped) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** Index of the first call starting at or after `t` (calls sorted by start). */
function firstAtOrAfter(calls: Call[], t: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].start < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per node name over every execution of a run (main and page sub-executions), slowest first. */
export function nodeTimes(
  executions: ExecutionSummary[],
  calls: Call[],
): NodeTime[] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const byNode = new Map<string, NodeTime>();
  for (const execution of executions) {
    for (const run of execution.nodes) {
      const from = run.start;
      const to = run.start + run.ms;
      const inside: Call[] = [];
      for (
        let k = firstAtOrAfter(sorted, from);
        k < sorted.length && sorted[k].start <= to;
        k++
      )
        inside.push(sorted[k]);
      const apiMs = coveredMs(
        inside.map((c) => [c.start, c.end]),
        from,
        to,
      );
      const t = byNode.get(run.node) ?? {
        node: run.node,
        runs: 0,
        items: 0,
        ms: 0,
        apiMs: 0,
        calls: 0,
        n8nMs: 0,
      };
      t.runs++;
      t.items += run.items;
      t.ms += run.ms;
      t.apiMs += apiMs;
      t.calls += inside.length;
      t.n8nMs = t.ms - t.apiMs;
      byNode.set(run.node, t);
    }
  }
  return [...byNode.values()].sort((a, b) => b.ms - a.ms);
}

/** Calls per service and endpoint. */
export function callsByEndpoint(
  calls: Call[],
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const { service, endpoint } of calls) {
    const byEndpoint = (out[service] ??= {});
    byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
  }
  return out;
}

/**
 * Calls that fetch a token or open a session, per service (the endpoints the emulators count as token calls):
 * Xiaoe `/token`, WeChat `/cgi-bin/token` and `/cgi-bin/stable_token`, Fxiaoke's corpAccessToken, Kingdee's login
 * services. Mingdao signs each call with the app key and has no token.
 */
export function isTokenCall(call: { service: string; endpoint: string }): boolean {
  const { service, endpoint } = call;
  if (service === "xiaoe") return endpoint === "token";
  if (service === "wechat") return /^\w+ \/cgi-bin\/(stable_)?token$/.test(endpoint);
  if (service === "fxiaoke") return /corpAccessToken/i.test(endpoint);
  if (service === "kingdee") return /AuthService\.(Login|ValidateUser)/i.test(endpoint);
  return false;
}
