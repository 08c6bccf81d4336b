/**
 * WeChat Official Account against its public record (test/fixtures/wechat/, each fact with its source):
 * (a) each documented answer and error, served over HTTP, read by the real node code: what a user gets;
 * (b) every answer the emulator gives in a representative run fits the documented fields or the error envelope;
 * (c) every request the node sends fits the documented parameters.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startHttpServer } from '../emulators/common/server';
import type { EmuRequest, RunningServer } from '../emulators/common/server';
import { startWechatEmulator } from '../emulators/wechat';
import { checkAnswer, checkRequest, loadFixtures, loadJson } from '../fixtures/wechat/contract';
import type { EndpointFixture } from '../fixtures/wechat/contract';
import { executeContext } from '../support/context';
import { WechatOfficialAccount } from '../../nodes/WechatOfficialAccount/WechatOfficialAccount.node';
import { wechatAdapter, wechatCredentials } from '../../nodes/WechatOfficialAccount/adapter';
import { retryPolicy } from '../../nodes/core/retry';
import { sessionCache } from '../../nodes/core/sessionCache';

const fixtures = loadFixtures();
const fx = (api: string): EndpointFixture => {
	const f = fixtures.get(api);
	if (!f) throw new Error(`no fixture for ${api}`);
	return f;
};
const example = (api: string, n = 0) => structuredClone(fx(api).response.examples[n].body);

beforeAll(() => {
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
});
beforeEach(() => sessionCache.clear());

/** A server that answers each path with a documented body, and records the requests it got. */
async function documented(answers: Record<string, unknown | unknown[]>): Promise<{ server: RunningServer; requests: EmuRequest[] }> {
	const requests: EmuRequest[] = [];
	const served = new Map<string, number>();
	const server = await startHttpServer((req) => {
		requests.push(req);
		const answer = answers[req.path];
		if (answer === undefined) return { status: 404, body: 'not documented here' };
		if (!Array.isArray(answer)) return { body: answer };
		const n = served.get(req.path) ?? 0;
		served.set(req.path, n + 1);
		return { body: answer[Math.min(n, answer.length - 1)] };
	});
	return { server, requests };
}

const STABLE = () => example('/cgi-bin/stable_token');

async function run(
	server: RunningServer,
	parameters: Record<string, unknown> | ((i: number) => Record<string, unknown>),
	options: { items?: IDataObject[]; credentials?: Record<string, unknown>; continueOnFail?: boolean } = {},
): Promise<IDataObject[]> {
	const credentials = { baseUrl: server.url, appId: 'wx0123456789abcdef', appSecret: 'APPSECRET', accessEndpoint: 'stable', ...options.credentials } as ICredentialDataDecryptedObject;
	const ctx = executeContext({ parameters, items: options.items, continueOnFail: options.continueOnFail, credentials: { wechatOfficialAccountApi: credentials } });
	const out: INodeExecutionData[] = (await new WechatOfficialAccount().execute.call(ctx))[0];
	return out.map((o) => o.json);
}

/** The requests the node sent, each checked against its endpoint's documented parameters. */
function checkRequests(requests: EmuRequest[]): number {
	for (const r of requests) checkRequest(fx(r.path), { method: r.method, query: r.query, body: r.body });
	return requests.length;
}

describe('fixtures', () => {
	it('name their sources, and every example fits its own fields', () => {
		expect([...fixtures.keys()].sort()).toEqual(
			[
				'/card/code/decrypt',
				'/card/code/get',
				'/card/get',
				'/card/membercard/activate',
				'/card/membercard/activatetempinfo/get',
				'/card/membercard/updateuser',
				'/card/membercard/userinfo/get',
				'/card/user/getcardlist',
				'/cgi-bin/message/template/send',
				'/cgi-bin/stable_token',
				'/cgi-bin/token',
				'/cgi-bin/user/get',
				'/cgi-bin/user/info',
				'/cgi-bin/user/info/batchget',
			].sort(),
		);
		for (const f of fixtures.values()) {
			expect(f.sources.length).toBeGreaterThan(0);
			for (const e of [...f.response.examples, ...(f.errors ?? [])]) {
				expect(e.source).toBeTruthy();
				expect(() => checkAnswer(f, e.body)).not.toThrow();
			}
		}
	});

	it('the checks catch what a guessing emulator or client would get wrong', () => {
		const info = example('/card/membercard/userinfo/get', 1);
		expect(() => checkAnswer(fx('/card/membercard/userinfo/get'), { ...info, user_card_status: 'ACTIVE' })).toThrow(/user_card_status/);
		expect(() => checkAnswer(fx('/card/membercard/userinfo/get'), { ...info, bonus: '995' })).toThrow(/bonus/);
		expect(() => checkAnswer(fx('/cgi-bin/stable_token'), { errcode: 0, errmsg: 'ok' })).toThrow(/access_token/);
		expect(() => checkRequest(fx('/cgi-bin/stable_token'), { method: 'GET', query: {}, body: {} })).toThrow(/method/);
		expect(() => checkRequest(fx('/card/membercard/userinfo/get'), { method: 'POST', query: { access_token: 't' }, body: { card_id: 'c', code: 'x', cardId: 'c' } })).toThrow(/undocumented parameter "cardId"/);
		expect(() => checkRequest(fx('/cgi-bin/user/info/batchget'), { method: 'POST', query: {}, body: { user_list: Array(101).fill({ openid: 'o' }) } })).toThrow(/more than 100/);
		expect(() => checkRequest(fx('/card/membercard/updateuser'), { method: 'POST', query: {}, body: { card_id: 'c', code: 'x', add_bonus: 1.5 } })).toThrow(/add_bonus/);
	});
});

describe('(a) documented answers through the node', () => {
	it('Get Member Info, official example: no balance, no has_active; form fields readable', async () => {
		const { server, requests } = await documented({ '/cgi-bin/stable_token': STABLE(), '/card/membercard/userinfo/get': example('/card/membercard/userinfo/get', 0) });
		try {
			const [out] = await run(server, { resource: 'memberCard', operation: 'getMemberInfo', cardId: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8', code: '916679873278' });
			expect(out).toEqual({
				card_id: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8',
				code: '916679873278',
				openid: 'obLatjjwDolFjRRd3doGIdwNqRXw',
				nickname: 'Fourier',
				membership_number: '316510891298',
				bonus: 460,
				sex: 'MALE',
				user_info: example('/card/membercard/userinfo/get', 0).user_info,
				user_card_status: 'NORMAL',
				form: { mobile: '15521328888', name: 'Weixin' },
			});
			expect(checkRequests(requests)).toBe(2);
			// the documented request body, exactly
			expect(requests[1].body).toEqual({ card_id: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8', code: '916679873278' });
		} finally {
			await server.close();
		}
	});

	it('Get Member Info, captured answer: has_active false, multi-select answers as lists, other common fields camelCased', async () => {
		const { server, requests } = await documented({ '/cgi-bin/stable_token': STABLE(), '/card/membercard/userinfo/get': example('/card/membercard/userinfo/get', 1) });
		try {
			const [out] = await run(server, { resource: 'memberCard', operation: 'getMemberInfo', cardId: 'c', code: '658445' });
			expect(out.has_active).toBe(false);
			expect(out).not.toHaveProperty('balance');
			expect(out.form).toEqual({ mobile: '15*****518', name: 'HK', educationBackground: '研究生', 兴趣: '钢琴', 喜好: '郭敬明', 职业: ['赛车手', '旅行家'] });
			checkRequests(requests);
		} finally {
			await server.close();
		}
	});

	it('every other operation reads its documented answer', async () => {
		const { server, requests } = await documented({
			'/cgi-bin/stable_token': STABLE(),
			'/card/membercard/activate': example('/card/membercard/activate'),
			'/card/membercard/updateuser': example('/card/membercard/updateuser'),
			'/card/code/decrypt': example('/card/code/decrypt'),
			'/card/code/get': example('/card/code/get'),
			'/card/membercard/activatetempinfo/get': example('/card/membercard/activatetempinfo/get'),
			'/card/get': example('/card/get'),
			'/card/user/getcardlist': example('/card/user/getcardlist'),
			'/cgi-bin/user/info': example('/cgi-bin/user/info'),
			'/cgi-bin/user/info/batchget': example('/cgi-bin/user/info/batchget'),
			'/cgi-bin/user/get': [example('/cgi-bin/user/get'), { total: 2, count: 0, next_openid: '' }],
			'/cgi-bin/message/template/send': example('/cgi-bin/message/template/send'),
		});
		try {
			const op = (p: Record<string, unknown>) => run(server, p);
			expect((await op({ resource: 'memberCard', operation: 'activate', code: '12312313', membershipNumber: '12312313', additionalFields: { initBonus: 100, initBonusRecord: '开卡送积分', initBalance: 200, backgroundPicUrl: 'https://mmbiz.qlogo.cn/x' } }))[0]).toMatchObject({ activated: true });
			expect((await op({ resource: 'memberCard', operation: 'updateMember', cardId: 'c', code: '12312313', changes: { addBonus: 3, recordBonus: '消费' } }))[0]).toEqual({ card_id: 'c', code: '12312313', result_bonus: 100, result_balance: 200, openid: 'oFS7Fjl0WsZ9AMZqrI80nbIq8xrA' });
			expect((await op({ resource: 'memberCard', operation: 'decryptCode', encryptCode: 'XXIzTtMqCxwOaawoE91+VJdsFmv7b8g0VZIZkqf4GWA60Fzpc8ksZ/5ZZ0DVkXdE' }))[0]).toEqual({ code: '751234212312' });
			expect((await op({ resource: 'memberCard', operation: 'getCode', code: '110201201245', cardId: '', checkConsume: false }))[0]).toMatchObject({ openid: 'obLatjm43RA5C6QfMO5szKYnT3dM', can_consume: true, user_card_status: 'NORMAL' });
			expect((await op({ resource: 'memberCard', operation: 'getActivationForm', activateTicket: 'fDZv9eMQAFfrNr3XBoqhb' }))[0].form).toEqual({ mobile: '15300000000', 职业: ['教师'] });
			expect((await op({ resource: 'memberCard', operation: 'getCard', cardId: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8' }))[0]).toMatchObject({ card_type: 'MEMBER_CARD' });
			expect(await op({ resource: 'memberCard', operation: 'listUserCards', openId: 'o1', cardId: '' })).toEqual([
				{ openid: 'o1', code: 'xxx1434079154', card_id: 'xxxxxxxxxx', has_share_card: true },
				{ openid: 'o1', code: 'xxx1434079155', card_id: 'xxxxxxxxxx', has_share_card: true },
			]);
			const user = (await op({ resource: 'user', operation: 'get', openId: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M', lang: 'zh_CN' }))[0];
			expect(user).toEqual(example('/cgi-bin/user/info'));
			const ids = ['otvxTs4dckWG7imySrJd6jSi0CWE', 'otvxTs_JZ6SEiP0imdhpi50fuSZg'];
			const many = await run(server, (i) => ({ resource: 'user', operation: 'getManyByOpenIds', openId: ids[i], lang: 'zh_CN' }), { items: [{}, {}] });
			expect(many).toEqual(example('/cgi-bin/user/info/batchget').user_info_list);
			expect(await op({ resource: 'user', operation: 'getFollowers', returnAll: true, nextOpenId: '' })).toEqual([{ openid: 'OPENID1' }, { openid: 'OPENID2' }]);
			const sent = await op({ resource: 'templateMessage', operation: 'send', toUser: 'OPENID', templateId: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY', dataMode: 'fields', data: { field: [{ key: 'keyword1', value: '巧克力' }] }, options: { url: 'http://weixin.qq.com/download', miniProgramAppId: 'xiaochengxuappid12345', miniProgramPagePath: 'index?foo=bar', clientMsgId: 'MSG_000001' } });
			expect(sent).toEqual([{ msgid: 200228332, touser: 'OPENID', template_id: 'ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY' }]);
			expect(checkRequests(requests)).toBe(requests.length);
			expect(new Set(requests.map((r) => r.path)).size).toBe(12); // the stable token + 11 endpoints
			expect(requests.filter((r) => r.path === '/cgi-bin/stable_token')).toHaveLength(1); // expires_in 345: one token for the run
		} finally {
			await server.close();
		}
	});

	it('the classic token example is read as a session and sent as access_token', async () => {
		const { server, requests } = await documented({ '/cgi-bin/token': example('/cgi-bin/token'), '/cgi-bin/user/info': example('/cgi-bin/user/info') });
		try {
			await run(server, { resource: 'user', operation: 'get', openId: 'o', lang: 'en' }, { credentials: { accessEndpoint: 'classic' } });
			expect(requests[0]).toMatchObject({ method: 'GET', path: '/cgi-bin/token', query: { grant_type: 'client_credential', appid: 'wx0123456789abcdef', secret: 'APPSECRET' } });
			expect(requests[1].query.access_token).toBe('ACCESS_TOKEN');
			checkRequests(requests);
		} finally {
			await server.close();
		}
	});

	it('each documented error becomes a NodeApiError with WeChat\'s code and message', async () => {
		for (const f of fixtures.values()) {
			for (const err of f.errors ?? []) {
				if (f.api.includes('token')) continue; // token errors: next test
				const { server } = await documented({ '/cgi-bin/stable_token': STABLE(), [f.api]: err.body });
				try {
					const params = paramsFor(f.api);
					const out = await run(server, params, { continueOnFail: true });
					expect(out[0]).toMatchObject({ error: expect.stringContaining(`API error ${err.body.errcode}: ${err.body.errmsg}`), details: { code: String(err.body.errcode) } });
				} finally {
					await server.close();
				}
			}
		}
	});

	it('each documented token error stops with its code; busy (-1) is retried first', async () => {
		for (const f of [fx('/cgi-bin/stable_token'), fx('/cgi-bin/token')]) {
			for (const err of f.errors ?? []) {
				sessionCache.clear();
				const { server, requests } = await documented({ [f.api]: err.body });
				try {
					const out = await run(server, { resource: 'user', operation: 'get', openId: 'o' }, { continueOnFail: true, credentials: { accessEndpoint: f.api === '/cgi-bin/token' ? 'classic' : 'stable' } });
					expect(out[0]).toMatchObject({ error: expect.stringContaining(`could not log in: ${err.body.errmsg}`), details: { code: String(err.body.errcode) } });
					expect(requests.length).toBe(err.body.errcode === -1 ? 3 : 1);
				} finally {
					await server.close();
				}
			}
		}
	});

	it('the global error codes are classified as documented (refresh, back off, stop)', () => {
		const table = loadJson<{ codes: Array<{ errcode: number; errmsg: string; outcome: string; hint?: string }> }>('errors.json');
		const creds = wechatCredentials({});
		for (const c of table.codes) {
			const exchange = { request: { method: 'POST' as const, path: '/x', idempotent: true }, creds, response: { statusCode: 200, headers: {}, body: { errcode: c.errcode, errmsg: c.errmsg } } };
			expect([c.errcode, wechatAdapter.classify(exchange)]).toEqual([c.errcode, c.outcome]);
			if (c.hint === 'whitelist') expect(wechatAdapter.failure(exchange).hint).toMatch(/IP whitelist/);
		}
	});
});

describe('(b) + (c) the emulator against the record, the node\'s requests against the record', () => {
	it('a representative run: every answer fits its endpoint, every request its parameters', async () => {
		const emu = await startWechatEmulator({ followers: 150, members: 5, followersPageSize: 60 });
		try {
			const credentials = { baseUrl: emu.url, appId: emu.state.appId, appSecret: emu.state.appSecret, accessEndpoint: 'stable' };
			const go = (p: Record<string, unknown> | ((i: number) => Record<string, unknown>), items?: IDataObject[], extra: Record<string, unknown> = {}) => {
				const ctx = executeContext({ parameters: p, items, continueOnFail: true, credentials: { wechatOfficialAccountApi: { ...credentials, ...extra } as ICredentialDataDecryptedObject } });
				return new WechatOfficialAccount().execute.call(ctx);
			};
			const m = emu.state.userCards[1];
			await go({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: m.code });
			await go({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: 'unknown' });
			await go({ resource: 'memberCard', operation: 'activate', code: m.code, membershipNumber: m.code, cardId: m.card_id, additionalFields: { initBonus: 5, initBalance: 10 } });
			await go({ resource: 'memberCard', operation: 'updateMember', cardId: m.card_id, code: m.code, changes: { bonus: 50, recordBalance: 'x', notifyBonus: false } });
			await go({ resource: 'memberCard', operation: 'decryptCode', encryptCode: m.encrypt_code });
			await go({ resource: 'memberCard', operation: 'getCode', code: m.code, cardId: m.card_id, checkConsume: true });
			await go({ resource: 'memberCard', operation: 'getActivationForm', activateTicket: m.activate_ticket });
			await go({ resource: 'memberCard', operation: 'getCard', cardId: m.card_id });
			await go({ resource: 'memberCard', operation: 'getCard', cardId: 'unknown' });
			await go({ resource: 'memberCard', operation: 'listUserCards', openId: m.openid, cardId: m.card_id });
			await go({ resource: 'user', operation: 'get', openId: emu.state.followers[0].openid, lang: 'en' });
			await go({ resource: 'user', operation: 'get', openId: 'unknown' });
			const ids = emu.state.followers.slice(0, 120).map((f) => f.openid);
			await go((i) => ({ resource: 'user', operation: 'getManyByOpenIds', openId: ids[i], lang: 'zh_TW' }), ids.map(() => ({})));
			await go({ resource: 'user', operation: 'getFollowers', returnAll: true, nextOpenId: '' });
			await go({ resource: 'templateMessage', operation: 'send', toUser: m.openid, templateId: [...emu.state.templates][0], dataMode: 'json', dataJson: '{"thing1":{"value":"a"}}', options: { clientMsgId: 'c1', url: 'https://example.com' } });
			await go({ resource: 'templateMessage', operation: 'send', toUser: m.openid, templateId: 'unknown', dataMode: 'fields', data: {}, options: {} });
			emu.state.expireAllTokens();
			await go({ resource: 'user', operation: 'get', openId: emu.state.followers[0].openid });
			emu.state.setFaults({ busyEveryNCalls: 2, throttleEveryNCalls: 3 });
			await go((i) => ({ resource: 'user', operation: 'get', openId: emu.state.followers[i].openid }), [{}, {}, {}, {}]);
			emu.state.setFaults({ busyEveryNCalls: 0, throttleEveryNCalls: 0 });
			sessionCache.clear();
			await go({ resource: 'user', operation: 'get', openId: emu.state.followers[0].openid }, undefined, { accessEndpoint: 'classic' });
			sessionCache.clear();
			await go({ resource: 'user', operation: 'get', openId: 'o' }, undefined, { appSecret: 'wrong' });

			const seen = new Set<string>();
			for (const a of emu.answers) {
				const f = fx(a.path);
				checkAnswer(f, a.body);
				checkRequest(f, { method: a.method, query: a.query, body: a.request });
				seen.add(a.path);
			}
			expect(seen.size).toBe(fixtures.size);
			expect(emu.answers.length).toBeGreaterThan(30);
		} finally {
			await emu.close();
		}
	});
});

/** Parameters that make the node call `api` (for the error examples). */
function paramsFor(api: string): Record<string, unknown> {
	switch (api) {
		case '/card/membercard/userinfo/get':
			return { resource: 'memberCard', operation: 'getMemberInfo', cardId: 'c', code: '1' };
		case '/cgi-bin/user/info':
			return { resource: 'user', operation: 'get', openId: 'o' };
		case '/cgi-bin/user/info/batchget':
			return { resource: 'user', operation: 'getManyByOpenIds', openId: 'o' };
		case '/cgi-bin/message/template/send':
			return { resource: 'templateMessage', operation: 'send', toUser: 'o', templateId: 't', dataMode: 'fields', data: {}, options: {} };
		default:
			throw new Error(`no parameters for ${api}`);
	}
}
