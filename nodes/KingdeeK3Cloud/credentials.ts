import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The credential as the adapter sees it. Three ways in (第三方授权 signature on every call, the official SDKs' way;
 * or a session from LoginByAppSecret / ValidateUser, kept and re-used).
 */
export type AuthMode = 'signature' | 'appSecretLogin' | 'passwordLogin';

export interface KingdeeCredentials {
	/** The K3Cloud site address without trailing slashes, e.g. https://erp.example.com/k3cloud */
	serverUrl: string;
	/** Data center id (账套ID / acctId). */
	acctId: string;
	userName: string;
	authMode: AuthMode;
	appId: string;
	appSecret: string;
	password: string;
	lcid: number;
	/** Organisation number for the signed app data; "0" when none (the SDK's default). */
	orgNumber: string;
	requestsPerSecond: number;
}

const MODES: AuthMode[] = ['signature', 'appSecretLogin', 'passwordLogin'];

export function kingdeeCredentials(raw: ICredentialDataDecryptedObject): KingdeeCredentials {
	const mode = String(raw.authMode ?? 'signature') as AuthMode;
	return {
		serverUrl: String(raw.serverUrl ?? '')
			.trim()
			.replace(/\/+$/, ''),
		acctId: String(raw.acctId ?? '').trim(),
		userName: String(raw.userName ?? '').trim(),
		authMode: MODES.includes(mode) ? mode : 'signature',
		appId: String(raw.appId ?? '').trim(),
		appSecret: String(raw.appSecret ?? '').trim(),
		password: String(raw.password ?? ''),
		lcid: Number(raw.lcid) || 2052,
		orgNumber: String(raw.orgNumber ?? '').trim() || '0',
		requestsPerSecond: Number(raw.requestsPerSecond) || 0,
	};
}
