/**
 * The WeChat node against the emulator over HTTP: every operation, the token life cycle (stable and classic,
 * rejected tokens, forced refresh with its cooldown), busy / throttled / quota answers, batching, paging, strict
 * input, and writes that time out.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import axios from 'axios';
import { WechatOfficialAccount } from '../../nodes/WechatOfficialAccount/WechatOfficialAccount.node';
import { wechatOfficialAccountApiTest } from '../../nodes/WechatOfficialAccount/methods/credentialTest';
import { retryPolicy } from '../../nodes/core/retry';
import { sessionCache } from '../../nodes/core/sessionCache';
import { startWechatEmulator } from '../emulators/wechat';
import type { WechatEmulator } from '../emulators/wechat';
import { executeContext } from '../support/context';
import type { HttpLog } from '../support/context';

let emu: WechatEmulator;
const OPTS = { followers: 230, members: 6, followersPageSize: 100 };

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	retryPolicy.maxDelayMs = 20;
	emu = await startWechatEmulator(OPTS);
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.state.reset(OPTS);
	sessionCache.clear();
});

function creds(extra: Record<string, unknown> = {}): ICredentialDataDecryptedObject {
	return { baseUrl: emu.url, appId: emu.state.appId, appSecret: emu.state.appSecret, accessEndpoint: 'stable', requestsPerSecond: 0, ...extra } as ICredentialDataDecryptedObject;
}

async function run(
	parameters: Record<string, unknown> | ((i: number) => Record<string, unknown>),
	options: { items?: IDataObject[]; continueOnFail?: boolean; credentials?: ICredentialDataDecryptedObject; log?: HttpLog[] } = {},
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { wechatOfficialAccountApi: options.credentials ?? creds() },
		log: options.log,
	});
	return (await new WechatOfficialAccount().execute.call(ctx))[0];
}
const json = (out: INodeExecutionData[]) => out.map((o) => o.json);
async function failure(promise: Promise<unknown>): Promise<Error & { description?: string; apiCode?: string }> {
	try {
		await promise;
	} catch (e) {
		return e as Error;
	}
	throw new Error('expected a failure');
}

describe('member card (会员卡)', () => {
	it('Get Member Info: the answer with the form flattened; one stable token for many calls', async () => {
		const members = emu.state.userCards.slice(0, 4);
		const out = json(await run((i) => ({ resource: 'memberCard', operation: 'getMemberInfo', cardId: members[i].card_id, code: members[i].code }), { items: members.map(() => ({})) }));
		expect(out).toHaveLength(4);
		const m = members[1];
		expect(out[1]).toMatchObject({ card_id: m.card_id, code: m.code, openid: m.openid, bonus: m.bonus, user_card_status: 'NORMAL', has_active: false });
		expect(out[1].form).toEqual({ mobile: m.common_field_list[0].value, name: m.common_field_list[1].value, birthday: m.common_field_list[2].value, 兴趣: m.custom_field_list[0].value, 职业: m.custom_field_list[1].value_list });
		expect((out[1].user_info as IDataObject).custom_field_list).toEqual(m.custom_field_list);
		expect(out[1]).not.toHaveProperty('errcode');
		// balance only for stored-value cards, as in real answers
		expect(out.some((o) => 'balance' in o)).toBe(true);
		expect(out.some((o) => !('balance' in o))).toBe(true);
		expect(emu.stats().tokenRequests).toEqual({ classic: 0, stable: 1, forced: 0, refused: 0 });
	});

	it('Activate, Update Member, Get Code Status, Decrypt Code, Activation Form, Get Card, List Cards', async () => {
		const m = emu.state.userCards[2];
		const activated = json(await run({ resource: 'memberCard', operation: 'activate', code: m.code, membershipNumber: 'VIP-0003', cardId: '', additionalFields: { initBonus: 10, activateBeginTime: '2026-01-01 00:00:00' } }))[0];
		expect(activated).toMatchObject({ activated: true, code: m.code, membership_number: 'VIP-0003', init_bonus: 10, activate_begin_time: 1767196800 });
		expect(emu.state.memberByCode(m.code)).toMatchObject({ has_active: true, membership_number: 'VIP-0003', bonus: 10 });
		const updated = json(await run({ resource: 'memberCard', operation: 'updateMember', cardId: m.card_id, code: m.code, changes: { addBonus: 5, recordBonus: '签到' } }))[0];
		expect(updated).toEqual({ card_id: m.card_id, code: m.code, result_bonus: 15, result_balance: m.balance, openid: m.openid });
		const status = json(await run({ resource: 'memberCard', operation: 'getCode', code: m.code, cardId: m.card_id, checkConsume: true }))[0];
		expect(status).toMatchObject({ code: m.code, openid: m.openid, user_card_status: 'NORMAL', can_consume: true, card: { card_id: m.card_id } });
		expect(json(await run({ resource: 'memberCard', operation: 'decryptCode', encryptCode: m.encrypt_code }))[0]).toEqual({ code: m.code });
		const form = json(await run({ resource: 'memberCard', operation: 'getActivationForm', activateTicket: m.activate_ticket }))[0];
		expect(form.form).toMatchObject({ mobile: m.common_field_list[0].value });
		const card = json(await run({ resource: 'memberCard', operation: 'getCard', cardId: m.card_id }))[0];
		expect(card).toMatchObject({ card_type: 'MEMBER_CARD' });
		const cards = json(await run({ resource: 'memberCard', operation: 'listUserCards', openId: m.openid, cardId: '' }));
		expect(cards).toEqual(emu.state.userCards.filter((u) => u.openid === m.openid).map((u) => ({ openid: m.openid, code: u.code, card_id: u.card_id, has_share_card: false })));
	});

	it('bad input names the field and the item; nothing is sent', async () => {
		const m = emu.state.userCards[0];
		const log: HttpLog[] = [];
		const bad = [
			{ changes: { addBonus: 1.5 }, why: /Add Bonus: 1.5 is not a whole number \(item 1\)/ },
			{ changes: { bonus: '1e400' }, why: /Bonus: "1e400" is not a whole number/ },
			{ changes: { balance: '12 yuan' }, why: /Balance: "12 yuan" is not a number/ },
			{ changes: { bonus: 1, addBonus: 2 }, why: /either Bonus or Add Bonus/ },
			{ changes: {}, why: /Changes: add at least one change/ },
		];
		for (const { changes, why } of bad) {
			const e = await failure(run({ resource: 'memberCard', operation: 'updateMember', cardId: m.card_id, code: m.code, changes }, { log }));
			expect(e.message).toMatch(why);
		}
		expect((await failure(run({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: '  ' }))).message).toMatch(/Code: is required \(item 1\)/);
		const when = await failure(run({ resource: 'memberCard', operation: 'activate', code: m.code, membershipNumber: '1', additionalFields: { activateEndTime: 1767196800 } }));
		expect(when.message).toMatch(/Activate End Time: 1767196800 is not a date/);
		expect(log).toHaveLength(0);
		// continueOnFail: the bad item fails alone
		const items = [{}, {}, {}];
		const out = json(await run((i) => ({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: i === 1 ? 'nope' : m.code }), { items, continueOnFail: true }));
		expect(out.map((o) => (o.error ? 'error' : 'ok'))).toEqual(['ok', 'error', 'ok']);
		expect(out[1]).toMatchObject({ error: expect.stringMatching(/40056/), details: { code: '40056', description: expect.stringMatching(/Invalid card code/) } });
	});
});

describe('tokens', () => {
	it('a rejected stable token is renewed once with force_refresh, then the call succeeds', async () => {
		const m = emu.state.userCards[0];
		const get = () => run({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: m.code });
		await get();
		emu.state.expireAllTokens(); // another system forced a refresh
		expect(json(await get())[0].openid).toBe(m.openid);
		expect(emu.stats().tokenRequests).toMatchObject({ stable: 2, forced: 1 });
		expect(emu.stats().rejectedTokenCalls).toBe(1);
		// within the cooldown a second rejection is renewed without force (stable_token then hands out its current token)
		emu.state.ageAllTokens();
		expect(json(await get())[0].openid).toBe(m.openid);
		expect(emu.stats().tokenRequests).toMatchObject({ stable: 3, forced: 1 });
	});

	it('classic endpoint: tokens from GET /cgi-bin/token, renewed after 42001', async () => {
		const m = emu.state.userCards[0];
		const classic = creds({ accessEndpoint: 'classic' });
		const get = () => run({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: m.code }, { credentials: classic });
		await get();
		await get();
		emu.state.ageAllTokens();
		expect(json(await get())[0].openid).toBe(m.openid);
		expect(emu.stats().tokenRequests).toMatchObject({ classic: 2, stable: 0 });
	});

	it('busy (-1) reads are retried; busy writes are not resent and say so; 45011 is retried; 45009 stops at once', async () => {
		const m = emu.state.userCards[0];
		emu.state.setFaults({ busyEveryNCalls: 2 });
		const reads = json(await run((i) => ({ resource: 'user', operation: 'get', openId: emu.state.followers[i].openid, lang: 'zh_CN' }), { items: [{}, {}, {}] }));
		expect(reads.map((r) => r.openid)).toEqual(emu.state.followers.slice(0, 3).map((f) => f.openid));
		expect(emu.stats().busy).toBeGreaterThan(0);

		emu.state.reset(OPTS);
		sessionCache.clear();
		emu.state.setFaults({ busyEveryNCalls: 1 });
		const write = await failure(run({ resource: 'memberCard', operation: 'updateMember', cardId: m.card_id, code: m.code, changes: { addBonus: 1 } }));
		expect(write.message).toMatch(/WeChat Official Account \(微信公众号\) API error -1: system error/);
		expect(write.description).toMatch(/not retried automatically/);
		expect(emu.stats().calls['/card/membercard/updateuser']).toBe(1);

		emu.state.setFaults({ busyEveryNCalls: 0, throttleEveryNCalls: 2 });
		const throttled = json(await run((i) => ({ resource: 'user', operation: 'get', openId: emu.state.followers[i].openid }), { items: [{}, {}, {}, {}] }));
		expect(throttled).toHaveLength(4);
		expect(emu.stats().throttled).toBeGreaterThan(0);

		emu.state.setFaults({ throttleEveryNCalls: 0, dailyQuotaExceeded: true });
		const before = emu.stats().businessCalls;
		const quota = await failure(run({ resource: 'user', operation: 'get', openId: emu.state.followers[0].openid }));
		expect(quota.message).toMatch(/45009/);
		expect(quota.description).toMatch(/daily call quota/);
		expect(emu.stats().businessCalls - before).toBe(1);
	});

	it('IP whitelist and wrong secret: clear messages, and the credential Test button says the same', async () => {
		const m = emu.state.userCards[0];
		emu.state.setFaults({ ipBlockedCode: 40164 });
		const blocked = await failure(run({ resource: 'memberCard', operation: 'getMemberInfo', cardId: m.card_id, code: m.code }));
		expect(blocked.message).toMatch(/could not log in: invalid ip/);
		expect(blocked.description).toMatch(/IP whitelist/);
		const test = (data: ICredentialDataDecryptedObject) =>
			wechatOfficialAccountApiTest.call({ helpers: { request: legacyRequest } } as never, { id: '', name: 't', type: 'wechatOfficialAccountApi', data });
		expect(await test(creds())).toEqual({ status: 'Error', message: expect.stringMatching(/IP whitelist.*40164/) });
		emu.state.setFaults({ ipBlockedCode: 61004 });
		expect(await test(creds())).toEqual({ status: 'Error', message: expect.stringMatching(/IP whitelist.*61004/) });
		emu.state.setFaults({ ipBlockedCode: 0 });
		expect(await test(creds())).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(await test(creds({ appSecret: 'wrong-secret' }))).toEqual({ status: 'Error', message: expect.stringMatching(/Wrong AppSecret.*40125/) });
		expect(await test(creds({ appSecret: 'wrong-secret', accessEndpoint: 'classic' }))).toEqual({ status: 'Error', message: expect.stringMatching(/Wrong AppSecret.*40001/) });
		expect(await test(creds({ appId: 'wx0000000000000000' }))).toEqual({ status: 'Error', message: expect.stringMatching(/does not know this AppID.*40013/) });
		expect(await test(creds({ pushToken: 'a!' }))).toEqual({ status: 'Error', message: expect.stringMatching(/Token/) });
		expect(await test(creds({ pushToken: 'goodToken', encodingAesKeySecret: 'short' }))).toEqual({ status: 'Error', message: expect.stringMatching(/EncodingAESKey/) });
		emu.state.setFaults({ tokenBusyTimes: 1 });
		expect((await test(creds())).status).toBe('OK'); // -1 on the token endpoint is retried
		expect(JSON.stringify(await test(creds({ appSecret: 'wrong-secret' })))).not.toContain('wrong-secret');
	});
});

describe('users (用户)', () => {
	it('Get Many by Open IDs: 100 per call across items; a bad openid fails alone', async () => {
		const items = emu.state.followers.slice(0, 230).map((f) => ({ openid: f.openid }));
		items[150] = { openid: 'o_not_a_follower' };
		const out = json(
			await run((i) => ({ resource: 'user', operation: 'getManyByOpenIds', openId: items[i].openid, lang: 'zh_CN' }), { items, continueOnFail: true }),
		);
		expect(out).toHaveLength(230);
		expect(out[0]).toMatchObject({ openid: items[0].openid, subscribe: 1 });
		expect(out[150]).toMatchObject({ error: expect.stringMatching(/40003/) });
		expect(out.filter((o) => o.error)).toHaveLength(1);
		// 3 batches; the refused one is retried id by id (100 single calls)
		expect(emu.stats().calls['/cgi-bin/user/info/batchget']).toBe(3 + 100);
	});

	it('Get Followers: Return All walks next_openid to the end; Limit stops early', async () => {
		const all = json(await run({ resource: 'user', operation: 'getFollowers', returnAll: true, nextOpenId: '' }));
		expect(all.map((o) => o.openid)).toEqual(emu.state.followers.map((f) => f.openid));
		const calls = emu.stats().calls['/cgi-bin/user/get'];
		expect(calls).toBe(3); // 100 + 100 + 30, stops at the total
		const some = json(await run({ resource: 'user', operation: 'getFollowers', returnAll: false, limit: 120, nextOpenId: '' }));
		expect(some).toHaveLength(120);
	});
});

describe('template messages (模板消息)', () => {
	const base = () => ({
		resource: 'templateMessage',
		operation: 'send',
		toUser: emu.state.followers[3].openid,
		templateId: [...emu.state.templates][0],
		dataMode: 'fields',
		data: { field: [{ key: 'thing1', value: '会员卡已激活' }] },
	});

	it('sends, with data from fields or JSON', async () => {
		const out = json(await run({ ...base(), options: { url: 'https://example.com/a' } }))[0];
		expect(out).toEqual({ msgid: expect.any(Number), touser: emu.state.followers[3].openid, template_id: base().templateId });
		expect(emu.state.sent[0]).toMatchObject({ data: { thing1: { value: '会员卡已激活' } }, url: 'https://example.com/a' });
		await run({ ...base(), dataMode: 'json', dataJson: '{"thing1":{"value":"x","color":"#173177"}}', options: {} });
		expect(emu.state.sent[1].data).toEqual({ thing1: { value: 'x', color: '#173177' } });
		expect((await failure(run({ ...base(), dataMode: 'json', dataJson: '{"thing1":"x"}', options: {} }))).message).toMatch(/"thing1" must be an object with a "value"/);
	});

	it('a send whose answer is lost is not resent (one message, the error says so); with a Client Message ID it is resent safely', async () => {
		// the emulator sends the message, then drops the connection without answering
		emu.state.setFaults({ dropNextWrites: 1, holdMs: 50 });
		const e = await failure(run({ ...base(), options: {} }));
		expect(e.description).toMatch(/not retried automatically because it may have reached the server/);
		expect(emu.state.sent).toHaveLength(1);
		expect(emu.stats().calls['/cgi-bin/message/template/send']).toBe(1);

		emu.state.setFaults({ dropNextWrites: 1, holdMs: 50 });
		const ok = json(await run({ ...base(), options: { clientMsgId: 'activation-018255396048' } }))[0];
		expect(ok.msgid).toBe(emu.state.sent[1].msgid);
		expect(emu.state.sent.filter((s) => s.client_msg_id === 'activation-018255396048')).toHaveLength(1);
		expect(emu.stats().calls['/cgi-bin/message/template/send']).toBe(3);
	});
});

describe('custom API call', () => {
	it('any path with the token; a path that could leave the Base URL is refused', async () => {
		const m = emu.state.userCards[0];
		const out = json(await run({ resource: 'custom', operation: 'apiCall', method: 'POST', path: '/card/code/get', query: '{}', body: JSON.stringify({ code: m.code }), write: false }))[0];
		expect(out).toMatchObject({ errcode: 0, openid: m.openid });
		for (const path of ['@evil.example/x', '//evil.example/x', '/cgi-bin/../../x', 'https://evil.example/x']) {
			expect((await failure(run({ resource: 'custom', operation: 'apiCall', method: 'GET', path, query: '{}' }))).message).toMatch(/Path/);
		}
		const missing = await failure(run({ resource: 'custom', operation: 'apiCall', method: 'POST', path: '/card/code/get', query: '{}', body: '{"code":"nope"}' }));
		expect(missing.message).toMatch(/40056/);
		expect(missing.message).not.toMatch(/access_token=/);
	});
});

/** n8n's legacy request helper as credential tests get it (request-style options, full response). */
async function legacyRequest(options: Record<string, any>) {
	const response = await axios.request({
		method: options.method,
		url: options.uri,
		params: options.qs,
		data: options.body,
		headers: options.headers,
		timeout: options.timeout,
		validateStatus: () => true,
	});
	return { statusCode: response.status, headers: response.headers, body: response.data };
}
