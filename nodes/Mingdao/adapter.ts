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

const THROTTLED = '51';

/** Codes seen in v3 examples: only 10101; the others come from the v2 documentation and field reports. */
const HINTS: Record<string, string> = {
	'10000': "This server's IP is not in the app's IP allow-list. Add the public IP of your n8n server on the app's API page.",
	'10005':
		"No permission: the App Key's scope may not cover this worksheet (or the worksheet id/alias is wrong). Check 授权管理 on the app's API page.",
	'10007': 'The row does not exist or was deleted.',
	'10101': "Mingdao does not know this App Key. Copy it again from the app's API page (授权管理).",
	'10102': 'Wrong Sign for this App Key. Copy the Sign that belongs to the App Key.',
	'100005': 'A field marked unique (不允许重复) already holds this value in another row. Use Upsert to update the existing row instead.',
	'430019': 'A required field (必填) is empty. Map a value for it.',
	'51': 'Mingdao throttled the requests (error 51) and the retries ran out. Lower "Max Requests per Second" in the credential.',
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
