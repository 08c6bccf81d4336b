/**
 * A local emulator of the Kingdee K3Cloud (金蝶云星空) WebAPI: `{url}/<service>.common.kdsvc`, both ways in
 * (signed requests, sessions from LoginByAppSecret / ValidateUser), Save/BatchSave/Draft/Submit/Audit/UnAudit/
 * Delete/View/Push/ExecuteBillQuery with the real envelopes and MsgCodes, fault knobs and `/__emulator` inspection.
 */
import type { FaultInjector, FaultPlan, FaultTarget } from '../common/faults';
import { serveEmulator } from '../common/serve';
import { delay, type EmuRequest, type EmuResponse } from '../common/server';
import { CALL_LIMIT, failureAnswer } from './answers';
import { handleControl } from './control';
import { handleService, serviceOf } from './handlers';
import { KingdeeState, type KingdeeEmulatorOptions, type KingdeeStats } from './state';

export { KingdeeState, DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_USERS } from './state';
export type { KingdeeEmulatorOptions, KingdeeFaults, KingdeeStats, StoredRecord } from './state';
export { recordView } from './control';
export { verifySignature } from './auth';

export interface KingdeeEmulator {
	/** The credential's Server URL, e.g. http://127.0.0.1:PORT/k3cloud */
	url: string;
	state: KingdeeState;
	stats(): KingdeeStats;
	/** The seeded fault injector, when the emulator was started with a fault plan (test/emulators/common/faults.ts). */
	faults?: FaultInjector;
	close(): Promise<void>;
}

const WRITE_SERVICES = /\.(save|batchsave|draft|submit|audit|unaudit|delete|push|excuteoperation)$/i;
const LOGIN_SERVICES = /authservice\.(loginbyappsecret|validateuser)$/i;

function faultTarget(state: KingdeeState): FaultTarget {
	return {
		isApiCall: (req) => !req.path.startsWith('/__emulator') && serviceOf(req.path) !== undefined,
		isWrite: (req) => WRITE_SERVICES.test(serviceOf(req.path) ?? ''),
		isTokenCall: (req) => LOGIN_SERVICES.test(serviceOf(req.path) ?? ''),
		throttled: (req) => {
			state.stat.throttled++;
			const answer = failureAnswer(state, 14, CALL_LIMIT);
			return { body: /executebillquery$/i.test(serviceOf(req.path) ?? '') ? [[answer]] : answer };
		},
		// Sessions only: signed calls carry no session to lose.
		expireTokens: () => state.expireSessions(),
		applied: (res) => !res.destroy && (res.status ?? 200) < 400 && JSON.stringify(res.body ?? '').includes('"IsSuccess":true'),
	};
}

export async function startKingdeeEmulator(options: KingdeeEmulatorOptions = {}, faultPlan?: Partial<FaultPlan>): Promise<KingdeeEmulator> {
	const state = new KingdeeState(options);
	const { server, faults, close } = await serveEmulator({
		name: 'Kingdee',
		faultPlan,
		target: faultTarget(state),
		handler: (req) => handle(state, req),
		port: options.port,
	});
	return { url: `${server.url}/k3cloud`, state, stats: () => state.stats(), faults, close };
}

async function handle(state: KingdeeState, req: EmuRequest): Promise<EmuResponse> {
	if (req.path.startsWith('/__emulator')) return handleControl(state, req);
	const service = serviceOf(req.path);
	if (req.method !== 'POST' || !service || !req.path.toLowerCase().startsWith('/k3cloud/')) {
		return {
			status: 404,
			body: '<html><body><h2>404 - File or directory not found.</h2></body></html>',
			headers: { 'content-type': 'text/html' },
		};
	}
	state.count(service.slice(service.lastIndexOf('.') + 1));
	if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
	const fault = state.nextFault();
	if (fault === 'server') {
		return {
			status: 500,
			body: "<html><body><h1>Server Error in '/k3cloud' Application.</h1></body></html>",
			headers: { 'content-type': 'text/html' },
		};
	}
	if (fault === 'throttle') {
		state.stat.throttled++;
		const answer = failureAnswer(state, 14, CALL_LIMIT);
		return { body: /executebillquery$/i.test(service) ? [[answer]] : answer };
	}
	return handleService(state, req, service);
}
