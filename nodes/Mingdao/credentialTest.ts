import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../core/credentialTest';
import { mingdaoAdapter, mingdaoCredentials } from './adapter';

/** The credential's Test button: a real read of the app (GET /v3/app), with the adapter's hints (wrong sign…). */
export async function mingdaoApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testCredential(this, mingdaoAdapter, mingdaoCredentials(credential.data ?? {}), { method: 'GET', path: '/v3/app', idempotent: true });
}
