/**
 * Webhook triggers on a real HTTP request. n8n-core's `WebhookContext` reads the express request and response from
 * the additional data; receiving the request and answering around the node is the CLI's job (webhook-helpers.ts,
 * body-parser.ts), so that part restates its rules in a few lines, each noted below (UTF-8 bodies only, no XML).
 * What only a running n8n shows (the registered URL, activation, the run that follows) stays in the e2e tests.
 */
import axios from 'axios';
import express from 'express';
import type { Request, Response } from 'express';
import type { AddressInfo } from 'net';
import { parse as parseQueryString } from 'querystring';
import { WebhookContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { INodeExecutionData, INodeType, IWebhookData, IWebhookResponseData } from 'n8n-workflow';
import { additionalData, attachCredentials, nodeOf, nodeTypes, startExpressionEngine, workflowBase } from './runtime';
import type { CredentialStore, Parameters } from './runtime';

export interface WebhookRequest {
	method?: string;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** An object is sent as JSON; a string or Buffer as is (set its content-type in `headers`). */
	body?: unknown;
}

export interface WebhookResult {
	/** The HTTP answer the caller received. */
	status: number;
	headers: Record<string, string>;
	/** Parsed when JSON, else the text. */
	body: unknown;
	/** The items the node started the workflow with (output 0), or undefined when it started nothing. */
	items?: INodeExecutionData[];
	/** What webhook() returned, or threw. */
	response?: IWebhookResponseData;
	error?: Error;
}

export interface WebhookOptions {
	credentials?: CredentialStore;
	/** Which of the node's webhooks (description.webhooks[].name). Default `default`. */
	webhookName?: string;
	timezone?: string;
}

/** n8n's body-parser.ts: raw body kept on `req.rawBody`; JSON, form and text parsed by content type; XML not here. */
async function readBody(req: Request): Promise<void> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	const raw = Buffer.concat(chunks);
	(req as Request & { rawBody?: Buffer }).rawBody = raw;
	const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	const text = raw.toString('utf8').replace(/^\uFEFF/, '');
	if (raw.length && contentType === 'application/json') req.body = JSON.parse(text);
	else if (raw.length && contentType === 'application/x-www-form-urlencoded') req.body = parseQueryString(text);
	else if (raw.length && contentType === 'text/plain') req.body = text;
	req.body ??= {};
}

/** n8n's ResponseHelper.sendSuccessResponse(raw = true): strings are sent, everything else as JSON. */
function send(res: Response, data: unknown, status: number): void {
	res.status(status);
	if (typeof data === 'string') res.send(data);
	else res.json(data);
}

/** Sends `request` to a one-node workflow holding the trigger and answers as n8n's webhook-helpers.ts does. */
export async function runWebhook(
	TriggerClass: new () => INodeType,
	parameters: Parameters,
	request: WebhookRequest = {},
	options: WebhookOptions = {},
): Promise<WebhookResult> {
	await startExpressionEngine();
	const type = new TriggerClass();
	const description = type.description.webhooks?.find((w) => w.name === (options.webhookName ?? 'default'));
	if (!description || !type.webhook) throw new Error(`${type.description.name} has no "${options.webhookName ?? 'default'}" webhook`);
	const node = nodeOf(type, parameters, { id: 'trigger', webhookId: 'engine-test-webhook' });
	const credentials = options.credentials ?? {};
	attachCredentials(node, credentials);
	const workflowData = workflowBase({
		active: true,
		nodes: [node],
		connections: {},
		settings: options.timezone ? { timezone: options.timezone } : {},
	});
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const result: Partial<WebhookResult> = {};

	const app = express();
	app.use(async (req, res) => {
		try {
			await readBody(req);
		} catch (error) {
			// body-parser.ts: UnprocessableRequestError
			res.status(422).json({ code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
			return;
		}
		try {
			const data = additionalData({ workflow: workflowData, mode: 'webhook', credentials });
			data.httpRequest = req;
			data.httpResponse = res;
			const webhookData: IWebhookData = {
				httpMethod: description.httpMethod as IWebhookData['httpMethod'],
				node: node.name,
				path: String(description.path),
				webhookDescription: description,
				workflowId: workflowData.id,
				workflowExecuteAdditionalData: data,
				webhookId: node.webhookId,
			};
			const context = new WebhookContext(workflow, node, data, 'webhook', webhookData, [], null);
			// live-webhooks.ts holds an isolate while the node reads its parameters
			const ownIsolate = await workflow.expression.acquireIsolate();
			const response = await type.webhook!.call(context).finally(async () => {
				if (ownIsolate) await workflow.expression.releaseIsolate();
			});
			result.response = response;
			result.items = response.workflowData?.[0];
			if (response.noWebhookResponse || res.headersSent) return; // the node answered itself
			const code = Number(description.responseCode ?? 200);
			if (response.workflowData === undefined) send(res, response.webhookResponse ?? { message: 'Webhook call received' }, code);
			else if ((description.responseMode ?? 'onReceived') === 'onReceived') {
				send(res, response.webhookResponse ?? { message: 'Workflow was started' }, code);
			} else throw new Error(`responseMode "${String(description.responseMode)}" needs the workflow run: use the e2e tests`);
		} catch (error) {
			result.error = error as Error;
			// n8n answers a throwing webhook() with 500 and the message (ResponseHelper.sendErrorResponse)
			if (!res.headersSent) res.status(500).json({ code: 0, message: (error as Error).message });
		}
	});

	const server = app.listen(0, '127.0.0.1');
	await new Promise((resolve) => server.once('listening', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		const { body } = request;
		const json = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
		const answer = await axios.request({
			method: request.method ?? String(description.httpMethod),
			url: `http://127.0.0.1:${port}/webhook/${node.webhookId}/${String(description.path)}`,
			params: request.query,
			headers: { ...(json ? { 'content-type': 'application/json' } : {}), ...request.headers },
			data: json ? JSON.stringify(body) : body,
			responseType: 'text',
			transformResponse: (text: string) => text,
			validateStatus: () => true,
			timeout: 10_000,
		});
		const text = String(answer.data ?? '');
		const isJson = String(answer.headers['content-type'] ?? '').includes('json');
		return {
			...result,
			status: answer.status,
			headers: Object.fromEntries(Object.entries(answer.headers).map(([k, v]) => [k, String(v)])),
			body: isJson && text ? JSON.parse(text) : text,
		};
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
}
