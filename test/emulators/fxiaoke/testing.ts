/** Helpers for tests that drive the Fxiaoke node and trigger against this emulator. */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData, IPollFunctions, IRun } from 'n8n-workflow';
import type { FxiaokeEmulator } from './index';

export function fxiaokeCreds(emu: { url: string }, extra: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: emu.url,
		appId: 'FSAID_emu',
		appSecret: 'emu_app_secret',
		permanentCode: 'EMU_PERMANENT_CODE',
		operatorMode: 'openUserId',
		currentOpenUserId: 'FSUID_OPERATOR0001',
		requestsPerSecond: 1000,
		...extra,
	} as ICredentialDataDecryptedObject;
}

/**
 * Gives a test poll context what n8n's real one has for emitting (`__emit` with a done promise): emitted items are
 * collected, and the test decides how each run ends (`finish`).
 */
export function withEmit(ctx: IPollFunctions) {
	const runs: Array<{ items: INodeExecutionData[]; finish(ok: boolean): void }> = [];
	const c = ctx as unknown as Record<string, unknown>;
	(c.helpers as Record<string, unknown>).createDeferredPromise = () => {
		let resolve!: (v: IRun | undefined) => void;
		let reject!: (e: Error) => void;
		const promise = new Promise<IRun | undefined>((res, rej) => ((resolve = res), (reject = rej)));
		return { promise, resolve, reject };
	};
	c.__emit = (data: INodeExecutionData[][], _r: unknown, done: { resolve(v: IRun | undefined): void }) => {
		runs.push({
			items: data[0],
			finish: (ok: boolean) => done.resolve({ status: ok ? 'success' : 'error', data: { resultData: ok ? { runData: {} } : { runData: {}, error: { message: 'failed' } } } } as unknown as IRun),
		});
	};
	return runs;
}

export async function flush(): Promise<void> {
	await new Promise((r) => setImmediate(r));
}

export type { FxiaokeEmulator };
