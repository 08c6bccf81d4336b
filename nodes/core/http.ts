import type { HttpContext, HttpResponse, Sender } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Raw HTTP through n8n's helper (the user's proxy, TLS and SSRF settings apply). Never throws on an HTTP status. */
export function senderFor(ctx: HttpContext): Sender {
	return async (options) => {
		const response = (await ctx.helpers.httpRequest({
			timeout: DEFAULT_TIMEOUT_MS,
			json: true,
			...options,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; headers?: HttpResponse['headers']; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: parseMaybeJson(response.body) };
	};
}

/** The legacy request function n8n hands to credential tests (`ICredentialTestFunctions.helpers.request`). */
type LegacyRequest = (options: object) => Promise<unknown>;

/**
 * The same sender inside a credential test, where n8n offers only its legacy `request` helper (it still goes
 * through n8n's axios with the proxy settings). Options are translated to request's names.
 */
export function credentialTestSender(request: LegacyRequest): Sender {
	return async (options) => {
		const response = (await request({
			method: options.method ?? 'GET',
			uri: (options.baseURL ?? '') + options.url,
			qs: options.qs,
			body: options.body,
			headers: options.headers,
			json: true,
			timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
			resolveWithFullResponse: true,
			simple: false,
		})) as { statusCode: number; headers?: HttpResponse['headers']; body: unknown };
		return { statusCode: response.statusCode, headers: response.headers ?? {}, body: parseMaybeJson(response.body) };
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

/** All values of a response header (Set-Cookie comes as a list). */
export function headerValues(response: HttpResponse, name: string): string[] {
	const value = response.headers[name.toLowerCase()];
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}
