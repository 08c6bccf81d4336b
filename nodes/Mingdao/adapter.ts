import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { z } from 'zod';
import type { ApiFailure, Outcome, ServiceAdapter } from '../core/types';
import { fingerprint } from '../core/hash';

/**
 * How Mingdao (明道云 / HAP) differs from the other services; everything else is the core's.
 * Shapes: Mingdao's official v3 reference (OpenAPI export), pinned by test/contract/mingdao.contract.test.ts.
 */
export interface MingdaoCredentials {
	baseUrl: string;
	appKey: string;
	sign: string;
	requestsPerSecond: number;
}

export const MINGDAO = 'Mingdao (明道云)';

/** Mingdao publishes no quota; 10/s per endpoint stays well clear of error 51 in field reports. */
export const DEFAULT_RATE = 10;

export function mingdaoCredentials(raw: ICredentialDataDecryptedObject): MingdaoCredentials {
	return {
		baseUrl: String(raw.baseUrl || 'https://api.mingdao.com').trim().replace(/\/+$/, ''),
		appKey: String(raw.appKey ?? '').trim(),
		sign: String(raw.signSecret ?? raw.sign ?? '').trim(),
		requestsPerSecond: Number(raw.requestsPerSecond) || 0,
	};
}

/**
 * The envelope of an answer. Mingdao's v3 reference declares `{success, error_code (1 = ok), error_msg, data}`;
 * its examples also show failures as `{success:false, code, msg, data}`, and its development site answers
 * `{errorCode, errorMsg}`. All three are Mingdao errors with a code and a message.
 */
const code = z.union([z.number(), z.string()]).nullish();
const text = z.string().nullish();
const envelope = z.object({
	success: z.boolean().optional(),
	error_code: code,
	error_msg: text,
	code,
	msg: text,
	errorCode: code,
	errorMsg: text,
});
type Envelope = z.infer<typeof envelope>;

const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The API's code and message, whichever form the answer uses. */
function codeAndMessage(e: Envelope): { code?: string; message?: string } {
	const c = [e.error_code, e.code, e.errorCode].find(present);
	const m = [e.error_msg, e.msg, e.errorMsg].find(present);
	return { code: c === undefined || c === null ? undefined : String(c), message: m ?? undefined };
}

/**
 * Codes and what they mean: Mingdao's error-code table (mingdaocom/pd-openweb 7.4.0,
 * src/pages/worksheetApi/core/apiV2Config.js `ERROR_CODE`, pinned in test/fixtures/mingdao/error-codes.json).
 * v3 examples show only 10101; the table is the app API page's own.
 */
const THROTTLED = '51';
/** 请求次数超出限制: a request quota; retrying within the run will not lift it. */
const QUOTA = '90000';
/**
 * Mingdao documents no "busy" answer (no code, no message in the table, the v3 reference or Mingdao's API skill).
 * Should one come with such a message inside an HTTP 200, it is treated as busy: reads are retried, writes are not
 * resent blindly. An assumption, for tolerance; HTTP 5xx answers are busy by the core's own rule.
 */
const BUSY_MESSAGE = /繁忙|busy/i;

const HINTS: Record<string, string> = {
	'10000': "This server's IP is not in the app's IP allow-list. Add the public IP of your n8n server on the app's API page.",
	'10001': 'Mingdao refused a parameter (参数错误). If it names a field, check its value and type.',
	'10002': 'Mingdao refused a value (参数值错误). Check the mapped values against the field types.',
	'10005':
		"No permission: the App Key's scope may not cover this worksheet (or the worksheet id/alias is wrong). Check 授权管理 on the app's API page.",
	'10006': 'The data exists already (数据已存在).',
	'10007': 'The row does not exist or was deleted.',
	'10101': "Mingdao does not know this App Key. Copy it again from the app's API page (授权管理).",
	'10102': 'Wrong Sign for this App Key. Copy the Sign that belongs to the App Key.',
	'100005': 'A field marked unique (不允许重复) already holds this value in another row. Use Upsert to update the existing row instead.',
	'430019': 'A required field (必填) is empty. Map a value for it.',
	'430021': "The row breaks one of the worksheet's business rules (业务规则).",
	'430022': 'The worksheet does not exist (工作表不存在). Check the worksheet ID or alias.',
	'51': 'Mingdao throttled the requests (error 51) and the retries ran out. Lower "Max Requests per Second" in the credential.',
	'90000': "The app's request quota is used up (请求次数超出限制). Wait until it resets, or ask your Mingdao admin about the plan's API limits.",
};

export const mingdaoAdapter: ServiceAdapter<MingdaoCredentials> = {
	name: MINGDAO,
	baseUrl: (c) => c.baseUrl,
	identity: (c) => `mingdao|${c.baseUrl}|${c.appKey}|${fingerprint(c.sign)}`,
	secrets: (c) => [c.sign],
	secretNames: ['HAP-Sign'],

	authorize(request, c) {
		// Static keys: no token, the two headers on every call.
		request.headers = { 'Content-Type': 'application/json', ...(request.headers ?? {}), 'HAP-Appkey': c.appKey, 'HAP-Sign': c.sign };
	},

	classify({ response: { body } }): Outcome {
		const parsed = envelope.safeParse(body);
		if (!parsed.success) return 'error';
		const e = parsed.data;
		const { code } = codeAndMessage(e);
		if (e.success === true || (e.success === undefined && code === '1')) return 'ok';
		if (code === THROTTLED) return 'throttle';
		if (code === QUOTA) return 'quota';
		if (BUSY_MESSAGE.test(codeAndMessage(e).message ?? '')) return 'busy';
		return 'error';
	},

	failure({ response: { body } }): ApiFailure {
		const parsed = envelope.safeParse(body);
		const { code, message } = parsed.success ? codeAndMessage(parsed.data) : {};
		if (code === undefined && !(parsed.success && parsed.data.success === false)) {
			return {
				code: 'UNEXPECTED',
				message: `not a Mingdao answer: ${JSON.stringify(body)?.slice(0, 200)}`,
				hint: 'Check the Base URL: SaaS is https://api.mingdao.com, private deployments end in /api.',
			};
		}
		// success:false without any code: still Mingdao's refusal, with its message.
		const shown = code ?? 'UNKNOWN';
		return { code: shown, message: message || 'no message', hint: HINTS[shown] };
	},

	ratePerSecond: (c) => (c.requestsPerSecond > 0 ? c.requestsPerSecond : DEFAULT_RATE),
};
