import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { z } from 'zod';
import type { ApiFailure, Outcome, ServiceAdapter } from '../core/types';
import { fingerprint } from '../core/hash';

/**
 * How Mingdao (明道云 / HAP) differs from the other services; everything else is the core's.
 * Facts and assumptions: the project's research notes on the Mingdao API (v3 worksheet endpoints).
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

/** The envelope of every answer, v2 and v3: `{success, error_code (1 = ok), error_msg, data}`. */
const envelope = z.object({
	success: z.boolean().optional(),
	error_code: z.coerce.number().optional(),
	error_msg: z.string().nullish(),
});

const THROTTLED = 51;

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
		if (!parsed.success || (parsed.data.success === undefined && parsed.data.error_code === undefined)) return 'error';
		if (parsed.data.success === true || parsed.data.error_code === 1) return 'ok';
		if (parsed.data.error_code === THROTTLED) return 'throttle';
		return 'error';
	},

	failure({ response: { body } }): ApiFailure {
		const parsed = envelope.safeParse(body);
		if (!parsed.success || parsed.data.error_code === undefined) {
			return {
				code: 'UNEXPECTED',
				message: `not a Mingdao answer: ${JSON.stringify(body)?.slice(0, 200)}`,
				hint: 'Check the Base URL: SaaS is https://api.mingdao.com, private deployments end in /api.',
			};
		}
		const code = String(parsed.data.error_code);
		return { code, message: parsed.data.error_msg || 'no message', hint: HINTS[code] };
	},

	ratePerSecond: (c) => (c.requestsPerSecond > 0 ? c.requestsPerSecond : DEFAULT_RATE),
};
