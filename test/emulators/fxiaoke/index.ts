/**
 * Local emulator of the Fxiaoke (纷享销客) open API: corp token flow (same token within 6 600 s, rate limit,
 * no concurrency), the v2 data endpoints with the official envelopes, query operators, offset ceiling,
 * object descriptions, life status rules, user lookup, faults and a /__emulator control API.
 */
import { HeldCalls, type FaultInjector, type FaultPlan } from '../common/faults';
import { serveEmulator } from '../common/serve';
import { delay } from '../common/server';
import type { EmuRequest, EmuResponse } from '../common/server';
import { CONTROL_PREFIX, handleControl } from './control';
import { dataCall, fail, tokenAnswer } from './handlers';
import type { Body } from './handlers';
import { FxiaokeState } from './state';
import type { FxiaokeEmulatorOptions, FxiaokeStats } from './state';

export { FxiaokeState } from './state';
export type { FxiaokeEmulatorOptions, FxiaokeFaults, FxiaokeStats } from './state';

export interface FxiaokeEmulator {
	url: string;
	state: FxiaokeState;
	stats(): FxiaokeStats & { records: Record<string, number> };
	/** The seeded fault injector, when the emulator was started with a fault plan (test/emulators/common/faults.ts). */
	faults?: FaultInjector;
	close(): Promise<void>;
}

/** A timed-out write is held this long (longer than a 30 s client timeout), then dropped. */
const HOLD_MS = 31_000;

const TOKEN_PATH = '/cgi/corpAccessToken/get/V2';
const WRITE_PATH = /\/v2\/data\/(create|update|invalid|delete)$/;

export async function startFxiaokeEmulator(options: FxiaokeEmulatorOptions = {}, faultPlan?: Partial<FaultPlan>): Promise<FxiaokeEmulator> {
	const state = new FxiaokeState(options);
	// Held "timeout" calls are released on close so jest is not kept waiting.
	const held = new HeldCalls();
	const hold = (ms: number) => held.hold(ms);
	let writes = 0;

	async function token(body: Body): Promise<EmuResponse> {
		const st = state.stat;
		st.tokenFetches++;
		// "No concurrency" on the token endpoint: a second call while one runs is refused.
		if (state.tokenInFlight > 0) {
			st.tokenRefusedBusy++;
			return fail('throttled', 'corpAccessToken/get called concurrently');
		}
		if (!state.allowTokenCall()) {
			st.tokenRefusedRate++;
			return fail('callLimit', 'corpAccessToken/get called too often');
		}
		state.tokenInFlight++;
		try {
			if (state.faults.tokenLatencyMs) await delay(state.faults.tokenLatencyMs);
			return tokenAnswer(state, body);
		} finally {
			state.tokenInFlight--;
		}
	}

	async function business(req: EmuRequest, body: Body): Promise<EmuResponse> {
		const st = state.stat;
		const f = state.faults;
		st.dataCalls++;
		st.calls[req.path] = (st.calls[req.path] ?? 0) + 1;
		const n = st.dataCalls;
		const every = (k: number) => k > 0 && n % k === 0;
		if (every(f.serverErrorEveryNCalls)) return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
		if (every(f.expireTokenEveryNCalls)) state.expireAllTokens();
		if (body.corpId !== state.corpId || !state.tokenValid(body.corpAccessToken)) {
			st.rejectedTokenCalls++;
			return fail('tokenInvalid');
		}
		if (f.dailyQuotaExceeded) return fail('dailyQuota');
		if (every(f.throttleEveryNCalls)) {
			st.throttled++;
			return fail('throttled');
		}
		const isWrite = /\/data\/(create|update)$/.test(req.path);
		if (isWrite && f.refuseWrites > 0) {
			f.refuseWrites--;
			return fail('paramError', 'write refused by the emulator (refuseWrites)');
		}
		const out = dataCall(state, req.path, body);
		if (!out) return { status: 404, body: { error: `unknown path ${req.path}` } };
		if (isWrite && (out.body as Body)?.errorCode === 0) {
			writes++;
			if (f.timeoutAfterWriteEveryNWrites > 0 && writes % f.timeoutAfterWriteEveryNWrites === 0) {
				await hold(HOLD_MS);
				return { destroy: true };
			}
			if (f.failAfterWriteAt > 0 && --f.failAfterWriteAt === 0) return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
		}
		return out;
	}

	const { server, faults, close } = await serveEmulator({
		name: 'Fxiaoke',
		faultPlan,
		target: {
			isApiCall: (req) => !req.path.startsWith(CONTROL_PREFIX),
			isWrite: (req) => WRITE_PATH.test(req.path),
			isTokenCall: (req) => req.path === TOKEN_PATH,
			throttled: () => {
				state.stat.throttled++;
				return fail('throttled');
			},
			expireTokens: () => state.expireAllTokens(),
			applied: (res) => (res.body as { errorCode?: number } | undefined)?.errorCode === 0,
		},
		handler: async (req) => {
			if (req.path.startsWith(CONTROL_PREFIX)) return handleControl(state, req);
			if (state.faults.latencyMs) await delay(state.faults.latencyMs);
			if (req.method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
			const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Body;
			const entry: (typeof state.requests)[number] = { path: req.path, query: req.query, body: req.body };
			state.requests.push(entry);
			if (state.requests.length > 2000) state.requests.shift();
			const out = req.path === TOKEN_PATH ? await token(body) : await business(req, body);
			entry.status = out.status ?? 200;
			entry.response = out.body;
			return out;
		},
		port: options.port,
		held,
	});
	return {
		url: server.url,
		state,
		stats: () => state.stats(),
		faults,
		close,
	};
}
