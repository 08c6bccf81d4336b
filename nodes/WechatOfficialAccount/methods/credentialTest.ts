import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../../core/credentialTest';
import { wechatAdapter, wechatCredentials } from '../adapter';
import { pushSettingsProblem } from '../push';

/**
 * The credential's Test button: a real token request through the adapter (wrong secret 40125 / 40013 / 40001,
 * IP whitelist 40164 / 61004 come back with their hints), after a format check of the trigger's Token and
 * EncodingAESKey when they are filled in.
 */
export async function wechatOfficialAccountApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const creds = wechatCredentials(credential.data ?? {});
	const problem = pushSettingsProblem(creds, { requireToken: false });
	if (problem) return { status: 'Error', message: problem };
	return testCredential(this, wechatAdapter, creds);
}
