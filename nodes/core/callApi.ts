import { sleep } from 'n8n-workflow';
import type { IHttpRequestOptions } from 'n8n-workflow';
import type { ApiFailure, ApiResult, Exchange, HttpContext, Outcome, Sender, ServiceAdapter, ServiceRequest, Session } from './types';
import { sessionCache } from './sessionCache';
import { acquireSlot } from './rateLimiter';
import { backoffDelay, NOT_SENT_CODES, retryPolicy, TRANSIENT_CODES } from './retry';
import { apiError } from './errors';
import { DEFAULT_TIMEOUT_MS, senderFor } from './http';
import { redact, registerSecret, registerSecretNames } from './redact';

/**
 * One API call with everything the services share, in four named steps:
 *   1. session — from the cache (single flight, refreshed early), or none for static-key services;
 *   2. send    — rate limited, with a timeout, through n8n's HTTP helper;
 *   3. classify — the adapter reads status, headers and body (these APIs answer errors with HTTP 200);
 *   4. decide  — return, renew the session once, back off and resend, or throw the API's own error.
 */
export async function request<C, S extends Session>(
	ctx: HttpContext,
	adapter: ServiceAdapter<C, S>,
	creds: C,
	req: ServiceRequest,
	options: { itemIndex?: number; send?: Sender } = {},
): Promise<ApiResult> {
	const send = options.send ?? senderFor(ctx);
	prepareRedaction(adapter, creds);
	const identity = adapter.identity(creds);
	const state: RetryState = { attempts: 0, throttles: 0, renewed: false };
	let session: S | undefined;

	for (;;) {
		state.attempts++;
		const got = await getSession(adapter, creds, send, identity, state);
		if ('failure' in got) {
			if (got.retry) {
				await sleep(backoffDelay(state.attempts));
				continue;
			}
			throw apiError(ctx.getNode(), adapter.name, got.failure, { itemIndex: options.itemIndex });
		}
		session = got.session;
		await acquireSlot(`${identity} ${req.endpoint ?? req.path}`, adapter.ratePerSecond(creds, req.endpoint ?? req.path));

		const sent = await sendOnce(adapter, creds, req, session, send);
		const decision = decide(adapter, creds, req, sent, state, session !== undefined);
		switch (decision.kind) {
			case 'return':
				return decision.result;
			case 'renew':
				// The API rejected the session: replace it once (forced where allowed) and resend.
				state.renewed = true;
				state.attempts--;
				try {
					await sessionCache.renew(identity, session!.token, sessionFetch(adapter, creds, send), adapter.forcedRefreshCooldownMs);
				} catch (error) {
					throw apiError(ctx.getNode(), adapter.name, sessionFailure(error, state).failure, { itemIndex: options.itemIndex });
				}
				continue;
			case 'retry':
				await sleep(decision.delayMs);
				continue;
			case 'throw':
				throw apiError(ctx.getNode(), adapter.name, decision.failure, {
					itemIndex: options.itemIndex,
					httpCode: decision.httpCode,
					maybeApplied: decision.maybeApplied,
				});
		}
	}
}

/** `request` for callers that want only the body of a successful answer. */
export async function callApi<C, S extends Session>(
	ctx: HttpContext,
	adapter: ServiceAdapter<C, S>,
	creds: C,
	req: ServiceRequest,
	options: { itemIndex?: number } = {},
): Promise<unknown> {
	return (await request(ctx, adapter, creds, req, options)).body;
}

/** Thrown by an adapter's `fetchSession` when the API refused the login: shown with the API's code and hint. */
export class SessionRefused extends Error {
	constructor(readonly failure: ApiFailure) {
		super(`login refused: ${failure.code} ${failure.message}`);
	}
}

interface RetryState {
	attempts: number;
	throttles: number;
	renewed: boolean;
}

type Sent = { response: Exchange<unknown>['response'] } | { network: { code: string; message: string } };

type Decision =
	| { kind: 'return'; result: ApiResult }
	| { kind: 'renew' }
	| { kind: 'retry'; delayMs: number }
	| { kind: 'throw'; failure: ApiFailure; httpCode?: string; maybeApplied?: boolean };

const WRITE_NOT_RESENT = 'This was a write: it is not retried automatically because it may have reached the server.';

function prepareRedaction<C, S extends Session>(adapter: ServiceAdapter<C, S>, creds: C): void {
	registerSecretNames(adapter.secretNames);
	adapter.secrets(creds).forEach(registerSecret);
}

function sessionFetch<C, S extends Session>(adapter: ServiceAdapter<C, S>, creds: C, send: Sender) {
	return ({ force }: { force: boolean }) => adapter.fetchSession!(send, creds, { force });
}

/** Step 1: the cached session, or why there is none (and whether waiting could help). */
async function getSession<C, S extends Session>(
	adapter: ServiceAdapter<C, S>,
	creds: C,
	send: Sender,
	identity: string,
	state: RetryState,
): Promise<{ session: S | undefined } | { failure: ApiFailure; retry: boolean }> {
	if (!adapter.fetchSession) return { session: undefined };
	try {
		return { session: await sessionCache.get(identity, sessionFetch(adapter, creds, send)) };
	} catch (error) {
		return sessionFailure(error, state);
	}
}

/** A failed login as the user sees it; network trouble may be retried, a refusal may not. */
function sessionFailure(error: unknown, state: RetryState): { failure: ApiFailure; retry: boolean } {
	if (error instanceof SessionRefused) {
		return { failure: { ...error.failure, message: `could not log in: ${error.failure.message}` }, retry: false };
	}
	const network = asNetworkFailure(error);
	return {
		failure: {
			code: network.code,
			message: `login request failed: ${network.message}`,
			hint: 'Check the Base URL and the network (proxy, firewall).',
		},
		retry: TRANSIENT_CODES.has(network.code) && state.attempts < retryPolicy.maxAttempts,
	};
}

/** Step 2: one HTTP exchange; network failures are returned, not thrown. */
async function sendOnce<C, S extends Session>(
	adapter: ServiceAdapter<C, S>,
	creds: C,
	req: ServiceRequest,
	session: S | undefined,
	send: Sender,
): Promise<Sent> {
	const httpOptions: IHttpRequestOptions = {
		method: req.method,
		url: adapter.baseUrl(creds) + req.path,
		qs: req.qs ? { ...req.qs } : undefined,
		body: cloneBody(req.body),
		headers: req.headers ? { ...req.headers } : undefined,
		timeout: req.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	adapter.authorize(httpOptions, creds, session);
	try {
		return { response: await send(httpOptions) };
	} catch (error) {
		return { network: asNetworkFailure(error) };
	}
}

/** Steps 3 and 4: classify the answer and decide what happens next. */
function decide<C, S extends Session>(
	adapter: ServiceAdapter<C, S>,
	creds: C,
	req: ServiceRequest,
	sent: Sent,
	state: RetryState,
	hasSession: boolean,
): Decision {
	const canRetry = state.attempts < retryPolicy.maxAttempts;
	if ('network' in sent) {
		const { code, message } = sent.network;
		const notSent = NOT_SENT_CODES.has(code);
		if ((req.idempotent ? TRANSIENT_CODES.has(code) : notSent) && canRetry) {
			return { kind: 'retry', delayMs: backoffDelay(state.attempts) };
		}
		return {
			kind: 'throw',
			failure: {
				code,
				message,
				hint: req.idempotent || notSent
					? `The request failed after ${state.attempts} attempt(s). Check the Base URL and the network (proxy, firewall).`
					: `${WRITE_NOT_RESENT} Check the target before running it again.`,
			},
			maybeApplied: !req.idempotent && !notSent,
		};
	}

	const exchange: Exchange<C> = { request: req, creds, response: sent.response };
	const { statusCode, body, headers } = sent.response;
	const outcome: Outcome = statusOutcome(statusCode) ?? adapter.classify(exchange);
	if (outcome === 'ok') return { kind: 'return', result: { statusCode, headers, body } };
	if (outcome === 'partial') {
		return { kind: 'return', result: { statusCode, headers, body, rows: adapter.rowResults?.(exchange) ?? [] } };
	}
	if (outcome === 'token' && hasSession && !state.renewed) return { kind: 'renew' };
	if (outcome === 'throttle' && state.throttles + 1 < retryPolicy.maxThrottleAttempts) {
		state.throttles++;
		state.attempts--;
		return { kind: 'retry', delayMs: backoffDelay(state.throttles) };
	}
	if (outcome === 'busy' && req.idempotent && canRetry) return { kind: 'retry', delayMs: backoffDelay(state.attempts) };

	const failure =
		statusCode >= 400 && (body === undefined || body === '' || typeof body === 'string')
			? { code: `HTTP ${statusCode}`, message: redact(String(body ?? '')).slice(0, 300) || 'HTTP error' }
			: adapter.failure(exchange);
	const writeMayHaveRun = outcome === 'busy' && !req.idempotent;
	if (writeMayHaveRun) failure.hint = (failure.hint ? failure.hint + ' ' : '') + WRITE_NOT_RESENT;
	return {
		kind: 'throw',
		failure,
		httpCode: statusCode >= 400 ? String(statusCode) : undefined,
		maybeApplied: writeMayHaveRun,
	};
}

function statusOutcome(statusCode: number): Outcome | undefined {
	if (statusCode === 429) return 'throttle';
	if (statusCode >= 500) return 'busy';
	return undefined;
}

function cloneBody(body: unknown): IHttpRequestOptions['body'] {
	if (body === undefined) return undefined;
	if (Array.isArray(body)) return [...body] as unknown as IHttpRequestOptions['body'];
	if (body && typeof body === 'object' && Object.getPrototypeOf(body) === Object.prototype) return { ...(body as object) } as IHttpRequestOptions['body'];
	return body as IHttpRequestOptions['body'];
}

function asNetworkFailure(error: unknown): { code: string; message: string } {
	const e = error as { code?: string; message?: string; cause?: { code?: string } };
	let code = e?.code ?? e?.cause?.code ?? 'NETWORK_ERROR';
	const message = redact(String(e?.message ?? error));
	if (/timeout/i.test(message) && !TRANSIENT_CODES.has(code)) code = 'ETIMEDOUT';
	return { code, message };
}
