/**
 * The bench's "network": one small HTTP proxy in front of each emulator that adds the latency a real API call has
 * (a fixed delay per request, default 20 ms) and logs every request with its start and end time. The emulators
 * count calls themselves (the figures in the results); this log is only used to split each node's time into time
 * spent waiting for the API and time spent in n8n.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Call {
  service: string;
  /** e.g. `xe.order.list.get/1.0.1` or `POST /v3/app/worksheets/:id/rows/list` */
  endpoint: string;
  start: number;
  end: number;
}

export interface Proxy {
  url: string;
  close(): Promise<void>;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Xiaoe paths name the API; Mingdao paths carry ids, which are replaced by placeholders. */
export function endpointOf(
  service: string,
  method: string,
  path: string,
): string {
  if (service === "xiaoe") return path.replace(/^\/+/, "").split("?")[0];
  const clean = path
    .split("?")[0]
    .replace(/^\/api/, "")
    .replace(/\/worksheets\/[^/]+/, "/worksheets/:id")
    .replace(/\/rows\/(?!list$|batch$)[^/]+$/, "/rows/:rowId");
  return `${method} ${clean}`;
}

export class Network {
  readonly calls: Call[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(public latencyMs: number) {}

  /** A proxy for `target` (the emulator's base URL): the same URL (path prefix kept) on the proxy's port. */
  async proxy(service: string, target: string): Promise<Proxy> {
    const upstream = new URL(target);
    const prefix = upstream.pathname.replace(/\/+$/, "");
    const server = http.createServer((req, res) => {
      const start = Date.now();
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void (async () => {
          if (this.latencyMs > 0) await sleep(this.latencyMs);
          const forward = http.request(
            {
              host: upstream.hostname,
              port: upstream.port,
              method: req.method,
              path: req.url ?? "/",
              headers: { ...req.headers, host: upstream.host },
              agent: this.agent,
            },
            (answer) => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              answer.pipe(res);
              answer.on("end", () => {
                if (!String(req.url).startsWith("/__emulator")) {
                  this.calls.push({
                    service,
                    endpoint: endpointOf(
                      service,
                      req.method ?? "GET",
                      String(req.url),
                    ),
                    start,
                    end: Date.now(),
                  });
                }
              });
            },
          );
          forward.on("error", () => res.destroy());
          forward.end(Buffer.concat(chunks));
        })();
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) =>
      server.listen(0, "127.0.0.1", resolve),
    );
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}${prefix}`,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
  }

  /** Calls that started in [from, to] (ms epoch). */
  between(from: number, to: number): Call[] {
    return this.calls.filter((c) => c.start >= from && c.start <= to);
  }

  close(): void {
    this.agent.destroy();
  }
}
