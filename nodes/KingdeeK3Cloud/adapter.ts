import type { ApiFailure, Exchange, Outcome, RowResult, ServiceAdapter } from '../core/types';
import { fingerprint } from '../core/hash';
import { redact } from '../core/redact';
import { decisiveStatus, describeErrors, readAnswer } from './answers';
import type { KdStatus } from './answers';
import type { KingdeeCredentials } from './credentials';
import { login, sessionHeaders } from './session';
import type { KingdeeSession } from './session';
import { signatureHeaders } from './sign';

/**
 * How Kingdee K3Cloud (金蝶云星空) differs from the other services; everything else is the core's.
 * Facts: test/fixtures/kingdee/*.json (official SDKs, open.kingdee.com page text, captured answers).
 */
export const KINGDEE = 'Kingdee K3Cloud (金蝶云星空)';

/** Kingdee publishes no rate; MsgCode 14 (调用限制) is retried with backoff. 10/s per service is the default. */
export const DEFAULT_RATE = 10;

export const MSG = { contextLost: 1, callLimit: 14 } as const;

/** MsgCodes that concern single rows of a batch (others refuse the whole request). */
const ROW_LEVEL = new Set([undefined, 0, 9, 10, 11, 12, 13]);

const HINTS: Record<number, string> = {
	2: 'The user has no permission (没有权限) for this form or operation: grant it in Kingdee (用户权限) to the integration user.',
	3: 'Kingdee did not recognise the operation (操作标识为空).',
	5: 'Kingdee did not recognise the form ID (单据标识为空). Check the Form ID, e.g. BD_Customer or SAL_SaleOrder.',
	7: 'Kingdee refused for licensing reasons (许可错误): the module may not be licensed for API use.',
	8: 'Kingdee refused the parameters (参数错误): check the form ID, field keys and the JSON of the model.',
	9: 'A field or value does not exist (指定字段/值不存在): check field keys and the numbers of referenced base data.',
	10: 'No such record (未找到对应数据): check the number or ID.',
	11: 'Kingdee rejected the data (验证失败).',
	12: "Not allowed in the record's current status (不可操作), e.g. changing an audited bill: unaudit it first.",
	13: 'Another user or process is working on this record (网控冲突). Try again later.',
	14: "Kingdee's call limit (调用限制) was still hit after several retries. Lower Max Requests per Second in the credential.",
	15: 'Kingdee does not allow administrators to use the API (禁止管理员登录). Use an integration user.',
};

const SIGNATURE_REFUSED =
	'Kingdee did not accept the signed request (会话信息已丢失 means no login matched the signature headers). Check the Data Center ID (账套ID), ' +
	'User Name, App ID and App Secret, and that the app is enabled in 第三方系统登录授权 for this user. The server clock of n8n must be correct.';

export const kingdeeAdapter: ServiceAdapter<KingdeeCredentials, KingdeeSession> = {
	name: KINGDEE,
	baseUrl: (c) => c.serverUrl,
	identity: (c) =>
		`kingdee|${c.serverUrl}|${c.acctId}|${c.userName}|${c.lcid}|${c.authMode}|${c.appId}|${fingerprint(c.authMode === 'passwordLogin' ? c.password : c.appSecret)}`,
	secrets: (c) => [c.appSecret, c.password, c.appId.split('_')[1] ?? ''],
	secretNames: ['X-Api-Signature', 'X-Kd-Signature', 'kdservice-sessionid', 'appSecret', 'password'],

	async fetchSession(send, c) {
		// The signature mode has no session: every call carries its own signed headers.
		if (c.authMode === 'signature') return undefined;
		return login(send, c);
	},

	authorize(request, c, session) {
		const auth =
			c.authMode === 'signature'
				? signatureHeaders({
						url: String(request.url),
						acctId: c.acctId,
						userName: c.userName,
						appId: c.appId,
						appSecret: c.appSecret,
						lcid: c.lcid,
						orgNumber: c.orgNumber,
						unixTime: Date.now() / 1000,
					})
				: { 'Content-Type': 'application/json', 'Accept-Charset': 'utf-8', ...(session ? sessionHeaders(session) : {}) };
		request.headers = { ...(request.headers ?? {}), ...auth };
	},

	classify({ request, creds, response: { body } }): Outcome {
		const answer = readAnswer(body);
		if (answer.kind === 'rows' || answer.kind === 'view') return 'ok';
		if (answer.kind === 'unknown') return 'error';
		const status = decisiveStatus(answer);
		if (status.isSuccess) return 'ok';
		if (status.msgCode === MSG.contextLost) return creds.authMode === 'signature' ? 'error' : 'token';
		if (status.msgCode === MSG.callLimit) return 'throttle';
		// Some rows saved, some refused: per-row results. No row saved: refused as a whole (the core then retries
		// row by row, so that only the bad rows fail).
		if (rowCountOf(request.body) > 1 && ROW_LEVEL.has(status.msgCode) && status.successes.length > 0) return 'partial';
		return 'error';
	},

	failure({ request, creds, response: { body } }): ApiFailure {
		const answer = readAnswer(body);
		if (answer.kind !== 'status') {
			return {
				code: 'UNEXPECTED',
				message: `not a Kingdee answer: ${redact(JSON.stringify(body) ?? String(body)).slice(0, 200)}`,
				hint: 'Check the Server URL: it is the K3Cloud site address, e.g. https://erp.example.com/k3cloud/',
			};
		}
		const status = decisiveStatus(answer);
		const code = status.msgCode ? String(status.msgCode) : (status.errorCode ?? 'IsSuccess false');
		const hint =
			status.msgCode === MSG.contextLost
				? creds.authMode === 'signature'
					? SIGNATURE_REFUSED
					: 'The Kingdee session was lost (会话信息已丢失) and a fresh login was rejected too. Check the credential.'
				: status.msgCode !== undefined
					? HINTS[status.msgCode]
					: undefined;
		const failure: ApiFailure = {
			code,
			message: describeErrors(status.errors) || 'Kingdee reported a failure without a message',
			hint,
		};
		if (rowCountOf(request.body) > 1) failure.rows = rowsOf(status, rowCountOf(request.body));
		return failure;
	},

	rowResults({ request, response: { body } }: Exchange<KingdeeCredentials>): RowResult[] {
		const answer = readAnswer(body);
		if (answer.kind !== 'status') return [];
		return rowsOf(answer.status, rowCountOf(request.body));
	},

	ratePerSecond: (c) => (c.requestsPerSecond > 0 ? c.requestsPerSecond : DEFAULT_RATE),
};

/** Rows of a batch request: the Model array (BatchSave) or the bills named (Numbers / Ids). */
export function rowCountOf(body: unknown): number {
	const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
	if (!data || typeof data !== 'object') return 0;
	if (Array.isArray(data.Model)) return data.Model.length;
	if (Array.isArray(data.Numbers) && data.Numbers.length > 0) return data.Numbers.length;
	if (typeof data.Ids === 'string' && data.Ids.trim() !== '') return data.Ids.split(',').length;
	return 1;
}

/** One result per row that Kingdee reported on, by `DIndex`. A row with an error counts as failed. */
function rowsOf(status: KdStatus, count: number): RowResult[] {
	const rows = new Map<number, RowResult>();
	for (const s of status.successes) {
		if (s.index < count) rows.set(s.index, { index: s.index, ok: true, id: s.id, number: s.number });
	}
	const failed = new Map<number, typeof status.errors>();
	for (const e of status.errors) if (e.index < count) failed.set(e.index, [...(failed.get(e.index) ?? []), e]);
	for (const [index, errors] of failed) {
		const message = describeErrors(errors);
		const code = status.msgCode ? String(status.msgCode) : (status.errorCode ?? 'IsSuccess false');
		rows.set(index, {
			index,
			ok: false,
			failure: { code, message: message || 'Kingdee refused this row', hint: status.msgCode ? HINTS[status.msgCode] : undefined },
		});
	}
	return [...rows.values()].sort((a, b) => a.index - b.index);
}
