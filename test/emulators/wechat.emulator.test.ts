/**
 * The WeChat emulator itself: its crypto against the independent vectors, token lifetimes and invalidation as the
 * official pages describe them, quotas and faults, and the push client's WeChat-like re-sends.
 */
import axios from 'axios';
import { startHttpServer } from './common/server';
import { startWechatEmulator, pushMessage, signPush, membercardActivationEvent } from './wechat';
import type { WechatEmulator } from './wechat';
import { decrypt, encrypt, signature } from './wechat/crypto';
import vectors from '../fixtures/wechat/crypto-vectors.json';

let emu: WechatEmulator;
const http = axios.create({ validateStatus: () => true });

beforeAll(async () => {
	emu = await startWechatEmulator({ followers: 25, members: 4, followersPageSize: 10 });
});
afterAll(() => emu.close());
beforeEach(() => emu.state.reset({ followers: 25, members: 4, followersPageSize: 10 }));

const stable = (body: Record<string, unknown>) => http.post(`${emu.url}/cgi-bin/stable_token`, body);
const creds = () => ({ grant_type: 'client_credential', appid: emu.state.appId, secret: emu.state.appSecret });

describe('emulator crypto (independent of the node code) against the vectors', () => {
	const { token, EncodingAESKey, appid } = vectors.config;
	test.each(vectors.inbound.map((v) => [v.name, v] as const))('%s', (_n, v) => {
		expect(encrypt(EncodingAESKey, v.plaintext_xml, appid, Buffer.from(v.random16_hex, 'hex'))).toBe(v.Encrypt);
		expect(decrypt(EncodingAESKey, v.Encrypt)).toEqual({ message: v.plaintext_xml, appId: appid });
		expect(signature(token, v.timestamp, v.nonce, v.Encrypt)).toBe(v.msg_signature);
		expect(signature(token, v.timestamp, v.nonce)).toBe(v.query.signature);
	});
	test('the safe-mode body has the vector layout', () => {
		const v = vectors.inbound[0];
		const push = signPush(
			{ url: '', token, appId: appid, encodingAesKey: EncodingAESKey, mode: 'safe' },
			v.plaintext_xml,
			{ timestamp: v.timestamp, nonce: v.nonce, random16: Buffer.from(v.random16_hex, 'hex') },
		);
		expect(push.body).toBe(v.post_body);
		expect(push.query).toEqual(v.query);
	});
});

describe('tokens', () => {
	test('classic: a new token each time; the previous one keeps working only for the grace period', async () => {
		emu.state.reset({ tokenGraceSec: 1 });
		const get = () => http.get(`${emu.url}/cgi-bin/token`, { params: creds() });
		const first = (await get()).data.access_token as string;
		const second = (await get()).data.access_token as string;
		expect(second).not.toBe(first);
		const call = (t: string) => http.get(`${emu.url}/cgi-bin/user/info`, { params: { access_token: t, openid: emu.state.followers[0].openid } });
		expect((await call(first)).data.openid).toBeDefined();
		await new Promise((r) => setTimeout(r, 1100));
		expect((await call(first)).data).toEqual({ errcode: 42001, errmsg: 'access_token expired' });
		expect((await call(second)).data.openid).toBeDefined();
		expect((await http.get(`${emu.url}/cgi-bin/token`, { params: { ...creds(), secret: 'wrong' } })).data.errcode).toBe(40001);
		expect((await http.get(`${emu.url}/cgi-bin/token`, { params: { ...creds(), appid: 'wx0' } })).data.errcode).toBe(40013);
	});

	test('stable: the same token while valid (expires_in = what is left); a forced refresh kills it; isolation from classic', async () => {
		const a = (await stable(creds())).data;
		const b = (await stable(creds())).data;
		expect(b.access_token).toBe(a.access_token);
		expect(b.expires_in).toBeLessThanOrEqual(a.expires_in);
		const classic = (await http.get(`${emu.url}/cgi-bin/token`, { params: creds() })).data.access_token;
		expect((await stable(creds())).data.access_token).toBe(a.access_token); // classic fetch does not touch stable
		const forced = (await stable({ ...creds(), force_refresh: true })).data;
		expect(forced.access_token).not.toBe(a.access_token);
		const call = (t: string) => http.get(`${emu.url}/cgi-bin/user/info`, { params: { access_token: t, openid: emu.state.followers[0].openid } });
		expect((await call(a.access_token)).data.errcode).toBe(40001);
		expect((await call(forced.access_token)).data.openid).toBeDefined();
		expect((await call(classic)).data.openid).toBeDefined();
		// within 30 s of the last forced refresh: nothing changes
		expect((await stable({ ...creds(), force_refresh: true })).data.access_token).toBe(forced.access_token);
		expect(emu.stats().tokenRequests.forced).toBe(1);
	});

	test('stable: pre-rotation in the last grace period, wrong secret 40125, JSON only, POST only', async () => {
		emu.state.reset({ tokenLifetimeSec: 400, tokenGraceSec: 300 });
		const a = (await stable(creds())).data;
		expect(a.expires_in).toBe(400);
		emu.state.reset({ tokenLifetimeSec: 250, tokenGraceSec: 300 }); // every token is inside its last 300 s
		const x = (await stable(creds())).data;
		const y = (await stable(creds())).data;
		expect(y.access_token).not.toBe(x.access_token);
		expect((await stable({ ...creds(), secret: 'nope' })).data).toEqual({ errcode: 40125, errmsg: 'invalid appsecret' });
		expect((await http.post(`${emu.url}/cgi-bin/stable_token`, 'grant_type=client_credential', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).data.errcode).toBe(47001);
		expect((await http.get(`${emu.url}/cgi-bin/stable_token`)).data.errcode).toBe(43002);
	});

	test('whitelist, busy and daily quota faults', async () => {
		emu.state.setFaults({ ipBlockedCode: 40164 });
		expect((await stable(creds())).data.errcode).toBe(40164);
		emu.state.setFaults({ ipBlockedCode: 61004 });
		expect((await stable(creds())).data.errcode).toBe(61004);
		emu.state.setFaults({ ipBlockedCode: 0, tokenBusyTimes: 1 });
		expect((await stable(creds())).data.errcode).toBe(-1);
		const token = (await stable(creds())).data.access_token;
		emu.state.setFaults({ dailyQuotaExceeded: true });
		const r = await http.post(`${emu.url}/card/get`, { card_id: emu.state.cards[0].card_id }, { params: { access_token: token } });
		expect(r.data.errcode).toBe(45009);
		expect((await http.post(`${emu.url}/card/get`, { card_id: 'x' })).data.errcode).toBe(41001);
	});
});

describe('endpoints', () => {
	let token: string;
	beforeEach(async () => {
		token = (await stable(creds())).data.access_token;
	});
	const post = (path: string, body: unknown) => http.post(`${emu.url}${path}`, body, { params: { access_token: token } });

	test('member info, update and paging of followers', async () => {
		const m = emu.state.userCards[0];
		const before = m.bonus;
		const info = (await post('/card/membercard/userinfo/get', { card_id: m.card_id, code: m.code })).data;
		expect(info).toMatchObject({ errcode: 0, errmsg: 'ok', openid: m.openid, bonus: m.bonus, user_card_status: 'NORMAL' });
		expect((await post('/card/membercard/userinfo/get', { card_id: m.card_id, code: 'nope' })).data.errcode).toBe(40056);
		const updated = (await post('/card/membercard/updateuser', { card_id: m.card_id, code: m.code, add_bonus: 5 })).data;
		expect(updated.result_bonus).toBe(before + 5);
		expect(emu.state.memberByCode(m.code)!.bonus).toBe(before + 5);
		let next = '';
		const all: string[] = [];
		for (;;) {
			const page = (await http.get(`${emu.url}/cgi-bin/user/get`, { params: { access_token: token, next_openid: next } })).data;
			if (!page.count) break;
			all.push(...page.data.openid);
			next = page.next_openid;
		}
		expect(all).toEqual(emu.state.followers.map((f) => f.openid));
	});

	test('template messages: one per openid + client_msg_id', async () => {
		const body = { touser: emu.state.followers[1].openid, template_id: [...emu.state.templates][0], data: { a: { value: '1' } }, client_msg_id: 'm1' };
		const a = (await post('/cgi-bin/message/template/send', body)).data;
		const b = (await post('/cgi-bin/message/template/send', body)).data;
		expect(b.msgid).toBe(a.msgid);
		expect(emu.state.sent).toHaveLength(1);
		expect((await post('/cgi-bin/message/template/send', { ...body, template_id: 'x' })).data.errcode).toBe(40037);
	});
});

describe('push client', () => {
	test('re-sends while no answer comes within the timeout, stops at "success"', async () => {
		let calls = 0;
		const server = await startHttpServer(async () => {
			calls++;
			if (calls <= 2) await new Promise((r) => setTimeout(r, 400));
			return { body: 'success' };
		});
		try {
			const target = { url: server.url, token: emu.state.pushToken, appId: emu.state.appId, encodingAesKey: emu.state.encodingAesKey, mode: 'safe' as const };
			const result = await pushMessage(target, membercardActivationEvent({ openid: 'o1', cardId: 'c1', code: '1' }), { timeoutMs: 200 });
			expect(result.attempts.map((a) => a.error ?? a.status)).toEqual(['ECONNABORTED', 'ECONNABORTED', 200]);
			expect(result.acknowledged).toBe(true);
			calls = 10;
			const four = await pushMessage({ ...target, url: `${server.url.replace(/:\d+$/, ':1')}` }, '<xml/>', { timeoutMs: 200 });
			expect(four.attempts).toHaveLength(4); // a first try and three retries
		} finally {
			await server.close();
		}
	});
});
