/**
 * Local emulator of the WeChat Official Account API (微信公众号): classic and stable access tokens with lifetimes,
 * invalidation and quotas; the member-card, user and template-message endpoints; faults; a /__emulator control API;
 * and (push.ts) a client that pushes signed and encrypted events to a URL as WeChat does.
 */
import { HeldCalls, type FaultInjector, type FaultPlan } from '../common/faults';
import { serveEmulator } from '../common/serve';
import { delay } from '../common/server';
import type { EmuRequest, EmuResponse } from '../common/server';
import { CONTROL_PREFIX, handleControl } from './control';
import { ENDPOINTS, inputOf, WxError } from './handlers';
import { WechatState } from './state';
import type { WechatEmulatorOptions, WechatStats } from './state';

export type { WechatEmulatorOptions, WechatFaults, WechatStats, UserCard, Follower } from './state';
export { WechatState } from './state';
export * from './push';

export interface WechatEmulator {
	url: string;
	state: WechatState;
	stats(): WechatStats;
	/** Every answer given, for the contract test (path → bodies). */
	answers: Array<{ path: string; method: string; query: Record<string, string>; request: unknown; body: unknown }>;
	/** The seeded fault injector, when the emulator was started with a fault plan (test/emulators/common/faults.ts). */
	faults?: FaultInjector;
	close(): Promise<void>;
}

const wx = (errcode: number, errmsg: string): EmuResponse => ({ body: { errcode, errmsg } });

export async function startWechatEmulator(options: WechatEmulatorOptions = {}, faultPlan?: Partial<FaultPlan>): Promise<WechatEmulator> {
	const state = new WechatState(options);
	const answers: WechatEmulator['answers'] = [];
	// Held "timeout" calls are released on close so jest is not kept waiting.
	const held = new HeldCalls();
	const hold = (ms: number) => held.hold(ms);

	function whitelist(): EmuResponse | undefined {
		const code = state.faults.ipBlockedCode;
		if (code === 40164) return wx(40164, 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist');
		if (code === 61004) return wx(61004, 'access clientip is not registered');
		return undefined;
	}

	function tokenBusy(): EmuResponse | undefined {
		if (state.faults.tokenBusyTimes > 0) {
			state.faults.tokenBusyTimes--;
			return wx(-1, 'system error');
		}
		return undefined;
	}

	/** GET /cgi-bin/token?grant_type=client_credential&appid=&secret= */
	function classicToken(req: EmuRequest): EmuResponse {
		state.stat.tokenRequests.classic++;
		const refused = (r: EmuResponse) => (state.stat.tokenRequests.refused++, r);
		if (req.method !== 'GET') return refused(wx(43001, 'require GET method'));
		const blocked = whitelist() ?? tokenBusy();
		if (blocked) return refused(blocked);
		const q = req.query;
		if (q.grant_type !== 'client_credential') return refused(wx(40002, 'invalid grant_type'));
		if (!q.appid) return refused(wx(41002, 'appid missing'));
		if (q.appid !== state.appId) return refused(wx(40013, 'invalid appid'));
		if (q.secret !== state.appSecret) return refused(wx(40001, 'invalid credential, access_token is invalid or not latest'));
		return { body: state.issueClassic() };
	}

	/** POST /cgi-bin/stable_token, JSON only: {grant_type, appid, secret, force_refresh?} */
	function stableToken(req: EmuRequest): EmuResponse {
		state.stat.tokenRequests.stable++;
		const refused = (r: EmuResponse) => (state.stat.tokenRequests.refused++, r);
		if (req.method !== 'POST') return refused(wx(43002, 'require POST method'));
		const blocked = whitelist() ?? tokenBusy();
		if (blocked) return refused(blocked);
		const b = req.body;
		if (!b || typeof b !== 'object' || Array.isArray(b)) return refused(wx(47001, 'data format error'));
		const body = b as Record<string, unknown>;
		if (body.grant_type !== 'client_credential') return refused(wx(40002, 'invalid grant_type'));
		if (!body.appid) return refused(wx(41002, 'appid missing'));
		if (!body.secret) return refused(wx(41004, 'appsecret missing'));
		if (body.appid !== state.appId) return refused(wx(40013, 'invalid appid'));
		if (body.secret !== state.appSecret) return refused(wx(40125, 'invalid appsecret'));
		if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') return refused(wx(47001, 'data format error'));
		const answer = state.issueStable(body.force_refresh === true);
		return { body: answer };
	}

	async function business(req: EmuRequest): Promise<EmuResponse> {
		const endpoint = ENDPOINTS[req.path];
		if (!endpoint) return { status: 404, body: '<html><body>404 Not Found</body></html>', headers: { 'content-type': 'text/html' } };
		const st = state.stat;
		st.calls[req.path] = (st.calls[req.path] ?? 0) + 1;
		const n = state.nextFaultCount();
		const f = state.faults;
		const every = (k: number) => k > 0 && n % k === 0;
		if (every(f.serverErrorEveryNCalls)) {
			st.serverErrors++;
			return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
		}
		if (every(f.expireTokensEveryNCalls)) state.expireAllTokens();
		const blocked = whitelist();
		if (blocked) return blocked;
		const problem = state.tokenProblem(req.query.access_token);
		if (problem) {
			st.rejectedTokenCalls++;
			if (problem === 41001) return wx(41001, 'access_token missing');
			if (problem === 42001) return wx(42001, 'access_token expired');
			return wx(40001, 'invalid credential, access_token is invalid or not latest');
		}
		if (f.dailyQuotaExceeded) return wx(45009, 'reach max api daily quota limit');
		if (every(f.busyEveryNCalls)) {
			st.busy++;
			return wx(-1, 'system error');
		}
		if (every(f.throttleEveryNCalls)) {
			st.throttled++;
			return wx(45011, 'api minute-quota reach limit  mustslower  retry next minute');
		}
		if (req.method !== endpoint.method) return wx(endpoint.method === 'POST' ? 43002 : 43001, `require ${endpoint.method} method`);
		const input = inputOf(req, endpoint);
		if (!input) return wx(47001, 'data format error');
		let out: EmuResponse;
		try {
			out = { body: endpoint.run(state, input) };
		} catch (e) {
			if (e instanceof WxError) return wx(e.errcode, e.errmsg);
			throw e;
		}
		if (endpoint.write && (every(f.timeoutAfterWriteEveryNCalls) || f.dropNextWrites > 0)) {
			if (f.dropNextWrites > 0) f.dropNextWrites--;
			await hold(f.holdMs);
			return { destroy: true };
		}
		return out;
	}

	const { server, faults, close } = await serveEmulator({
		name: 'WeChat',
		faultPlan,
		target: {
			isApiCall: (req) => !req.path.startsWith(CONTROL_PREFIX),
			isWrite: (req) => ENDPOINTS[req.path]?.write === true,
			isTokenCall: (req) => req.path === '/cgi-bin/token' || req.path === '/cgi-bin/stable_token',
			throttled: () => {
				state.stat.throttled++;
				return wx(45011, 'api minute-quota reach limit  mustslower  retry next minute');
			},
			expireTokens: () => state.expireAllTokens(),
			applied: (res) => !res.destroy && (res.status ?? 200) < 400 && !(res.body as { errcode?: number } | undefined)?.errcode,
		},
		handler: async (req) => {
			if (req.path.startsWith(CONTROL_PREFIX)) return handleControl(state, req);
			if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
			let out: EmuResponse;
			if (req.path === '/cgi-bin/token') out = classicToken(req);
			else if (req.path === '/cgi-bin/stable_token') out = stableToken(req);
			else out = await business(req);
			if (!out.destroy) answers.push({ path: req.path, method: req.method, query: req.query, request: req.body, body: out.body });
			return out;
		},
		port: options.port,
		held,
	});

	return {
		url: server.url,
		state,
		stats: () => state.stats(),
		answers,
		faults,
		close,
	};
}
