import { randomUUID } from 'crypto';
import { SessionRefused } from '../core/callApi';
import { headerValues } from '../core/http';
import type { HttpResponse, Sender, Session } from '../core/types';
import { asNumber } from './answers';
import type { KingdeeCredentials } from './credentials';

/**
 * Session login (session modes only). The official SDKs sign every call instead; LoginByAppSecret / ValidateUser
 * come from Kingdee's C# client as third-party clients reimplement it: the envelope `{format, useragent, rid,
 * parameters: [...], timestamp, v}` with positional parameters. Success is `LoginResultType == 1` (official code
 * sample); the session is the `kdservice-sessionid` cookie (Python SDK `FillCookieAndHeader`), sent back as header
 * `kdservice-sessionid` plus `Cookie: Theme=standard;<every Set-Cookie name=value>` (Python SDK `BuildHeader`).
 */
export interface KingdeeSession extends Session {
	/** `name=value` of every cookie the login set. */
	cookies: string[];
}

export const LOGIN_BY_APP_SECRET = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginByAppSecret';
export const VALIDATE_USER = 'Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser';
export const SESSION_COOKIE = 'kdservice-sessionid';

/**
 * Kingdee drops a session after 20 minutes without calls; it gives no lifetime. 15 minutes keeps every cached
 * session well inside that (the core refreshes it a tenth earlier), at one login per ~13 minutes of activity.
 */
export const SESSION_LIFETIME_SEC = 15 * 60;

/** `name=value` pairs of Set-Cookie headers (attributes dropped). */
export function cookiesOf(response: HttpResponse): string[] {
	return headerValues(response, 'set-cookie')
		.flatMap((header) => header.split(/,(?=\s*[^;,=\s]+=)/))
		.map((cookie) => cookie.split(';')[0].trim())
		.filter((pair) => /^[^=\s]+=/.test(pair));
}

export function loginRequest(c: KingdeeCredentials) {
	const byAppSecret = c.authMode === 'appSecretLogin';
	const parameters = byAppSecret
		? [c.acctId, c.userName, c.appId, c.appSecret, c.lcid]
		: [c.acctId, c.userName, c.password, c.lcid];
	return {
		service: byAppSecret ? LOGIN_BY_APP_SECRET : VALIDATE_USER,
		body: { format: 1, useragent: 'ApiClient', rid: randomUUID(), parameters, timestamp: new Date().toISOString(), v: '1.0' },
	};
}

/** Why a login was refused, with what to check. Kingdee's messages are the only signal (no documented codes). */
function loginHint(c: KingdeeCredentials, message: string, messageCode: string): string {
	if (/次数|锁定|locked/i.test(message)) {
		return 'The user is locked after too many failed logins: an administrator can unlock it in Kingdee (用户管理), or wait for the lock to expire.';
	}
	if (/数据中心|账套|data ?center/i.test(message)) return 'Check the Data Center ID (账套ID): Kingdee does not know it.';
	if (messageCode === '002005000003016' || /签名|密钥|appsecret|app ?id|应用/i.test(message)) {
		return 'The App ID and App Secret do not match an enabled app in 第三方系统登录授权, or the app is not authorised for this user.';
	}
	if (/密码|password|用户/i.test(message)) return 'Check the user name and password.';
	return c.authMode === 'appSecretLogin'
		? 'Check the Data Center ID, User Name, App ID and App Secret.'
		: 'Check the Data Center ID, User Name and Password.';
}

export async function login(send: Sender, c: KingdeeCredentials): Promise<KingdeeSession> {
	const { service, body } = loginRequest(c);
	const response = await send({
		method: 'POST',
		url: `${c.serverUrl}/${service}.common.kdsvc`,
		body,
		headers: { 'Content-Type': 'application/json', 'Accept-Charset': 'utf-8' },
	});
	const answer = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as Record<string, unknown>;
	const resultType = asNumber(answer.LoginResultType);
	if (response.statusCode >= 400 || resultType === undefined) {
		throw new SessionRefused({
			code: response.statusCode >= 400 ? `HTTP ${response.statusCode}` : 'UNEXPECTED',
			message: 'the login service did not answer like Kingdee',
			hint: 'Check the Server URL: it is the K3Cloud site address, e.g. https://erp.example.com/k3cloud/',
		});
	}
	if (resultType !== 1) {
		const message = typeof answer.Message === 'string' && answer.Message ? answer.Message : 'login refused';
		const messageCode = String(answer.MessageCode ?? '');
		throw new SessionRefused({ code: `LoginResultType ${resultType}`, message, hint: loginHint(c, message, messageCode) });
	}
	const cookies = cookiesOf(response);
	const fromCookie = cookies
		.find((pair) => pair.toLowerCase().startsWith(`${SESSION_COOKIE}=`))
		?.slice(SESSION_COOKIE.length + 1);
	const token = fromCookie || (typeof answer.KDSVCSessionId === 'string' ? answer.KDSVCSessionId : '');
	if (!token) {
		throw new SessionRefused({
			code: 'NO_SESSION',
			message: 'the login succeeded but set no session cookie',
			hint: 'A proxy between n8n and Kingdee may drop cookies.',
		});
	}
	if (!fromCookie) cookies.push(`${SESSION_COOKIE}=${token}`);
	return {
		token,
		cookies,
		expiresInSec: SESSION_LIFETIME_SEC,
		secrets: cookies.map((pair) => pair.slice(pair.indexOf('=') + 1)),
	};
}

/** The headers that carry a session (Python SDK `BuildHeader`). */
export function sessionHeaders(session: KingdeeSession): Record<string, string> {
	return { [SESSION_COOKIE]: session.token, Cookie: ['Theme=standard', ...session.cookies].join(';') };
}
