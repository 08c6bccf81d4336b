/**
 * A local emulator of the Mingdao (明道云 / HAP) worksheet API: v3 first, v2 for what v3 lacks.
 * Every API answer is HTTP 200 with `{success, error_code, error_msg, data}`; injected 5xx faults are HTTP 502.
 */
import { delay, startHttpServer, type EmuRequest, type EmuResponse } from '../common/server';
import { handleControl } from './control';
import { ERR, MdError } from './errors';
import { matchRoute, type Route } from './route';
import { MingdaoState, type MingdaoEmulatorOptions, type MingdaoStats } from './state';
import { v2Routes } from './v2';
import { v3Routes } from './v3';

export type {
	MingdaoEmulatorOptions,
	MingdaoFaults,
	MingdaoFieldDef,
	MingdaoFieldType,
	MingdaoStats,
	MingdaoWorksheetDef,
} from './state';
export { MingdaoState } from './state';
export { DEMO_APP_NAME, DEMO_WORKSHEETS, MEMBERS } from './presets';

export interface MingdaoEmulator {
	/** Credential base URL, e.g. http://127.0.0.1:PORT/api */
	url: string;
	state: MingdaoState;
	stats(): MingdaoStats;
	close(): Promise<void>;
}

const ROUTES: Route[] = [...v3Routes, ...v2Routes];

const ok = (data: unknown): EmuResponse => ({ body: { success: true, error_code: 1, error_msg: '', data } });
const fail = (code: number, msg: string): EmuResponse => ({ body: { success: false, error_code: code, error_msg: msg, data: null } });

export async function startMingdaoEmulator(options: MingdaoEmulatorOptions = {}): Promise<MingdaoEmulator> {
	const state = new MingdaoState(options);
	const server = await startHttpServer((req) => handle(state, req), { port: options.port });
	return { url: `${server.url}/api`, state, stats: () => state.stats(), close: () => server.close() };
}

async function handle(state: MingdaoState, req: EmuRequest): Promise<EmuResponse> {
	if (req.path.startsWith('/__emulator/') || req.path === '/__emulator') return handleControl(state, req);
	const path = req.path.startsWith('/api/') ? req.path.slice(4) : req.path;
	const hit = matchRoute(ROUTES, req.method, path);
	if (!hit) return { status: 404, body: { success: false, error_code: 0, error_msg: `no such API: ${req.method} ${req.path}`, data: null } };
	const { route, params } = hit;
	state.countCall(`${route.method} ${route.path}`);

	if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
	const fault = state.nextFault();
	if (fault === 'server') return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
	if (fault === 'throttle') {
		state.countThrottled();
		return fail(ERR.rateLimited, '请求过于频繁');
	}

	const body = route.auth === 'v2' && req.method === 'GET' ? req.query : ((req.body ?? {}) as any);
	try {
		if (typeof body !== 'object' || Array.isArray(body)) throw new MdError(ERR.missingParam, '参数错误: body must be a JSON object');
		const appKey = authenticate(state, route, req, body);
		if (!state.allowCall(appKey)) {
			state.countThrottled();
			return fail(ERR.rateLimited, '请求过于频繁');
		}
		return ok(await route.run(state, req, params, body));
	} catch (e) {
		if (e instanceof MdError) return fail(e.code, e.message);
		throw e;
	}
}

/** v3: HAP-Appkey / HAP-Sign headers; v2: appKey / sign in the body (query for GET). The sign is a static secret. */
function authenticate(state: MingdaoState, route: Route, req: EmuRequest, body: any): string {
	const appKey = route.auth === 'v3' ? req.headers['hap-appkey'] : body.appKey;
	const sign = route.auth === 'v3' ? req.headers['hap-sign'] : body.sign;
	if (appKey !== state.appKey) throw new MdError(ERR.unknownAppKey, `AppKey 不存在: ${appKey ?? '(missing)'}`);
	if (sign !== state.sign) throw new MdError(ERR.badSign, '签名不合法');
	return appKey as string;
}
