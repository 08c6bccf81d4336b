import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { z } from 'zod';
import type { ApiFailure, Outcome, Sender, ServiceAdapter, Session } from '../core/types';
import { SessionRefused } from '../core/callApi';
import { fingerprint } from '../core/hash';

/**
 * How Fxiaoke (纷享销客) differs from the other services; everything else is the core's.
 * Facts with their sources: test/fixtures/fxiaoke/ (README there). In short: a corp token from
 * `/cgi/corpAccessToken/get/V2` (official "legacy parameter passing" page), sent with corpId and the operator's
 * open user id in every JSON body; success ⇔ `errorCode == 0`; 20016 / 20005 mean the token is gone (official demo).
 */
export interface FxiaokeCredentials {
	baseUrl: string;
	appId: string;
	appSecret: string;
	permanentCode: string;
	/** The operator (currentOpenUserId), given directly… */
	openUserId: string;
	/** …or found once per token from this mobile number (`/cgi/user/getByMobile`). */
	mobile: string;
	requestsPerSecond: number;
}

/** The typed session: the corp token, the company account, and the operator every CRM call runs as. */
export interface FxiaokeSession extends Session {
	corpId: string;
	openUserId: string;
}

export const FXIAOKE = 'Fxiaoke (纷享销客)';

export const LOGIN_PATH = '/cgi/corpAccessToken/get/V2';

export function fxiaokeCredentials(raw: ICredentialDataDecryptedObject): FxiaokeCredentials {
	const byMobile = raw.operatorMode === 'mobile';
	return {
		baseUrl: String(raw.baseUrl || 'https://open.fxiaoke.com').trim().replace(/\/+$/, ''),
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? '').trim(),
		permanentCode: String(raw.permanentCode ?? '').trim(),
		openUserId: byMobile ? '' : String(raw.currentOpenUserId ?? '').trim(),
		mobile: byMobile ? String(raw.operatorMobile ?? '').trim() : '',
		requestsPerSecond: Number(raw.requestsPerSecond) || 0,
	};
}

/** Confirmed by Fxiaoke's own demo: corpAccessToken (20016) or appAccessToken (20005) missing or expired. */
export const TOKEN_CODES = new Set([20016, 20005]);
/**
 * Not confirmed by a primary source (doc tables quoted in secondary notes): 14001 call limit, 30004 frequency;
 * 30002 daily quota, 30003 no OpenAPI quota bought; -1 / -2 / 50009 busy, error, timeout.
 */
export const THROTTLE_CODES = new Set([14001, 30004]);
export const QUOTA_CODES = new Set([30002, 30003]);
export const BUSY_CODES = new Set([-1, -2, 50009]);

/**
 * The documented default is unverified ("100 calls / 20 s per endpoint" in secondary notes): 4/s per endpoint keeps
 * under it with margin. The credential can lower or raise it.
 */
export const DEFAULT_RATE = 4;

const envelope = z.object({
	errorCode: z.coerce.number(),
	errorMessage: z.string().nullish(),
	errorDescription: z.string().nullish(),
	traceId: z.string().nullish(),
});

const tokenAnswer = envelope.extend({
	corpAccessToken: z.string().min(1),
	corpId: z.string().min(1),
	expiresIn: z.coerce.number(),
});

const employees = envelope.extend({ empList: z.array(z.object({ openUserId: z.string() }).passthrough()).nullish() });

const HINTS: Record<string, string> = {
	'20016': 'The corp access token was rejected twice in a row. Another system using the same app may be fetching tokens constantly.',
	'20005': 'The app access token was rejected. Check that the app is still enabled for this company.',
	'20006': 'Check App ID and App Secret in the credential (Fxiaoke admin → 应用管理 → your custom app).',
	'20015': 'Wrong Permanent Code (永久授权码). Copy it again from the app page in the Fxiaoke admin.',
	'20022': "This server's IP may not be in the app's IP whitelist. Add the public IP of your n8n server on the app page (IP白名单).",
	'20014': 'The operator (currentOpenUserId) lacks permission for this data. Use a CRM administrator as operator in the credential.',
	'14001': 'Fxiaoke refused further calls (call limit). Lower "Max Requests per Second" in the credential or wait.',
	'30004': 'Fxiaoke throttled the calls and the retries ran out. Lower "Max Requests per Second" in the credential.',
	'30002': "The company's daily OpenAPI quota is used up; it resets at midnight (Beijing time). Nothing was retried.",
	'30003': 'The company has no OpenAPI quota (not purchased). Nothing was retried.',
	'10013': 'Fxiaoke refused the paging offset. Use Return All (it switches to a cursor for large reads).',
};

export function failureOf(body: unknown): ApiFailure {
	const parsed = envelope.safeParse(body);
	if (!parsed.success) {
		return {
			code: 'UNEXPECTED',
			message: `not a Fxiaoke answer: ${JSON.stringify(body)?.slice(0, 200)}`,
			hint: 'Check the Base URL (https://open.fxiaoke.com unless your company uses another cloud domain).',
		};
	}
	const code = String(parsed.data.errorCode);
	const description = parsed.data.errorDescription && parsed.data.errorDescription !== parsed.data.errorMessage ? ` (${parsed.data.errorDescription})` : '';
	return { code, message: `${parsed.data.errorMessage || 'no message'}${description}`, hint: HINTS[code] };
}

/**
 * The official query example (apifox) is `{traceId, data}` with no errorCode at all: an answer carrying data and no
 * errorCode is read as success; anything else without a readable errorCode is an error.
 */
function dataWithoutCode(body: unknown): boolean {
	return typeof body === 'object' && body !== null && !('errorCode' in body) && 'data' in body && 'traceId' in body;
}

export function classifyBody(body: unknown): Outcome {
	const parsed = envelope.safeParse(body);
	if (!parsed.success) return dataWithoutCode(body) ? 'ok' : 'error';
	const code = parsed.data.errorCode;
	if (code === 0) return 'ok';
	if (TOKEN_CODES.has(code)) return 'token';
	if (THROTTLE_CODES.has(code)) return 'throttle';
	if (QUOTA_CODES.has(code)) return 'quota';
	if (BUSY_CODES.has(code)) return 'busy';
	return 'error';
}

/**
 * The token endpoint allows few calls and none concurrently: the core's single flight keeps this process to one
 * call at a time; a refusal caused by another process (throttling codes) is waited out a few times here.
 */
async function fetchToken(send: Sender, c: FxiaokeCredentials) {
	for (let attempt = 1; ; attempt++) {
		const { body } = await send({
			method: 'POST',
			url: `${c.baseUrl}${LOGIN_PATH}`,
			qs: { thirdTraceId: randomBytes(8).toString('hex') },
			body: { appId: c.appId, appSecret: c.appSecret, permanentCode: c.permanentCode },
			json: true,
		});
		const outcome = classifyBody(body);
		if (outcome === 'throttle' && attempt < 3) {
			await sleep(1000 * attempt);
			continue;
		}
		const parsed = tokenAnswer.safeParse(body);
		if (outcome !== 'ok' || !parsed.success) throw new SessionRefused(failureOf(body));
		return parsed.data;
	}
}

export const fxiaokeAdapter: ServiceAdapter<FxiaokeCredentials, FxiaokeSession> = {
	name: FXIAOKE,
	baseUrl: (c) => c.baseUrl,
	identity: (c) => `fxiaoke|${c.baseUrl}|${c.appId}|${fingerprint(`${c.appSecret}|${c.permanentCode}`)}|${c.openUserId || `m:${c.mobile}`}`,
	secrets: (c) => [c.appSecret, c.permanentCode],
	secretNames: ['appSecret', 'permanentCode', 'corpAccessToken'],

	async fetchSession(send, c) {
		const token = await fetchToken(send, c);
		let openUserId = c.openUserId;
		if (!openUserId && c.mobile) {
			// Resolved once per token and cached with it, so a run does not look the operator up per call.
			const { body } = await send({
				method: 'POST',
				url: `${c.baseUrl}/cgi/user/getByMobile`,
				body: { corpId: token.corpId, corpAccessToken: token.corpAccessToken, mobile: c.mobile },
				json: true,
			});
			const parsed = employees.safeParse(body);
			if (classifyBody(body) !== 'ok' || !parsed.success) throw new SessionRefused(failureOf(body));
			openUserId = parsed.data.empList?.[0]?.openUserId ?? '';
			if (!openUserId) {
				throw new SessionRefused({
					code: 'OPERATOR',
					message: `no employee has the mobile number ${c.mobile}`,
					hint: 'Give the mobile number of an active CRM administrator, or the open user ID (FSUID_…) directly.',
				});
			}
		}
		return {
			token: token.corpAccessToken,
			// 0–7200 s; the core refreshes 5 min early, inside the window where Fxiaoke hands out a new token.
			expiresInSec: token.expiresIn > 0 ? token.expiresIn : 7200,
			corpId: token.corpId,
			openUserId,
		};
	},

	authorize(request, c, session) {
		// Legacy parameter passing: no headers, the token, company and operator at the top of the JSON body.
		if (!session) return;
		const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
		request.body = {
			...body,
			corpAccessToken: session.token,
			corpId: session.corpId,
			...(session.openUserId && body.currentOpenUserId === undefined ? { currentOpenUserId: session.openUserId } : {}),
		};
		request.headers = { 'Content-Type': 'application/json', ...(request.headers ?? {}) };
		request.json = true;
	},

	classify: ({ response }) => classifyBody(response.body),
	failure: ({ response }) => failureOf(response.body),
	ratePerSecond: (c) => (c.requestsPerSecond > 0 ? c.requestsPerSecond : DEFAULT_RATE),
};
