import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { testCredential } from '../../core/credentialTest';
import { KINGDEE, kingdeeAdapter } from '../adapter';
import { SERVICES } from '../client';
import { kingdeeCredentials } from '../credentials';
import { appIdProblem } from '../sign';

/**
 * The credential's Test button. Session modes: a real login (its refusal message names the problem: wrong data
 * center, wrong secret or password, locked user). Signature mode has no login, so one small signed read is made
 * (ExecuteBillQuery of one currency, base data every K3Cloud has).
 */
export async function kingdeeK3CloudApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const creds = kingdeeCredentials(credential.data ?? {});
	if (!creds.serverUrl) return { status: 'Error', message: `${KINGDEE}: the Server URL is empty` };
	if (creds.authMode !== 'passwordLogin') {
		const problem = appIdProblem(creds.appId);
		if (problem) return { status: 'Error', message: `${KINGDEE}: App ID ${problem}` };
	}
	const probe =
		creds.authMode === 'signature'
			? {
					method: 'POST' as const,
					path: `/${SERVICES.executeBillQuery}.common.kdsvc`,
					body: { data: { FormId: 'BD_Currency', FieldKeys: 'FNumber', TopRowCount: 1, Limit: 1 } },
					idempotent: true,
				}
			: undefined;
	return testCredential(this, kingdeeAdapter, creds, probe);
}
