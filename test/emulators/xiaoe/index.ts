/**
 * Local emulator of the Xiaoe-tech (小鹅通) Open API: token flow, business endpoints with their paging,
 * window and nesting rules, rate limits, injected faults, and a /__emulator control API.
 */
import { HeldCalls, type FaultInjector, type FaultPlan } from '../common/faults';
import { serveEmulator } from '../common/serve';
import { delay } from '../common/server';
import type { EmuRequest, EmuResponse } from '../common/server';
import { CONTROL_PREFIX, handleControl } from './control';
import { ENDPOINTS } from './handlers';
import type { XiaoeEmulatorOptions, XiaoeStats } from './model';
import { ApiError, isObject } from './params';
import { XiaoeState } from './state';

export type { Exchange, XiaoeEmulatorOptions, XiaoeFaults, XiaoeStats, RateLimit } from './model';
export { XiaoeState } from './state';
export type { AddOrdersInput, UpdateOrdersInput, UpdateUsersInput, OrderView, UserView } from './state';

export interface XiaoeEmulator {
	url: string;
	state: XiaoeState;
	stats(): XiaoeStats;
	/** The seeded fault injector, when the emulator was started with a fault plan (test/emulators/common/faults.ts). */
	faults?: FaultInjector;
	close(): Promise<void>;
}

const reply = (code: number, msg: string, data: unknown = []): EmuResponse => ({ body: { code, msg, data } });
/** No throttling code is documented: 429 and this wording are the emulator's guess (see the codes table). */
const THROTTLED = () => reply(429, '请求过于频繁,请稍后再试');
/** A timed-out call is held this long (longer than a 30 s client timeout), then dropped. */
const HOLD_MS = 31_000;

export async function startXiaoeEmulator(options: XiaoeEmulatorOptions = {}, faultPlan?: Partial<FaultPlan>): Promise<XiaoeEmulator> {
	const state = new XiaoeState(options);
	// Held "timeout" calls are released on close so jest is not kept waiting.
	const held = new HeldCalls();
	const hold = (ms: number) => held.hold(ms);

	/**
	 * GET /token, documented and used by every official SDK (query string as the Java SDK sends it; a JSON body,
	 * as the Python/Go SDKs send it, is accepted too). Codes 2051 (third-party code), 2013, 2004 and 1001 are
	 * guesses at what Xiaoe answers; see the codes table in README.md.
	 */
	function token(req: EmuRequest): EmuResponse {
		const st = state.stat;
		st.tokenFetches++;
		const b = isObject(req.body) ? req.body : {};
		st.tokenParams.push([...new Set([...Object.keys(req.query), ...Object.keys(b)])].sort());
		if (state.faults.ipBlocked) return reply(2051, 'ip 未在白名单');
		if (!state.allow('token', state.tokenRateLimit)) return reply(2013, '获取access_token过于频繁,请10分钟后再试');
		const given = (k: string) => req.query[k] !== undefined || b[k] !== undefined;
		const p = (k: string) => String(req.query[k] ?? b[k] ?? '');
		if (p('grant_type') !== 'client_credential') return reply(1001, '参数错误: grant_type必须为client_credential');
		// Shops that enabled the API before 2019-12-09 (clientId '') have no client_id; a given one must not be empty.
		if (given('client_id') && p('client_id') === '') return reply(1001, '参数错误: client_id不能为空');
		if (p('app_id') !== state.appId || p('client_id') !== state.clientId || p('secret_key') !== state.secretKey) {
			return reply(2004, 'app_id、client_id或secret_key错误');
		}
		return reply(0, 'success', state.issueToken());
	}

	async function business(req: EmuRequest): Promise<EmuResponse> {
		const key = req.path.replace(/^\/+/, '');
		const st = state.stat;
		st.businessCalls++;
		st.calls[key] = (st.calls[key] ?? 0) + 1;
		const n = st.businessCalls;
		const f = state.faults;
		const every = (k: number) => k > 0 && n % k === 0;
		if (every(f.timeoutEveryNCalls)) {
			await hold(HOLD_MS);
			return { destroy: true };
		}
		if (every(f.serverErrorEveryNCalls)) return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
		if (every(f.expireTokenEveryNCalls)) state.expireAllTokens();
		const body = isObject(req.body) ? req.body : {};
		if (!state.tokenValid(body.access_token)) {
			st.rejectedTokenCalls++;
			return reply(2008, 'access_token已过期或无效');
		}
		if (every(f.throttleEveryNCalls)) {
			st.throttled++;
			return THROTTLED();
		}
		if (every(f.busyEveryNCalls)) {
			st.busyAnswers++;
			return reply(f.busyAnswer.code, f.busyAnswer.msg);
		}
		if (f.answerCode && (!f.answerCode.api || f.answerCode.api === key)) return reply(f.answerCode.code, f.answerCode.msg);
		const ep = ENDPOINTS[key];
		// Guess: what the real gateway answers for an unknown API is not documented.
		if (!ep) return reply(404, `接口不存在: ${key}`);
		const limit = state.rateLimits === false ? undefined : (state.rateLimits[key] ?? ep.limit);
		if (limit && !state.allow(key, limit)) {
			st.throttled++;
			return THROTTLED();
		}
		try {
			return reply(0, 'success', ep.run(state, body, Date.now()));
		} catch (e) {
			if (e instanceof ApiError) return reply(e.code, e.message, e.data);
			throw e;
		}
	}

	async function answer(req: EmuRequest): Promise<EmuResponse> {
		if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
		if (req.path === '/token') {
			// Only GET is documented and used by the official SDKs.
			return req.method === 'GET' ? token(req) : { status: 405, body: 'Method Not Allowed' };
		}
		return business(req);
	}

	const { server, faults, close } = await serveEmulator({
		name: 'Xiaoe',
		faultPlan,
		target: {
			isApiCall: (req) => !req.path.startsWith(CONTROL_PREFIX),
			// Every endpoint the emulator knows reads.
			isWrite: () => false,
			isTokenCall: (req) => req.path === '/token',
			throttled: () => {
				state.stat.throttled++;
				return THROTTLED();
			},
			expireTokens: () => state.expireAllTokens(),
		},
		handler: async (req) => {
			if (req.path.startsWith(CONTROL_PREFIX)) return handleControl(state, req);
			const res = await answer(req);
			if (state.recording && !res.destroy) {
				const api = req.path === '/token' ? 'token' : req.path.replace(/^\/+/, '');
				state.exchanges.push({ api, method: req.method, query: req.query, body: req.body, status: res.status ?? 200, response: res.body });
			}
			return res;
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
