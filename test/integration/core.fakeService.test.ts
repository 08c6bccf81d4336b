/**
 * The core carries what the next services need, proven on a fake service over real HTTP before any of them uses it:
 * a multi-field session (Fxiaoke-like), a cookie session (Kingdee session mode), a forced refresh (WeChat
 * stable_token), a partial batch (Kingdee BatchSave) and the classification that knows the credential's mode.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { request, SessionRefused } from '../../nodes/core/callApi';
import { headerValues } from '../../nodes/core/http';
import { retryPolicy } from '../../nodes/core/retry';
import { sessionCache } from '../../nodes/core/sessionCache';
import type { HttpContext, ServiceAdapter, Session } from '../../nodes/core/types';
import { startHttpServer } from '../emulators/common/server';
import type { EmuRequest, RunningServer } from '../emulators/common/server';
import { httpRequest } from '../support/context';

interface FakeCreds {
	baseUrl: string;
	appId: string;
	secret: string;
	mode: 'token' | 'cookie' | 'signature';
}
interface FakeSession extends Session {
	corpId?: string;
	operatorId?: string;
	cookie?: string;
}

/** The fake API: a token endpoint with a "stable" token, a login that sets a cookie, a read and a batch write. */
function fakeApi() {
	const state = { tokenVersion: 1, validTokens: new Set<string>(), sessions: new Set<string>(), tokenCalls: [] as boolean[], logins: 0, rows: [] as string[] };
	const token = () => `tok-${state.tokenVersion}`;
	state.validTokens.add(token());
	const handler = (req: EmuRequest) => {
		const body = (req.body ?? {}) as Record<string, unknown>;
		if (req.path === '/token') {
			// Stable: the same token while valid; a new one only when forced.
			state.tokenCalls.push(body.force === true);
			if (body.secret !== 's3cret-value') return { body: { code: 40125, msg: 'invalid appsecret' } };
			if (body.force === true) {
				state.tokenVersion++;
				state.validTokens.add(token());
			}
			return { body: { code: 0, token: token(), corpId: 'CORP1', operatorId: 'OP9', expires_in: 7200 } };
		}
		if (req.path === '/login') {
			state.logins++;
			const sid = `sid-${state.logins}`;
			state.sessions.add(sid);
			return { body: { ok: true }, headers: { 'Set-Cookie': `kd-session=${sid}; Path=/; HttpOnly` } };
		}
		if (req.path === '/read') {
			const cookie = String(req.headers.cookie ?? '');
			const sid = /kd-session=([^;]+)/.exec(cookie)?.[1];
			if (req.query.mode === 'cookie') return { body: sid && state.sessions.has(sid) ? { MsgCode: 0, data: 'ok' } : { MsgCode: 1, msg: 'context lost' } };
			if (!state.validTokens.has(String(body.token))) return { body: { code: 40001, msg: 'invalid credential' } };
			if (body.corpId !== 'CORP1' || body.operatorId !== 'OP9') return { body: { code: 1, msg: 'corpId/operator missing' } };
			return { body: { code: 0, data: 'ok' } };
		}
		if (req.path === '/batch') {
			const rows = body.rows as string[];
			const errors = rows.map((r, i) => (r.startsWith('bad') ? { DIndex: i, Message: `row ${r} refused` } : null)).filter(Boolean);
			rows.forEach((r) => !r.startsWith('bad') && state.rows.push(r));
			const success = rows.map((r, i) => (r.startsWith('bad') ? null : { DIndex: i, Id: `id-${r}` })).filter(Boolean);
			return { body: { IsSuccess: errors.length === 0, Errors: errors, SuccessEntitys: success } };
		}
		return { status: 404, body: 'not found' };
	};
	return { state, handler };
}

const fakeAdapter: ServiceAdapter<FakeCreds, FakeSession> = {
	name: 'Fake',
	baseUrl: (c) => c.baseUrl,
	identity: (c) => `fake|${c.baseUrl}|${c.appId}|${c.mode}`,
	secrets: (c) => [c.secret],
	secretNames: ['token'],
	forcedRefreshCooldownMs: 60_000,
	async fetchSession(send, c, { force }) {
		if (c.mode === 'signature') return undefined;
		if (c.mode === 'cookie') {
			const response = await send({ method: 'POST', url: `${c.baseUrl}/login`, body: { appId: c.appId } });
			const cookie = headerValues(response, 'set-cookie').map((v) => v.split(';')[0]).join('; ');
			return { token: cookie.split('=')[1], cookie, expiresInSec: 900 };
		}
		const { body } = (await send({ method: 'POST', url: `${c.baseUrl}/token`, body: { secret: c.secret, force } })) as {
			body: { code: number; msg?: string; token: string; corpId: string; operatorId: string; expires_in: number };
		};
		if (body.code !== 0) throw new SessionRefused({ code: String(body.code), message: body.msg ?? '' });
		return { token: body.token, corpId: body.corpId, operatorId: body.operatorId, expiresInSec: body.expires_in };
	},
	authorize(req: IHttpRequestOptions, c, session) {
		if (c.mode === 'cookie') {
			req.headers = { ...(req.headers ?? {}), Cookie: session!.cookie! };
			req.qs = { ...(req.qs ?? {}), mode: 'cookie' };
		} else if (session) req.body = { ...((req.body as object) ?? {}), token: session.token, corpId: session.corpId, operatorId: session.operatorId };
	},
	classify({ response, creds }) {
		const body = response.body as Record<string, unknown>;
		if ('IsSuccess' in body) return body.IsSuccess ? 'ok' : (body.SuccessEntitys as unknown[]).length ? 'partial' : 'error';
		// MsgCode 1 means "log in again" only where there is a login.
		if (body.MsgCode === 1) return creds.mode === 'cookie' ? 'token' : 'error';
		if (body.MsgCode === 0 || body.code === 0) return 'ok';
		if (body.code === 40001) return 'token';
		return 'error';
	},
	failure: ({ response }) => {
		const body = response.body as Record<string, unknown>;
		return { code: String(body.code ?? body.MsgCode ?? 'E'), message: String(body.msg ?? 'failed') };
	},
	rowResults({ response }) {
		const body = response.body as { Errors: Array<{ DIndex: number; Message: string }>; SuccessEntitys: Array<{ DIndex: number; Id: string }> };
		return [
			...body.SuccessEntitys.map((s) => ({ index: s.DIndex, ok: true as const, id: s.Id })),
			...body.Errors.map((e) => ({ index: e.DIndex, ok: false as const, failure: { code: 'ROW', message: e.Message } })),
		];
	},
	ratePerSecond: () => 0,
};

const ctx: HttpContext = {
	getNode: () => ({ id: '1', name: 'Fake', type: 'fake', typeVersion: 1, position: [0, 0], parameters: {} }),
	helpers: { httpRequest: (o) => httpRequest(o) },
};

let server: RunningServer;
let api: ReturnType<typeof fakeApi>;
const creds = (mode: FakeCreds['mode']): FakeCreds => ({ baseUrl: server.url, appId: 'app1', secret: 's3cret-value', mode });

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	api = fakeApi();
	server = await startHttpServer((req) => api.handler(req));
});
afterAll(() => server.close());
beforeEach(() => sessionCache.clear());

describe('core on a fake service', () => {
	it('a multi-field session: every field reaches the call; one fetch for many concurrent calls', async () => {
		const results = await Promise.all(Array.from({ length: 10 }, () => request(ctx, fakeAdapter, creds('token'), { method: 'POST', path: '/read', idempotent: true })));
		expect(results.every((r) => (r.body as { data: string }).data === 'ok')).toBe(true);
		expect(sessionCache.fetches.get(fakeAdapter.identity(creds('token')))).toBe(1);
	});

	it('a rejected stable token is renewed by a forced refresh (a plain fetch would return the same token)', async () => {
		await request(ctx, fakeAdapter, creds('token'), { method: 'POST', path: '/read', idempotent: true });
		// Another system forced a new token: ours is now rejected with 40001.
		api.state.validTokens.clear();
		api.state.tokenVersion++;
		api.state.validTokens.add(`tok-${api.state.tokenVersion}`);
		api.state.tokenCalls.length = 0;
		const r = await request(ctx, fakeAdapter, creds('token'), { method: 'POST', path: '/read', idempotent: true });
		expect((r.body as { data: string }).data).toBe('ok');
		expect(api.state.tokenCalls).toEqual([true]);
	});

	it('a cookie session from Set-Cookie, renewed once when the service says the context is lost', async () => {
		const c = creds('cookie');
		await request(ctx, fakeAdapter, c, { method: 'POST', path: '/read', idempotent: true });
		expect(api.state.logins).toBe(1);
		api.state.sessions.clear(); // the server forgot every session (idle timeout)
		const r = await request(ctx, fakeAdapter, c, { method: 'POST', path: '/read', idempotent: true });
		expect((r.body as { data: string }).data).toBe('ok');
		expect(api.state.logins).toBe(2);
		expect(r.headers).toBeDefined();
	});

	it('classification knows the credential mode: MsgCode 1 without a session is an error, not a login loop', async () => {
		const error = await request(ctx, fakeAdapter, creds('signature'), { method: 'POST', path: '/read', idempotent: true }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('1');
		expect(api.state.logins).toBe(2);
	});

	it('a partial batch returns the body with one result per row; nothing is thrown for the rows that were saved', async () => {
		const r = await request(ctx, fakeAdapter, creds('signature'), { method: 'POST', path: '/batch', body: { rows: ['a', 'bad1', 'c'] }, idempotent: false });
		expect(r.rows?.sort((x, y) => x.index - y.index)).toEqual([
			{ index: 0, ok: true, id: 'id-a' },
			{ index: 1, ok: false, failure: { code: 'ROW', message: 'row bad1 refused' } },
			{ index: 2, ok: true, id: 'id-c' },
		]);
		expect(api.state.rows).toEqual(['a', 'c']);
	});

	it('a refused login is the API error with its code; the secret is never in the message', async () => {
		const error = await request(ctx, fakeAdapter, { ...creds('token'), appId: 'other', secret: 'wrong-secret-value' }, { method: 'POST', path: '/read', idempotent: true }).catch((e) => e);
		expect(error.message).toContain('40125');
		expect(error.message + (error.description ?? '')).not.toContain('wrong-secret-value');
	});
});
