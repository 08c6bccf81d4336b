import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../../core/credentialTest';
import { xiaoeAdapter, xiaoeCredentials } from '../adapter';

/** The credential's Test button: a real token request, with the adapter's hints (IP whitelist 2051, wrong secret…). */
export async function xiaoeApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testCredential(this, xiaoeAdapter, xiaoeCredentials(credential.data ?? {}));
}
