import type { ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { SessionRefused } from './callApi';
import { credentialTestSender, DEFAULT_TIMEOUT_MS } from './http';
import { redact, registerSecret, registerSecretNames } from './redact';
import type { ApiFailure, ServiceAdapter, ServiceRequest, Session } from './types';

/**
 * A credential's Test button, through the same adapter the nodes use, so the login request, the error codes and
 * their hints exist once. It logs in (services with sessions) and, if given, makes one real read with the result.
 * Nodes reference it with `credentials: [{ name, testedBy }]` and `methods.credentialTest`.
 */
export async function testCredential<C, S extends Session>(
	ctx: ICredentialTestFunctions,
	adapter: ServiceAdapter<C, S>,
	creds: C,
	probe?: ServiceRequest,
): Promise<INodeCredentialTestResult> {
	registerSecretNames(adapter.secretNames);
	adapter.secrets(creds).forEach(registerSecret);
	// n8n gives credential tests only its legacy request helper (still n8n's HTTP stack, proxy settings included).
	const send = credentialTestSender(ctx.helpers.request);
	try {
		const session = adapter.fetchSession ? await adapter.fetchSession(send, creds, { force: false }) : undefined;
		if (session) {
			registerSecret(session.token);
			session.secrets?.forEach(registerSecret);
		}
		if (probe) {
			const options = { method: probe.method, url: adapter.baseUrl(creds) + probe.path, qs: probe.qs, body: probe.body as object, headers: probe.headers, timeout: DEFAULT_TIMEOUT_MS };
			adapter.authorize(options, creds, session);
			const response = await send(options);
			const exchange = { request: probe, creds, response };
			const outcome = response.statusCode >= 400 ? 'error' : adapter.classify(exchange);
			if (outcome !== 'ok' && outcome !== 'partial') {
				const failure: ApiFailure =
					response.statusCode >= 400 && typeof response.body !== 'object'
						? { code: `HTTP ${response.statusCode}`, message: 'the server refused the request', hint: 'Check the Base URL.' }
						: adapter.failure(exchange);
				return { status: 'Error', message: describe(adapter.name, failure) };
			}
		}
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		if (error instanceof SessionRefused) return { status: 'Error', message: describe(adapter.name, error.failure) };
		const e = error as { message?: string; code?: string };
		return {
			status: 'Error',
			message: redact(`${adapter.name}: could not connect (${e.code ?? 'network error'}: ${e.message ?? error}). Check the Base URL and the network.`),
		};
	}
}

/** The hint first (what to do), then the API's own code and message. */
function describe(service: string, failure: ApiFailure): string {
	const what = `code ${failure.code}: ${failure.message}`;
	return redact(failure.hint ? `${service}: ${failure.hint} (${what})` : `${service} refused the credentials (${what})`);
}
