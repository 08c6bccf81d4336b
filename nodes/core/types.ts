import type { IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

/**
 * What the core needs from n8n: the node (for errors) and the HTTP helper (so the user's proxy and TLS settings
 * apply). Execute, poll, load-options and webhook contexts all satisfy it.
 */
export interface HttpContext {
	getNode(): INode;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** How an answer is to be treated, decided from the HTTP status and the body (these APIs answer errors with 200). */
export type Outcome = 'ok' | 'token' | 'throttle' | 'busy' | 'error';

/** An API's own error, as it should be shown to the user. */
export interface ApiFailure {
	code: string;
	message: string;
	hint?: string;
}

export interface TokenGrant {
	token: string;
	expiresInSec: number;
}

export interface ServiceRequest {
	method: IHttpRequestMethods;
	/** Path under the credential's base URL, e.g. `/xe.order.detail/1.0.0`. */
	path: string;
	qs?: Record<string, string | number | boolean>;
	body?: Record<string, unknown>;
	headers?: Record<string, string>;
	/**
	 * Reads are idempotent and may be retried after a timeout or a 5xx. A write is retried only when the server
	 * certainly did not run it (throttled, token rejected, connection refused).
	 */
	idempotent: boolean;
	/** Rate-limit bucket; defaults to the path. */
	endpoint?: string;
	/** Per-request timeout in ms (default 30 s). */
	timeoutMs?: number;
}

/** A raw HTTP exchange, used by the core and by adapters' token fetches. */
export type Sender = (options: IHttpRequestOptions) => Promise<{ statusCode: number; body: unknown }>;

/**
 * Everything that differs between services. Small and declarative on purpose: tokens, retries, limits, paging,
 * errors and redaction are written once in the core.
 */
export interface ServiceAdapter<C> {
	/** Display name used in error messages, e.g. 'Xiaoe (小鹅通)'. */
	name: string;
	baseUrl(creds: C): string;
	/** Cache key for tokens and rate limits: base URL + account id + a hash of the secret. */
	identity(creds: C): string;
	/** Values that must never appear in output, errors or logs. */
	secrets(creds: C): string[];
	/** Services with an access token fetch it here; static-key services leave it out. */
	fetchToken?(send: Sender, creds: C): Promise<TokenGrant>;
	/** Put the token or keys where the API wants them (query, body or headers). */
	authorize(request: IHttpRequestOptions, creds: C, token: string | undefined): void;
	classify(body: unknown): Outcome;
	failure(body: unknown): ApiFailure;
	/** Requests per second allowed for this endpoint (client-side limiter); 0 = unlimited. */
	ratePerSecond(creds: C, endpoint: string): number;
}
