/**
 * The small HTTP layer every emulator shares: JSON in, JSON out, on 127.0.0.1 and a random port by default.
 * Each emulator supplies one handler; this file knows nothing of any API.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmuRequest {
	method: string;
	/** Path without the query string, e.g. `/xe.order.detail/1.0.0`. */
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
	body: unknown;
	rawBody: string;
	remoteAddress: string;
}

export interface EmuResponse {
	status?: number;
	/** Objects are sent as JSON; strings as they are. */
	body?: unknown;
	headers?: Record<string, string>;
	/** Drop the connection without answering (a network fault). */
	destroy?: boolean;
}

export type EmuHandler = (req: EmuRequest) => EmuResponse | Promise<EmuResponse>;

export interface RunningServer {
	url: string;
	port: number;
	close(): Promise<void>;
	/** An outage: stop accepting (new connections are refused) and cut the open ones. */
	stopListening(): Promise<void>;
	/** End of the outage: listen on the same port again. */
	listenAgain(): Promise<void>;
}

export async function startHttpServer(
	handler: EmuHandler,
	options: { port?: number; host?: string } = {},
): Promise<RunningServer> {
	const host = options.host ?? '127.0.0.1';
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: unknown = undefined;
			if (rawBody.length > 0) {
				try {
					body = JSON.parse(rawBody);
				} catch {
					body = rawBody;
				}
			}
			const url = new URL(req.url ?? '/', `http://${host}`);
			const query: Record<string, string> = {};
			url.searchParams.forEach((v, k) => (query[k] = v));
			const emuReq: EmuRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: decodeURIComponent(url.pathname),
				query,
				headers: req.headers,
				body,
				rawBody,
				remoteAddress: req.socket.remoteAddress ?? '',
			};
			Promise.resolve()
				.then(() => handler(emuReq))
				.then(
					(out) => send(res, out),
					(err: Error) => send(res, { status: 500, body: { error: String(err?.stack ?? err) } }),
				);
		});
	});
	// Keep-alive sockets would hold close() open; emulators are short-lived.
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
	const port = (server.address() as AddressInfo).port;
	const stop = () =>
		new Promise<void>((resolve) => {
			if (!server.listening) return resolve();
			server.close(() => resolve());
			server.closeAllConnections?.();
		});
	return {
		url: `http://${host}:${port}`,
		port,
		close: stop,
		stopListening: stop,
		listenAgain: () =>
			new Promise<void>((resolve, reject) => {
				if (server.listening) return resolve();
				server.once('error', reject);
				server.listen(port, host, () => {
					server.off('error', reject);
					resolve();
				});
			}),
	};
}

function send(res: http.ServerResponse, out: EmuResponse): void {
	if (out.destroy) {
		res.socket?.destroy();
		return;
	}
	const status = out.status ?? 200;
	const headers = { ...(out.headers ?? {}) };
	let payload = '';
	if (typeof out.body === 'string') {
		payload = out.body;
		headers['content-type'] ??= 'text/plain; charset=utf-8';
	} else if (out.body !== undefined) {
		payload = JSON.stringify(out.body);
		headers['content-type'] ??= 'application/json; charset=utf-8';
	}
	res.writeHead(status, headers);
	res.end(payload);
}

/** Sleep for emulated latency (test code, so plain timers are fine here). */
export const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
