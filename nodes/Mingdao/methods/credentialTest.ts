import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../../core/credentialTest';
import { mingdaoAdapter, mingdaoCredentials } from '../adapter';

/** The credential's Test button: a real read of the app (GET /v3/app), with the adapter's hints (wrong sign…). */
export async function mingdaoApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testCredential(this, mingdaoAdapter, mingdaoCredentials(credential.data ?? {}), { method: 'GET', path: '/v3/app', idempotent: true });
}

/** Shortest webhook secret the Test button accepts: guessing 16 random characters is out of reach. */
export const MIN_SECRET_LENGTH = 16;

/**
 * The webhook credential's Test button. Nothing can be called (Mingdao posts to n8n, not the other way round), so
 * it checks what can go wrong locally: an empty, padded or short secret.
 */
export async function mingdaoWebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const secret = String(credential.data?.secret ?? '');
	if (!secret.trim()) return { status: 'Error', message: 'The secret is empty' };
	if (secret !== secret.trim()) return { status: 'Error', message: 'The secret starts or ends with spaces; Mingdao would not send them back exactly' };
	if (secret.length < MIN_SECRET_LENGTH) {
		return { status: 'Error', message: `The secret has ${secret.length} characters; use at least ${MIN_SECRET_LENGTH} random ones` };
	}
	return { status: 'OK', message: 'The secret is set. Send it from Mingdao in the X-Mingdao-Secret header.' };
}
