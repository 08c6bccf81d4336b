/**
 * Authentication as the server sees it, written apart from the node's code (so that both are checked by the
 * vectors, not by each other):
 * - signed requests: X-Kd-Appkey / X-Kd-Appdata / X-Kd-Signature (HMAC-SHA256 with the AppSecret over AppID + app
 *   data, hex, base64) and X-Api-Signature (HMAC-SHA256 with the decoded client secret over the request line, path
 *   percent-encoded with '/' as %2F), timestamp within clockSkewSec;
 * - sessions: header kdservice-sessionid or the cookie of that name, lost after sessionIdleMs without calls;
 * - logins: LoginByAppSecret / ValidateUser, body either positional `parameters` (C# client envelope) or named.
 * A request neither signed correctly nor carrying a live session gets 会话信息已丢失 (MsgCode 1), as captured.
 */
import { createHmac } from 'node:crypto';
import type { EmuRequest } from '../common/server';
import type { KingdeeState } from './state';
import { prop } from './values';

const XOR = '0054f397c6234378b09ca7d3e5debce7';

function hmac(key: string, message: string): string {
	return Buffer.from(createHmac('sha256', key).update(message, 'utf8').digest('hex')).toString('base64');
}

/** The server side of the AppID's secret part: base64 → XOR with the fixed key → base64. */
function clientSecretOf(appId: string): string {
	const part = appId.slice(appId.indexOf('_') + 1);
	const raw = Buffer.from(part, 'base64');
	return Buffer.from(raw.map((byte, i) => byte ^ XOR.charCodeAt(i))).toString('base64');
}

/** Percent-encoding of every byte but unreserved characters (so '/' too). */
function encodePath(path: string): string {
	return encodeURIComponent(path).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const header = (req: EmuRequest, name: string): string | undefined => {
	const value = req.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
};

export type AuthResult = { ok: true; user: string; via: 'signature' | 'session' } | { ok: false; reason: string };

/** Verify signed headers; `nowSec` is injectable so that the recorded vectors can be replayed. */
export function verifySignature(state: KingdeeState, req: EmuRequest, nowSec = state.now() / 1000): AuthResult {
	const appId = header(req, 'X-Kd-Appkey') ?? '';
	const secret = state.apps.get(appId);
	if (!secret) return { ok: false, reason: 'unknown app' };
	const appDataB64 = header(req, 'X-Kd-Appdata') ?? '';
	const appData = Buffer.from(appDataB64, 'base64').toString('utf8');
	if (hmac(secret, appId + appData) !== header(req, 'X-Kd-Signature')) return { ok: false, reason: 'X-Kd-Signature' };
	const [acctId, user] = appData.split(',');
	if (acctId !== state.acctId) return { ok: false, reason: 'data center' };
	if (!state.users.has(user)) return { ok: false, reason: 'user' };
	if (header(req, 'X-Api-ClientID') !== appId.split('_')[0]) return { ok: false, reason: 'X-Api-ClientID' };
	const timestamp = header(req, 'x-api-timestamp') ?? '';
	const nonce = header(req, 'x-api-nonce') ?? '';
	if (!/^\d+$/.test(timestamp) || Math.abs(nowSec - Number(timestamp)) > state.clockSkewSec)
		return { ok: false, reason: 'timestamp' };
	const message = `POST\n${encodePath(req.path)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
	if (hmac(clientSecretOf(appId), message) !== header(req, 'X-Api-Signature')) return { ok: false, reason: 'X-Api-Signature' };
	return { ok: true, user, via: 'signature' };
}

function sessionIdOf(req: EmuRequest): string | undefined {
	const direct = header(req, 'kdservice-sessionid');
	if (direct) return direct;
	const cookie = header(req, 'cookie') ?? '';
	return /(?:^|;\s*)kdservice-sessionid=([^;]+)/i.exec(cookie)?.[1];
}

export function authenticate(state: KingdeeState, req: EmuRequest): AuthResult {
	const sid = sessionIdOf(req);
	if (sid) {
		const user = state.touchSession(sid);
		if (user) return { ok: true, user, via: 'session' };
		if (!header(req, 'X-Kd-Appkey')) return { ok: false, reason: 'session lost' };
	}
	if (header(req, 'X-Kd-Appkey')) return verifySignature(state, req);
	return { ok: false, reason: 'no credentials' };
}

export interface LoginAnswer {
	body: Record<string, unknown>;
	cookies: string[];
}

/** LoginByAppSecret (`appSecret` given) or ValidateUser (`password`). */
export function login(state: KingdeeState, body: unknown, kind: 'appSecret' | 'password'): LoginAnswer {
	const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
	const positional = Array.isArray(b.parameters)
		? (b.parameters as unknown[])
		: typeof b.parameters === 'string'
			? (JSON.parse(b.parameters) as unknown[])
			: undefined;
	const pick = (index: number, ...names: string[]) =>
		String(positional ? (positional[index] ?? '') : (names.map((n) => prop(b, n)).find((v) => v !== undefined) ?? ''));
	const acctId = pick(0, 'acctId', 'acctID');
	const user = pick(1, 'username', 'userName');
	const lcid = Number(pick(kind === 'appSecret' ? 4 : 3, 'lcid')) || 2052;
	const refuse = (message: string, messageCode: string | null = null) => {
		state.stat.loginFailures++;
		return {
			body: { Message: message, MessageCode: messageCode, LoginResultType: 0, Context: null, KDSVCSessionId: null, Lcid: lcid },
			cookies: [],
		};
	};
	if (acctId !== state.acctId) return refuse(`数据中心不存在或已停用：${acctId}`);
	const account = state.users.get(user);
	if (!account) return refuse('用户名或密码错误');
	if (account.locked) return refuse('该用户登录失败次数超限，已被锁定，请联系管理员解锁');
	if (kind === 'appSecret') {
		const appId = pick(2, 'appId', 'appid');
		const appSecret = pick(3, 'appSecret', 'appsecret', 'appSec');
		if (state.apps.get(appId) !== appSecret)
			return refuse('第三方系统登录授权验证失败：应用ID或应用密钥(AppSecret)不正确', '002005000003016');
	} else if (pick(2, 'password') !== account.password) {
		account.failures++;
		if (account.failures >= state.lockAfterFailures) account.locked = true;
		return refuse('用户名或密码错误');
	}
	account.failures = 0;
	state.stat.logins++;
	const sid = state.openSession(user);
	return {
		body: {
			Message: null,
			MessageCode: 'CheckPasswordPolicy',
			LoginResultType: 1,
			Context: {
				UserName: user,
				DataCenterNumber: '01',
				DBid: state.acctId,
				UTimeZone: { OffsetTicks: 288000000000, StandardName: '(UTC+08:00)北京，重庆，香港特别行政区，乌鲁木齐' },
			},
			KDSVCSessionId: sid,
			FormId: null,
			RedirectFormParam: null,
			FormInputObject: null,
			ErrorStackTrace: null,
			Lcid: lcid,
			AccessToken: null,
			CustomParam: {},
			IsSuccessByAPI: true,
		},
		cookies: [`kdservice-sessionid=${sid}; path=/`, `ASP.NET_SessionId=${sid.replace(/-/g, '').slice(0, 24)}; path=/; HttpOnly`],
	};
}
