import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../../core/credentialTest';
import { fxiaokeAdapter, fxiaokeCredentials } from '../adapter';

/**
 * The credential's Test button: a real token request (wrong app secret, permanent code, IP whitelist show the
 * adapter's hints), the operator lookup when a mobile number is given, then one CRM read (object list) as that
 * operator, so an operator without CRM rights is caught here too.
 */
export async function fxiaokeApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return testCredential(this, fxiaokeAdapter, fxiaokeCredentials(credential.data ?? {}), {
		method: 'POST',
		path: '/cgi/crm/v2/object/list',
		body: {},
		idempotent: true,
	});
}
