import type { IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

/**
 * What the core needs from n8n: the node (for errors) and the HTTP helper (so the user's proxy and TLS settings
 * apply). Execute, poll, load-options and webhook contexts all satisfy it.
 */
export interface HttpContext {
	getNode(): INode;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** A raw HTTP answer: status, headers (lower-case names, as Node gives them) and the parsed body. */
export interface HttpResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** Sends one raw HTTP request; never throws on an HTTP status. Used by the core and by adapters' session fetches. */
export type Sender = (options: IHttpRequestOptions) => Promise<HttpResponse>;

/**
 * What a login or token call gives: the value that authorises calls, how long it lives, and whatever else every
 * call needs (Fxiaoke's corpId and operator id, Kingdee's session cookies). Each service types its own.
 */
export interface Session {
	/** The token or session id; registered as a secret as soon as it is fetched. */
	token: string;
	/** Lifetime in seconds: from the API, or set by the adapter where the API gives none. */
	expiresInSec: number;
	/** Further values that must never be shown (cookies, a second token). */
	secrets?: string[];
}

/** How an answer is to be treated, decided from the status, headers and body (these APIs answer errors with 200). */
export type Outcome =
	| 'ok'
	/** Some rows of a batch were written and some refused: the body is returned with one result per row. */
	| 'partial'
	/** The session or token was rejected: renew it once and resend. */
	| 'token'
	/** The server refused before doing anything (rate limit): safe to resend, also for writes. */
	| 'throttle'
	/** Busy / 5xx: resend reads; a write may have run, so it is not resent blindly. */
	| 'busy'
	/** A quota that waiting seconds will not lift (daily cap): stop with the API's message. */
	| 'quota'
	| 'error';

/** An API's own error, as it should be shown to the user. */
export interface ApiFailure {
	code: string;
	message: string;
	hint?: string;
	/** Per-row details when a batch failed (Kingdee `Errors[]`, Mingdao `failedRowIds`). */
	rows?: RowResult[];
}

/** The result of one row of a batch write, by its position in the batch. */
export type RowResult =
	| { index: number; ok: true; id?: string; number?: string }
	| { index: number; ok: false; failure: ApiFailure };

export interface ServiceRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/xe.order.detail/1.0.0`. */
	path: string;
	qs?: Record<string, string | number | boolean>;
	body?: unknown;
	headers?: Record<string, string>;
	/**
	 * Reads are idempotent and may be resent after a timeout or a 5xx. A write is resent only when the server
	 * certainly did not run it (throttled, session rejected, connection refused).
	 */
	idempotent: boolean;
	/** Rate-limit bucket; defaults to the path. */
	endpoint?: string;
	/** Per-request timeout in ms (default 30 s). */
	timeoutMs?: number;
}

/** One exchange as the adapter's classifier sees it: what was asked, with which credential, and the answer. */
export interface Exchange<C> {
	request: ServiceRequest;
	creds: C;
	response: HttpResponse;
}

/** What `request()` returns: the answer, and per-row results when the adapter classified it `partial`. */
export interface ApiResult {
	statusCode: number;
	headers: HttpResponse['headers'];
	body: unknown;
	rows?: RowResult[];
}

/**
 * Everything that differs between services. Small and declarative on purpose: sessions, retries, limits, paging,
 * errors and redaction are written once in the core.
 */
export interface ServiceAdapter<C, S extends Session = Session> {
	/** Display name used in error messages, e.g. 'Xiaoe (小鹅通)'. */
	name: string;
	baseUrl(creds: C): string;
	/** Cache key for sessions and rate limits: base URL + account id + a hash of the secret. */
	identity(creds: C): string;
	/** Values that must never appear in output, errors or logs. */
	secrets(creds: C): string[];
	/** Query parameters, JSON keys and headers whose values are secret wherever they appear (e.g. `HAP-Sign`). */
	secretNames: string[];
	/**
	 * Log in / fetch a token. `force` is set when the API rejected the cached session: services whose token endpoint
	 * returns the same token while it is valid (WeChat stable_token) must then ask for a new one.
	 * Leave it out for services with static keys; return undefined for a credential mode without sessions.
	 */
	fetchSession?(send: Sender, creds: C, options: { force: boolean }): Promise<S | undefined>;
	/** Least time between two forced refreshes of one identity (forced refreshes may be capped per day). */
	forcedRefreshCooldownMs?: number;
	/** Put the session, keys or signature where the API wants them (query, body, headers). */
	authorize(request: IHttpRequestOptions, creds: C, session: S | undefined): void;
	classify(exchange: Exchange<C>): Outcome;
	failure(exchange: Exchange<C>): ApiFailure;
	/** For `partial` answers: one result per row of the batch. */
	rowResults?(exchange: Exchange<C>): RowResult[];
	/** Requests per second allowed for this endpoint (client-side limiter); 0 = unlimited. */
	ratePerSecond(creds: C, endpoint: string): number;
}
