/**
 * A local emulator of the Mingdao (明道云 / HAP) worksheet API: v3 first, v2 for what v3 lacks.
 * Every API answer is HTTP 200: `{success:true, error_code:1, data}` or an error envelope (three forms, see
 * `errorStyle`); injected 5xx faults are HTTP 502.
 *
 * Contract: every v3 request is checked against the request schema of Mingdao's official v3 reference and every
 * v3 answer against its response schema (test/fixtures/mingdao). A request that does not fit is refused with
 * 10001 and logged in `state.contract.violations`; an answer that does not fit is never sent: the emulator
 * answers HTTP 500 instead, so a drifted emulator fails every test that touches it.
 */
import { checkRequest, checkResponse, operationFor } from '../../fixtures/mingdao/openapi';
import type { Operation } from '../../fixtures/mingdao/openapi';
import type { FaultInjector, FaultPlan, FaultTarget } from '../common/faults';
import { serveEmulator } from '../common/serve';
import { delay, type EmuRequest, type EmuResponse } from '../common/server';
import { handleControl } from './control';
import { ERR, MdError } from './errors';
import { matchRoute, type Route } from './route';
import { MingdaoState, type MingdaoEmulatorOptions, type MingdaoStats } from './state';
import { v2Routes } from './v2';
import { v3Routes } from './v3';

export type {
	ContractLog,
	MingdaoEmulatorOptions,
	MingdaoErrorStyle,
	MingdaoFaults,
	MingdaoFieldDef,
	MingdaoFieldType,
	MingdaoStats,
	MingdaoWorksheetDef,
} from './state';
export { MingdaoState } from './state';
export { DEMO_APP_NAME, DEMO_WORKSHEETS, MEMBERS, WECHAT_MEMBERS_SHEET } from './presets';

export interface MingdaoEmulator {
	/** Credential base URL, e.g. http://127.0.0.1:PORT/api */
	url: string;
	state: MingdaoState;
	stats(): MingdaoStats;
	/** The seeded fault injector, when the emulator was started with a fault plan (test/emulators/common/faults.ts). */
	faults?: FaultInjector;
	close(): Promise<void>;
}

const ROUTES: Route[] = [...v3Routes, ...v2Routes];

const ok = (data: unknown): EmuResponse => ({ body: { success: true, error_code: 1, error_msg: '', data } });

/** An error in the form the `errorStyle` fault asks for (all three appear in Mingdao's reference or its notes). */
function fail(state: MingdaoState, code: number, msg: string): EmuResponse {
	switch (state.faults.errorStyle) {
		case 'code_msg':
			return { body: { success: false, code, msg, data: {} } };
		case 'errorCode':
			return { body: { errorCode: code, errorMsg: msg } };
		default:
			return { body: { success: false, error_code: code, error_msg: msg } };
	}
}

/** The official operation for a v3 route; `/v3/app/info` (named in Mingdao's skill docs) answers as `/v3/app`. */
function officialOperation(route: Route, path: string): Operation | undefined {
	if (route.auth !== 'v3') return undefined;
	return operationFor(route.method, route.path === '/v3/app/info' ? '/v3/app' : path);
}

/** Static keys (HAP-Appkey / HAP-Sign): no token to expire. Writes: every POST but the reads, PATCH, DELETE. */
const READ_POSTS = /\/rows\/list$|\/(getWorksheetInfo|getFilterRows|getRowByIdPost)$/;
function faultTarget(state: MingdaoState): FaultTarget {
	return {
		isApiCall: (req) => !req.path.startsWith('/__emulator'),
		isWrite: (req) => req.method === 'PATCH' || req.method === 'DELETE' || (req.method === 'POST' && !READ_POSTS.test(req.path)),
		throttled: () => {
			state.countThrottled();
			return fail(state, ERR.rateLimited, '请求过于频繁');
		},
		applied: (res) => (res.body as { success?: boolean } | undefined)?.success === true,
	};
}

export async function startMingdaoEmulator(options: MingdaoEmulatorOptions = {}, faultPlan?: Partial<FaultPlan>): Promise<MingdaoEmulator> {
	const state = new MingdaoState(options);
	const { server, faults, close } = await serveEmulator({
		name: 'Mingdao',
		faultPlan,
		target: faultTarget(state),
		handler: (req) => handle(state, req),
		port: options.port,
	});
	return { url: `${server.url}/api`, state, stats: () => state.stats(), faults, close };
}

async function handle(state: MingdaoState, req: EmuRequest): Promise<EmuResponse> {
	if (req.path.startsWith('/__emulator/') || req.path === '/__emulator') return handleControl(state, req);
	const path = req.path.startsWith('/api/') ? req.path.slice(4) : req.path;
	const hit = matchRoute(ROUTES, req.method, path);
	if (!hit) return { status: 404, body: { success: false, error_code: 0, error_msg: `no such API: ${req.method} ${req.path}` } };
	const { route, params } = hit;
	state.countCall(`${route.method} ${route.path}`);
	const op = officialOperation(route, path);
	const leave = state.enter();
	const answer = await respond(state, req, route, params, op).finally(leave);
	if (!op || answer.status !== undefined) return answer;
	// Never send an answer the reference does not allow.
	const problems = checkResponse(op, answer.body);
	state.contract.checked[op.key] = state.contract.checked[op.key] ?? { requests: 0, responses: 0 };
	state.contract.checked[op.key].responses++;
	if (problems.length === 0) return answer;
	state.contract.violations.push({ kind: 'response', operation: op.key, problems, body: answer.body });
	return { status: 500, body: { emulatorContractViolation: op.key, problems } };
}

async function respond(state: MingdaoState, req: EmuRequest, route: Route, params: Record<string, string>, op?: Operation): Promise<EmuResponse> {
	if (state.faults.latencyMs > 0) await delay(state.faults.latencyMs);
	if (route.path.endsWith('/rows/list')) await state.listBarrier();
	const fault = state.nextFault();
	if (fault === 'server') return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
	if (fault === 'throttle') {
		state.countThrottled();
		return fail(state, ERR.rateLimited, '请求过于频繁');
	}

	const body = route.auth === 'v2' && req.method === 'GET' ? req.query : ((req.body ?? {}) as any);
	try {
		if (typeof body !== 'object' || Array.isArray(body)) throw new MdError(ERR.missingParam, '参数错误: body must be a JSON object');
		const appKey = authenticate(state, route, req, body);
		if (op) {
			// The request as the reference describes it; anything else is refused (and logged for the contract tests).
			const problems = checkRequest(op, req.body);
			state.contract.checked[op.key] = state.contract.checked[op.key] ?? { requests: 0, responses: 0 };
			state.contract.checked[op.key].requests++;
			if (problems.length) {
				state.contract.violations.push({ kind: 'request', operation: op.key, problems, body: req.body });
				throw new MdError(ERR.missingParam, `参数错误: ${problems.join('; ')}`);
			}
		}
		if (!state.allowCall(appKey)) {
			state.countThrottled();
			return fail(state, ERR.rateLimited, '请求过于频繁');
		}
		return ok(await route.run(state, req, params, body));
	} catch (e) {
		if (e instanceof MdError) return fail(state, e.code, e.message);
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
