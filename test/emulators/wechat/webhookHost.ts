/**
 * Stands in for n8n's webhook server in fast tests: a real HTTP server that hands each request to a trigger node's
 * `webhook()` through an IWebhookFunctions built from that request (raw body, query, response object), and records
 * the executions the node asks for. What n8n itself does around it (body parsing, routing) is exercised by the
 * end-to-end tests in real n8n.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject, IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export interface HostedTrigger {
	url: string;
	/** The items of every execution the node started, in order. */
	executions: IDataObject[][];
	/** Time from request to the end of the node's answer, per request (ms). */
	answerMs: number[];
	close(): Promise<void>;
}

type Params = Record<string, unknown>;

export async function hostTrigger(options: {
	webhook: (this: IWebhookFunctions) => Promise<IWebhookResponseData>;
	parameters: Params;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	workflowId?: string;
	nodeId?: string;
}): Promise<HostedTrigger> {
	const executions: IDataObject[][] = [];
	const answerMs: number[] = [];
	const node: INode = {
		id: options.nodeId ?? 'wechat-trigger-node',
		name: 'WeChat Trigger',
		type: 'n8n-nodes-china-saas.wechatOfficialAccountTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const server = http.createServer((req, res) => {
		const started = Date.now();
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const query: Params = {};
			url.searchParams.forEach((v, k) => {
				// repeated parameters arrive as arrays, as Express gives them
				query[k] = k in query ? [...([] as unknown[]).concat(query[k]), v] : v;
			});
			const rawBody = Buffer.concat(chunks);
			const response = {
				status(code: number) {
					res.statusCode = code;
					return response;
				},
				type(t: string) {
					res.setHeader('content-type', t === 'text/plain' ? 'text/plain; charset=utf-8' : t);
					return response;
				},
				send(body: unknown) {
					res.end(typeof body === 'string' ? body : JSON.stringify(body));
					answerMs.push(Date.now() - started);
					return response;
				},
				json(body: unknown) {
					res.setHeader('content-type', 'application/json');
					return response.send(body);
				},
			};
			const ctx = {
				getNode: () => node,
				getWorkflow: () => ({ id: options.workflowId ?? 'wf-wechat', name: 'wechat', active: true }),
				getMode: () => 'webhook',
				getWebhookName: () => (req.method === 'GET' ? 'setup' : 'default'),
				getNodeParameter: (name: string, fallback?: unknown) => (name in options.parameters ? options.parameters[name] : fallback),
				getCredentials: async (type: string) => {
					const c = options.credentials[type];
					if (!c) throw new Error(`no credential ${type}`);
					return c;
				},
				getRequestObject: () => ({ method: req.method, headers: req.headers, query, rawBody, body: {} }),
				getResponseObject: () => response,
				getQueryData: () => query,
				getHeaderData: () => req.headers,
				getBodyData: () => ({}),
				helpers: { returnJsonArray: (d: IDataObject | IDataObject[]) => (Array.isArray(d) ? d : [d]).map((json) => ({ json })) },
				logger: { debug() {}, info() {}, warn() {}, error() {} },
			} as unknown as IWebhookFunctions;
			options.webhook
				.call(ctx)
				.then((result) => {
					if (result.workflowData) executions.push(result.workflowData[0].map((i) => i.json));
					if (!res.writableEnded) {
						res.statusCode = 200;
						res.end(JSON.stringify({ message: 'Workflow was started' }));
					}
				})
				.catch((error: Error) => {
					res.statusCode = 500;
					res.end(`node threw: ${error.message}`);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${port}/webhook/wechat`,
		executions,
		answerMs,
		close: () => new Promise<void>((resolve) => {
			server.closeAllConnections?.();
			server.close(() => resolve());
		}),
	};
}
