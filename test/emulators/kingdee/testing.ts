/** Test helpers, not part of the emulator: a raw signed client for calling it, and the credentials the tests use. */
import axios from 'axios';
import { signatureHeaders } from '../../../nodes/KingdeeK3Cloud/sign';
import { DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET } from './state';

export const STUB = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';

export function kingdeeCreds(
	url: string,
	mode: 'signature' | 'appSecretLogin' | 'passwordLogin' = 'signature',
	extra: Record<string, unknown> = {},
) {
	return {
		serverUrl: `${url}/`,
		acctId: DEFAULT_ACCT_ID,
		userName: 'demo',
		authMode: mode,
		appId: DEFAULT_APP_ID,
		appSecret: DEFAULT_APP_SECRET,
		password: 'emu_password',
		lcid: 2052,
		orgNumber: '0',
		requestsPerSecond: 0,
		...extra,
	};
}

/** POST a service with signed headers (the official SDK's way), as a raw test client. */
export async function signedCall(url: string, service: string, body: unknown, user = 'demo') {
	const full = `${url}/${service}.common.kdsvc`;
	const headers = signatureHeaders({
		url: full,
		acctId: DEFAULT_ACCT_ID,
		userName: user,
		appId: DEFAULT_APP_ID,
		appSecret: DEFAULT_APP_SECRET,
		lcid: 2052,
		orgNumber: '0',
		unixTime: Date.now() / 1000,
	});
	return axios.post(full, body, { headers, validateStatus: () => true });
}
