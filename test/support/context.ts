/**
 * Minimal n8n contexts for integration tests: enough of IExecuteFunctions / IPollFunctions to run our nodes
 * in-process against the emulators over real HTTP. Only n8n's side is stood in for (parameters, credentials,
 * the HTTP helper's option semantics); every line of our own code runs as in n8n. The real n8n helper is
 * exercised by the end-to-end tests.
 */
import axios from 'axios';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

export interface HttpLog {
	method: string;
	url: string;
	status: number;
}

export async function httpRequest(options: IHttpRequestOptions, log?: HttpLog[]): Promise<unknown> {
	const response = await axios.request({
		method: options.method ?? 'GET',
		url: (options.baseURL ?? '') + options.url,
		params: options.qs,
		data: options.body,
		headers: options.headers as Record<string, string>,
		timeout: options.timeout,
		validateStatus: options.ignoreHttpStatusErrors ? () => true : undefined,
		responseType: 'json',
	});
	log?.push({ method: String(options.method ?? 'GET'), url: String(options.url), status: response.status });
	if (options.returnFullResponse) {
		return { body: response.data, headers: response.headers, statusCode: response.status, statusMessage: response.statusText };
	}
	return response.data;
}

type Params = Record<string, unknown>;

function readPath(params: Params, name: string): unknown {
	return name.split('.').reduce<unknown>((acc, key) => (acc && typeof acc === 'object' ? (acc as Params)[key] : undefined), params);
}

export interface ContextOptions {
	/** Parameters for every item, or per item. */
	parameters: Params | ((itemIndex: number) => Params);
	items?: IDataObject[];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	timezone?: string;
	nodeType?: string;
	log?: HttpLog[];
}

function baseContext(options: ContextOptions) {
	const node: INode = {
		id: 'test-node',
		name: 'Test Node',
		type: options.nodeType ?? 'n8n-nodes-china-saas.test',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const paramsFor = (i: number) => (typeof options.parameters === 'function' ? options.parameters(i) : options.parameters);
	return {
		node,
		getNode: () => node,
		getTimezone: () => options.timezone ?? 'Asia/Shanghai',
		getCredentials: async (type: string) => {
			const creds = options.credentials[type];
			if (!creds) throw new Error(`no credentials of type ${type} in this test`);
			return creds;
		},
		paramsFor,
		helpers: {
			httpRequest: (o: IHttpRequestOptions) => httpRequest(o, options.log),
			returnJsonArray: (data: IDataObject | IDataObject[]): INodeExecutionData[] =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
}

export function executeContext(options: ContextOptions): IExecuteFunctions {
	const base = baseContext(options);
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const ctx = {
		...base,
		getInputData: () => items,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = readPath(base.paramsFor(itemIndex), name);
			return value === undefined ? fallback : value;
		},
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => 'manual',
		getExecutionCancelSignal: () => undefined,
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return ctx as unknown as IExecuteFunctions;
}

/** What a poll handed to n8n through `__emit`, with the done promise n8n would settle when the run ends. */
export interface Emission {
	items: INodeExecutionData[];
	/** Settle as n8n does: a finished run, with an error when the execution failed. */
	finish(outcome: 'success' | 'error'): void;
}

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export function pollContext(
	options: ContextOptions & { staticData: IDataObject; mode?: 'manual' | 'trigger'; emissions?: Emission[] },
): IPollFunctions {
	const base = baseContext(options);
	const emissions = options.emissions ?? [];
	const ctx = {
		...base,
		helpers: { ...base.helpers, createDeferredPromise: deferred },
		__emit(data: INodeExecutionData[][], _response?: unknown, done?: { resolve(run: unknown): void }) {
			emissions.push({
				items: data[0] ?? [],
				finish: (outcome) =>
					done?.resolve({ status: outcome, data: { resultData: outcome === 'error' ? { error: new Error('failed') } : {} } }),
			});
		},
		getNodeParameter: (name: string, fallback?: unknown) => {
			const value = readPath(base.paramsFor(0), name);
			return value === undefined ? fallback : value;
		},
		getWorkflowStaticData: () => options.staticData,
		getWorkflow: () => ({ id: 'test-workflow', name: 'test', active: true }),
		getMode: () => options.mode ?? 'trigger',
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return ctx as unknown as IPollFunctions;
}

/** What a webhook node answered through `getResponseObject()`. */
export interface CapturedResponse {
	statusCode?: number;
	body?: unknown;
}

export function webhookContext(options: {
	parameters: Params;
	body?: unknown;
	headers?: Record<string, string>;
	query?: Record<string, unknown>;
	response: CapturedResponse;
}): IWebhookFunctions {
	const base = baseContext({ parameters: options.parameters, credentials: {} });
	const res = {
		status(code: number) {
			options.response.statusCode = code;
			return res;
		},
		json(body: unknown) {
			options.response.body = body;
			options.response.statusCode ??= 200;
			return res;
		},
		send(body: unknown) {
			options.response.body = body;
			options.response.statusCode ??= 200;
			return res;
		},
		type() {
			return res;
		},
	};
	const ctx = {
		...base,
		getNodeParameter: (name: string, fallback?: unknown) => {
			const value = readPath(options.parameters, name);
			return value === undefined ? fallback : value;
		},
		getBodyData: () => options.body ?? {},
		getHeaderData: () => Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
		getQueryData: () => options.query ?? {},
		getRequestObject: () => ({ body: options.body, headers: options.headers ?? {}, query: options.query ?? {} }),
		getResponseObject: () => res,
		getWebhookName: () => 'default',
		getMode: () => 'trigger',
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return ctx as unknown as IWebhookFunctions;
}
