import { sleep } from 'n8n-workflow';
import type { IHttpRequestOptions } from 'n8n-workflow';
import type { ApiFailure, HttpContext, Outcome, Sender, ServiceAdapter, ServiceRequest } from './types';
import { tokenCache } from './tokenCache';
import { acquireSlot } from './rateLimiter';
import { backoffDelay, NOT_SENT_CODES, retryPolicy, TRANSIENT_CODES } from './retry';
import { apiError } from './errors';
import { redact, registerSecret } from './redact';

const DEFAULT_TIMEOUT_MS = 30_000;

/** Raw HTTP through n8n's helper (proxy, TLS, SSRF settings apply). Never throws on an HTTP status. */
export function senderFor(ctx: HttpContext): Sender {
	return async (options) => {
		const response = (await ctx.helpers.httpRequest({
			timeout: DEFAULT_TIMEOUT_MS,
			json: true,
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		return { statusCode: response.statusCode, body: parseMaybeJson(response.body) };
	};
}

function parseMaybeJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const trimmed = body.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return body;
	try {
		return JSON.parse(trimmed);
	} catch {
		return body;
	}
}

function statusOutcome(statusCode: number): Outcome | undefined {
	if (statusCode === 429) return 'throttle';
	if (statusCode >= 500) return 'busy';
	return undefined;
}

interface NetworkFailure {
	code: string;
	message: string;
}

function asNetworkFailure(error: unknown): NetworkFailure {
	const e = error as { code?: string; message?: string; cause?: { code?: string } };
	let code = e?.code ?? e?.cause?.code ?? 'NETWORK_ERROR';
	const message = String(e?.message ?? error);
	if (/timeout/i.test(message) && !TRANSIENT_CODES.has(code)) code = 'ETIMEDOUT';
	return { code, message };
}

/**
 * One API call with everything the services share: token from the cache, rate limit, timeout, classification
 * of the 200-body, one token refresh, backoff on throttling and (for reads) on transient failures.
 * Returns the parsed body of a successful answer.
 */
export async function callApi<C>(
	ctx: HttpContext,
	adapter: ServiceAdapter<C>,
	creds: C,
	request: ServiceRequest,
	options: { itemIndex?: number } = {},
): Promise<unknown> {
	const node = ctx.getNode();
	const send = senderFor(ctx);
	const identity = adapter.identity(creds);
	adapter.secrets(creds).forEach(registerSecret);
	const endpoint = request.endpoint ?? request.path;

	let tokenRefreshed = false;
	let attempts = 0;
	let throttles = 0;
	for (;;) {
		attempts++;
		let token: string | undefined;
		try {
			token = adapter.fetchToken ? await tokenCache.get(identity, () => adapter.fetchToken!(send, creds)) : undefined;
		} catch (error) {
			const refused = (error as { tokenFailure?: ApiFailure }).tokenFailure;
			if (refused) {
				throw apiError(node, adapter.name, { ...refused, message: `could not get an access token: ${refused.message}` }, options);
			}
			const failure = asNetworkFailure(error);
			if (TRANSIENT_CODES.has(failure.code) && attempts < retryPolicy.maxAttempts) {
				await sleep(backoffDelay(attempts));
				continue;
			}
			throw apiError(
				node,
				adapter.name,
				{ code: failure.code, message: `token request failed: ${failure.message}`, hint: 'Check the Base URL and the network (proxy, firewall).' },
				options,
			);
		}
		await acquireSlot(`${identity} ${endpoint}`, adapter.ratePerSecond(creds, endpoint));

		const httpOptions: IHttpRequestOptions = {
			method: request.method,
			url: adapter.baseUrl(creds) + request.path,
			qs: request.qs ? { ...request.qs } : undefined,
			body: request.body ? { ...request.body } : undefined,
			headers: request.headers ? { ...request.headers } : undefined,
			timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
		};
		adapter.authorize(httpOptions, creds, token);

		let statusCode: number;
		let body: unknown;
		try {
			({ statusCode, body } = await send(httpOptions));
		} catch (error) {
			const failure = asNetworkFailure(error);
			const retryable = request.idempotent ? TRANSIENT_CODES.has(failure.code) : NOT_SENT_CODES.has(failure.code);
			if (retryable && attempts < retryPolicy.maxAttempts) {
				await sleep(backoffDelay(attempts));
				continue;
			}
			throw apiError(
				node,
				adapter.name,
				{
					code: failure.code,
					message: failure.message,
					hint: request.idempotent
						? `The request failed after ${attempts} attempt(s). Check the Base URL and the network (proxy, firewall).`
						: 'This was a write: it is not retried automatically because it may have reached the server. Check the target before running it again.',
				},
				{ itemIndex: options.itemIndex },
			);
		}

		const outcome = statusOutcome(statusCode) ?? adapter.classify(body);
		if (outcome === 'ok') return body;

		if (outcome === 'token' && token && !tokenRefreshed) {
			// The API says the token is invalid or expired: drop it (if still cached), fetch once, retry once.
			tokenCache.invalidate(identity, token);
			tokenRefreshed = true;
			attempts--;
			continue;
		}
		if (outcome === 'throttle' && throttles + 1 < retryPolicy.maxThrottleAttempts) {
			throttles++;
			attempts--;
			await sleep(backoffDelay(throttles));
			continue;
		}
		if (outcome === 'busy' && request.idempotent && attempts < retryPolicy.maxAttempts) {
			await sleep(backoffDelay(attempts));
			continue;
		}

		const failure =
			statusCode >= 400 && (body === undefined || typeof body === 'string')
				? { code: `HTTP ${statusCode}`, message: redact(String(body ?? '')).slice(0, 300) || 'HTTP error' }
				: adapter.failure(body);
		if (outcome === 'busy' && !request.idempotent) {
			failure.hint =
				(failure.hint ? failure.hint + ' ' : '') +
				'This was a write: it is not retried automatically because it may have reached the server.';
		}
		throw apiError(node, adapter.name, failure, {
			itemIndex: options.itemIndex,
			httpCode: statusCode >= 400 ? String(statusCode) : undefined,
		});
	}
}
