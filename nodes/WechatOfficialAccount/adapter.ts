import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { z } from 'zod';
import type { ApiFailure, Outcome, Sender, ServiceAdapter, Session } from '../core/types';
import { SessionRefused } from '../core/callApi';
import { fingerprint } from '../core/hash';
import { backoffDelay } from '../core/retry';

/**
 * How the WeChat Official Account (微信公众号) API differs from the other services; everything else is the core's.
 * Facts (each with its source in test/fixtures/wechat/): stable_token and /cgi-bin/token pages, the global error
 * code pages, the card error code page. Token in the query string (`access_token`), errors in HTTP-200 bodies.
 */
export const WECHAT = 'WeChat Official Account (微信公众号)';

export type TokenMode = 'stable' | 'classic';

export interface WechatCredentials {
	baseUrl: string;
	appId: string;
	appSecret: string;
	tokenMode: TokenMode;
	requestsPerSecond: number;
	/** Message push (服务器配置): used by the trigger only. */
	pushToken: string;
	encodingAesKey: string;
}

export function wechatCredentials(raw: ICredentialDataDecryptedObject): WechatCredentials {
	return {
		baseUrl: String(raw.baseUrl || 'https://api.weixin.qq.com').trim().replace(/\/+$/, ''),
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? '').trim(),
		tokenMode: raw.accessEndpoint === 'classic' ? 'classic' : 'stable',
		requestsPerSecond: Number(raw.requestsPerSecond) || 0,
		pushToken: String(raw.pushToken ?? '').trim(),
		encodingAesKey: String(raw.encodingAesKeySecret ?? '').trim(),
	};
}

/** 40001 invalid credential (token not latest), 40014 invalid access_token, 42001 access_token expired. */
export const TOKEN_REJECTED = new Set([40001, 40014, 42001]);
export const BUSY = -1;
export const DAILY_QUOTA = 45009;
export const MINUTE_QUOTA = 45011;

const WHITELIST_HINT =
	"This server's IP is not in the account's IP whitelist. Add the public IP of your n8n server under 设置与开发 → 基本配置 → IP白名单 (Settings & Development → Basic Configuration → IP Whitelist).";

/** Hints for the codes users meet most; the API's own code and message are always shown as well. */
const HINTS: Record<string, string> = {
	'-1': 'WeChat was busy (系统繁忙) and the retries ran out. Try again later.',
	'40001': 'The access token was rejected twice in a row. Another system may be forcing new tokens for this AppID.',
	'40013': 'WeChat does not know this AppID. Copy it again from 设置与开发 → 基本配置 (Basic Configuration).',
	'40125': 'Wrong AppSecret. Copy it again (or reset it) under 设置与开发 → 基本配置 (Basic Configuration).',
	'40164': WHITELIST_HINT,
	'61004': WHITELIST_HINT,
	'45009':
		'The daily call quota of this API is used up (45009). It resets at midnight Beijing time; an admin can also reset it once with clear_quota (接口调用次数清零). Not retried.',
	'45011': 'Too many calls this minute (45011). Lower "Max Requests per Second" in the credential or retry in the next minute.',
	'48001': 'This account has no permission for this API (48001): check 接口权限 in the WeChat admin console (card APIs need 卡券功能).',
	'89503': 'An administrator must confirm this call in the WeChat admin console (89503).',
	'40003': 'Invalid OpenID (40003): the user does not follow this account, or the OpenID belongs to another account.',
	'40056': 'Invalid card code (40056): check the code and the card ID (a code from Decrypt Code, not the encrypted one).',
	'40116': 'Invalid card code (40116).',
	'40127': 'The card was deleted by the user or given away (40127).',
	'40037': 'Invalid template ID (40037): copy it from 广告与服务 → 模板消息 (Template Messages).',
};

const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const errorAnswer = z.object({ errcode: z.coerce.number(), errmsg: z.string().optional() });

/** WeChat's error code in a body, if any (0 and a missing `errcode` both mean success). */
export function errcodeOf(body: unknown): number | undefined {
	const parsed = errorAnswer.safeParse(body);
	return parsed.success ? parsed.data.errcode : undefined;
}

export function failureOf(body: unknown, context: 'token' | 'api' = 'api'): ApiFailure {
	const parsed = errorAnswer.safeParse(body);
	if (!parsed.success) {
		return {
			code: 'UNEXPECTED',
			message: `not a WeChat answer: ${JSON.stringify(body)?.slice(0, 200)}`,
			hint: 'Check the Base URL (https://api.weixin.qq.com, or a regional domain such as https://sh.api.weixin.qq.com).',
		};
	}
	const code = String(parsed.data.errcode);
	// On the classic token endpoint 40001 means a wrong AppSecret, not a rejected token.
	const hint = context === 'token' && code === '40001' ? HINTS['40125'] : HINTS[code];
	return { code, message: parsed.data.errmsg || 'no message', hint };
}

/** One token request: stable_token (JSON body, `force_refresh` only when forced) or the classic GET. */
async function requestToken(send: Sender, c: WechatCredentials, force: boolean) {
	if (c.tokenMode === 'classic') {
		return send({
			method: 'GET',
			url: `${c.baseUrl}/cgi-bin/token`,
			qs: { grant_type: 'client_credential', appid: c.appId, secret: c.appSecret },
		});
	}
	const body: Record<string, unknown> = { grant_type: 'client_credential', appid: c.appId, secret: c.appSecret };
	if (force) body.force_refresh = true;
	return send({ method: 'POST', url: `${c.baseUrl}/cgi-bin/stable_token`, body, headers: { 'Content-Type': 'application/json' } });
}

/** Attempts for a token request answered -1 (busy). The core does not retry refused logins, so this one does. */
const TOKEN_BUSY_ATTEMPTS = 3;

export const wechatAdapter: ServiceAdapter<WechatCredentials, Session> = {
	name: WECHAT,
	baseUrl: (c) => c.baseUrl,
	// Stable and classic tokens are isolated from each other (stable_token page): one cache entry each.
	identity: (c) => `wechat|${c.baseUrl}|${c.appId}|${c.tokenMode}|${fingerprint(c.appSecret)}`,
	secrets: (c) => [c.appSecret, c.pushToken, c.encodingAesKey],
	secretNames: ['access_token', 'secret', 'appSecret', 'encodingAesKeySecret', 'pushToken'],

	async fetchSession(send, c, { force }) {
		for (let attempt = 1; ; attempt++) {
			const { statusCode, body } = await requestToken(send, c, force);
			const parsed = tokenAnswer.safeParse(body);
			if (statusCode === 200 && parsed.success) {
				return { token: parsed.data.access_token, expiresInSec: parsed.data.expires_in };
			}
			if (statusCode === 200 && errcodeOf(body) === BUSY && attempt < TOKEN_BUSY_ATTEMPTS) {
				await sleep(backoffDelay(attempt));
				continue;
			}
			throw new SessionRefused(
				statusCode === 200
					? failureOf(body, 'token')
					: { code: `HTTP ${statusCode}`, message: 'the token request failed', hint: 'Check the Base URL.' },
			);
		}
	},

	/** stable_token allows 20 forced refreshes a day, at least 30 s apart: one per minute per AppID at most. */
	forcedRefreshCooldownMs: 60_000,

	authorize(request, _c, session) {
		request.qs = { ...(request.qs ?? {}), access_token: session?.token ?? '' };
		if (request.method !== 'GET') request.headers = { 'Content-Type': 'application/json', ...(request.headers ?? {}) };
	},

	classify({ response: { body } }): Outcome {
		if (!body || typeof body !== 'object' || Array.isArray(body)) return 'error';
		const code = errcodeOf(body);
		if (code === undefined) return 'errcode' in body ? 'error' : 'ok';
		if (code === 0) return 'ok';
		if (TOKEN_REJECTED.has(code)) return 'token';
		if (code === BUSY) return 'busy';
		if (code === MINUTE_QUOTA) return 'throttle';
		if (code === DAILY_QUOTA) return 'quota';
		return 'error';
	},

	failure: ({ response: { body } }) => failureOf(body),

	// WeChat publishes daily quotas per API, not per-second rates: no client-side limit unless the user sets one.
	ratePerSecond: (c) => (c.requestsPerSecond > 0 ? c.requestsPerSecond : 0),
};
