import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { XiaoeEmulator } from '../emulators/xiaoe';

/** Credentials pointing at an emulator (the emulator's defaults unless overridden). */
export function xiaoeCreds(emu: XiaoeEmulator, over: Partial<Record<string, string | number>> = {}): ICredentialDataDecryptedObject {
	return { baseUrl: emu.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0, ...over };
}
