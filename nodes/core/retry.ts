/** Backoff policy shared by every service. Tests shorten it through `retryPolicy`. */
export const retryPolicy = {
	/** Attempts for reads after a timeout, a network error or a 5xx / busy answer. */
	maxAttempts: 4,
	/** Attempts after a throttling answer (the server did not run the request, so writes are retried too). */
	maxThrottleAttempts: 6,
	baseDelayMs: 500,
	maxDelayMs: 8000,
};

/** Exponential backoff with jitter (half fixed, half random), so parallel workers do not retry in lockstep. */
export function backoffDelay(attempt: number): number {
	const exp = Math.min(retryPolicy.maxDelayMs, retryPolicy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Network errors where the request certainly never reached the server: safe to retry even for writes. */
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
/** Network errors worth retrying for idempotent requests. */
export const TRANSIENT_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);
