import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { z } from 'zod';
import type { ApiFailure, Outcome, ServiceAdapter } from '../core/types';
import { SessionRefused } from '../core/callApi';
import { fingerprint } from '../core/hash';

/**
 * How Xiaoe-tech (小鹅通) differs from the other services; everything else is the core's.
 * The shapes relied on, with their sources, are pinned in test/fixtures/xiaoe/ and summarised in README.md.
 */
export interface XiaoeCredentials {
	baseUrl: string;
	appId: string;
	clientId: string;
	secretKey: string;
	requestsPerSecond: number;
}

export function xiaoeCredentials(raw: ICredentialDataDecryptedObject): XiaoeCredentials {
	return {
		baseUrl: String(raw.baseUrl || 'https://api.xiaoe-tech.com').replace(/\/+$/, ''),
		appId: String(raw.appId ?? '').trim(),
		clientId: String(raw.clientId ?? '').trim(),
		secretKey: String(raw.secretKey ?? '').trim(),
		requestsPerSecond: Number(raw.requestsPerSecond) || 0,
	};
}

/**
 * Business codes. Documented: 0 = success (every API page). From production clients: 2008 = token invalid or
 * expired (a Laravel integration fetches a new token on it), 2051 = IP not whitelisted (a third-party library).
 * Guesses, kept because they do no harm: 429 = throttled (no throttling code is documented; the wording check
 * below is the real safety net), 2004 / 2013 in the hints. Any other non-zero code is an error with its code.
 */
export const TOKEN_INVALID_CODES = new Set([2008]);
const THROTTLE_CODES = new Set([429]);

/**
 * "Busy" answers inside HTTP 200 (系统繁忙, 服务繁忙, "please try again later"). No source gives Xiaoe's code for them
 * (the global code table is not public), so the wording decides, whatever the code: reads are retried with backoff,
 * writes are not resent (the core says the write may have landed).
 */
const BUSY_WORDING = /繁忙|稍后(再|重)试|暂时不可用|busy|try again later|temporarily unavailable/i;

const envelope = z.object({ code: z.union([z.number(), z.string()]), msg: z.string().optional(), message: z.string().optional() });

const tokenAnswer = z.object({
	code: z.union([z.number(), z.string()]),
	data: z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() }),
});

/** Hints for codes users hit first; 2004, 2013 and 1001 are guessed meanings (see THROTTLE_CODES). */
const HINTS: Record<string, string> = {
	'2051':
		"This server's IP is not in the shop's whitelist. Add the public IP of your n8n server in the Xiaoe cloud console (admin.cloud.xiaoe-tech.com) → IP白名单.",
	'2004': 'Check App ID, Client ID and Secret Key in the credential (cloud console → 应用信息).',
	'2013': 'Xiaoe allows 100 token requests per 10 minutes per shop. Tokens are cached by this package; another system may be fetching tokens with the same app.',
	'2008': 'The access token was rejected twice in a row. Another system using the same Client ID may be fetching new tokens constantly.',
	'1001': 'A parameter was refused by Xiaoe; the message says which.',
};

function codeOf(body: unknown): number | undefined {
	const parsed = envelope.safeParse(body);
	return parsed.success ? Number(parsed.data.code) : undefined;
}

function messageOf(body: unknown): string {
	const parsed = envelope.safeParse(body);
	return parsed.success ? (parsed.data.msg ?? parsed.data.message ?? '') : '';
}

function failureOf(body: unknown): ApiFailure {
	const code = codeOf(body);
	if (code === undefined) {
		return { code: 'UNEXPECTED', message: `not a Xiaoe answer: ${JSON.stringify(body)?.slice(0, 200)}` };
	}
	return { code: String(code), message: messageOf(body) || 'no message', hint: HINTS[String(code)] };
}

/** Documented per-endpoint limits (requests per second), kept 10% under so that clock jitter stays clear of them. */
function documentedRate(endpoint: string): number {
	let rate = 300; // 3000 per 10 s for most reads
	if (endpoint.startsWith('/xe.ecommerce.order.')) rate = 20;
	else if (endpoint.startsWith('/xe.user.batch_by_user_id.get')) rate = 100;
	else if (endpoint.startsWith('/xe.information.')) rate = 50;
	return rate * 0.9;
}

export const xiaoeAdapter: ServiceAdapter<XiaoeCredentials> = {
	name: 'Xiaoe (小鹅通)',
	baseUrl: (c) => c.baseUrl,
	identity: (c) => `xiaoe|${c.baseUrl}|${c.appId}|${c.clientId}|${fingerprint(c.secretKey)}`,
	secrets: (c) => [c.secretKey],
	secretNames: ['secret_key', 'access_token'],

	async fetchSession(send, c) {
		// Shops that enabled the API before 2019-12-09 have no Client ID: it is left out, never sent empty.
		const qs: Record<string, string> = { app_id: c.appId, secret_key: c.secretKey, grant_type: 'client_credential' };
		if (c.clientId) qs.client_id = c.clientId;
		const { statusCode, body } = await send({ method: 'GET', url: `${c.baseUrl}/token`, qs });
		const parsed = tokenAnswer.safeParse(body);
		if (statusCode === 200 && parsed.success && Number(parsed.data.code) === 0) {
			return { token: parsed.data.data.access_token, expiresInSec: parsed.data.data.expires_in };
		}
		throw new SessionRefused(statusCode === 200 ? failureOf(body) : { code: `HTTP ${statusCode}`, message: 'token request failed' });
	},

	authorize(request, _c, session) {
		// Business calls carry the token in the JSON body.
		request.body = { ...((request.body as object) ?? {}), access_token: session?.token };
		request.headers = { 'Content-Type': 'application/json', ...(request.headers ?? {}) };
	},

	classify({ response: { body } }): Outcome {
		const code = codeOf(body);
		if (code === undefined) return 'error';
		if (code === 0) return 'ok';
		const msg = messageOf(body);
		if (TOKEN_INVALID_CODES.has(code) || /access_token.*(过期|无效|失效|invalid|expired)/i.test(msg)) return 'token';
		if (THROTTLE_CODES.has(code) || /频繁|频率|限流|too many|rate limit/i.test(msg)) return 'throttle';
		if (BUSY_WORDING.test(msg)) return 'busy';
		return 'error';
	},

	failure: ({ response: { body } }) => failureOf(body),

	ratePerSecond(c, endpoint) {
		const documented = documentedRate(endpoint);
		return c.requestsPerSecond > 0 ? Math.min(c.requestsPerSecond, documented) : documented;
	},
};
