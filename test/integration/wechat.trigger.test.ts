/**
 * The WeChat trigger over real HTTP, fed by the emulator's push client as WeChat would feed it: URL verification,
 * plain / compatible / safe mode, one execution per push however often it arrives, and every kind of bad request
 * refused with a 4xx and no execution.
 */
import { WechatOfficialAccountTrigger } from '../../nodes/WechatOfficialAccount/WechatOfficialAccountTrigger.node';
import { hostTrigger } from '../emulators/wechat/webhookHost';
import type { HostedTrigger } from '../emulators/wechat/webhookHost';
import { signature } from '../emulators/wechat/crypto';
import { membercardActivationEvent, pushMessage, sendPush, signPush, textMessage, wechatXml } from '../emulators/wechat';
import type { PushMode, PushTarget } from '../emulators/wechat';
import pushFacts from '../fixtures/wechat/push.json';

const APP_ID = 'wx5ecf2a9c1d3b7e80';
const TOKEN = 'triggerToken2026';
const AES = 'Qw3rTy7uIoP1aSdFgHjKlZxCvBnM0123456789abcde';
const credentials = {
	wechatOfficialAccountApi: { appId: APP_ID, appSecret: 'unused-here', pushToken: TOKEN, encodingAesKeySecret: AES, accessEndpoint: 'stable' },
};

let hosts: HostedTrigger[] = [];
let seq = 0;
async function host(parameters: Record<string, unknown> = {}, creds = credentials) {
	const trigger = new WechatOfficialAccountTrigger();
	const h = await hostTrigger({
		webhook: trigger.webhook,
		parameters: { events: ['*'], options: {}, ...parameters },
		credentials: creds,
		workflowId: `wf-${++seq}`,
	});
	hosts.push(h);
	return h;
}
afterEach(async () => {
	await Promise.all(hosts.map((h) => h.close()));
	hosts = [];
});

const target = (h: HostedTrigger, mode: PushMode): PushTarget => ({ url: h.url, token: TOKEN, appId: APP_ID, encodingAesKey: AES, mode });
const now = () => Math.floor(Date.now() / 1000);
const activation = (code = '018255396048', createTime = now()) =>
	membercardActivationEvent({ openid: 'obLatjlaNQKb8FqOvt1M1x1lIBFE', cardId: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8', code, createTime });

describe('URL verification (GET)', () => {
	it('echoes echostr only for a valid signature', async () => {
		const h = await host();
		const ts = String(now());
		const ok = await sendPush(h.url, { query: { signature: signature(TOKEN, ts, 'n1'), timestamp: ts, nonce: 'n1', echostr: '5837397520665436492' }, body: '' }, { method: 'GET' });
		expect(ok).toMatchObject({ status: 200, body: '5837397520665436492' });
		const bad = await sendPush(h.url, { query: { signature: signature('other', ts, 'n1'), timestamp: ts, nonce: 'n1', echostr: '1' }, body: '' }, { method: 'GET' });
		expect(bad.status).toBe(401);
		const odd = await sendPush(h.url, { query: { signature: signature(TOKEN, ts, 'n2'), timestamp: ts, nonce: 'n2', echostr: '<script>' }, body: '' }, { method: 'GET' });
		expect(odd.status).toBe(400);
		expect(h.executions).toHaveLength(0);
	});
});

describe('pushes (POST)', () => {
	it.each(['plain', 'compatible', 'safe'] as PushMode[])('%s mode: one execution with WeChat field names, answered "success" at once', async (mode) => {
		const h = await host();
		const result = await pushMessage(target(h, mode), activation());
		expect(result.acknowledged).toBe(true);
		expect(result.attempts).toHaveLength(1);
		expect(result.attempts[0].body).toBe('success');
		expect(h.executions).toEqual([
			[
				{
					ToUserName: 'gh_3fcea188bf78',
					FromUserName: 'obLatjlaNQKb8FqOvt1M1x1lIBFE',
					CreateTime: expect.stringMatching(/^\d+$/),
					MsgType: 'event',
					Event: 'submit_membercard_user_info',
					CardId: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8',
					UserCardCode: '018255396048',
				},
			],
		]);
		expect(Object.keys(h.executions[0][0])).toEqual(pushFacts.elements);
		expect(h.answerMs[0]).toBeLessThan(pushFacts.timeoutMs);
	});

	it('the official event XML (pretty-printed) is read as WeChat wrote it', async () => {
		const h = await host();
		const xml = pushFacts.submit_membercard_user_info.replace('1432668700', String(now()));
		await pushMessage(target(h, 'safe'), xml);
		expect(h.executions[0][0]).toMatchObject({ Event: 'submit_membercard_user_info', UserCardCode: '018255396048' });
	});

	it('a push delivered four times (WeChat: first try + three retries) starts one execution; re-signed retries too', async () => {
		const h = await host();
		const push = signPush(target(h, 'safe'), activation('000000000001'));
		const answers = await Promise.all([0, 1, 2, 3].map(() => sendPush(h.url, push)));
		expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([200, 'success']));
		for (let i = 0; i < 4; i++) await pushMessage(target(h, 'compatible'), activation('000000000002', 1_800_000_000), { timestamp: now() + i, nonce: `r${i}` });
		expect(h.executions.map((e) => e[0].UserCardCode)).toEqual(['000000000001', '000000000002']);
		// text messages are keyed by MsgId
		for (let i = 0; i < 3; i++) await pushMessage(target(h, 'plain'), textMessage({ openid: 'o1', content: '你好', msgId: '1234567890123456' }), { nonce: `t${i}` });
		expect(h.executions).toHaveLength(3);
		expect(h.executions[2][0]).toMatchObject({ MsgType: 'text', Content: '你好', MsgId: '1234567890123456' });
	});

	it('events not chosen are acknowledged and start nothing; Other Events adds names', async () => {
		const h = await host({ events: ['submit_membercard_user_info'], options: { otherEvents: 'user_pay_from_pay_cell, LOCATION' } });
		const subscribe = wechatXml({ ToUserName: 'gh_1', FromUserName: 'o2', CreateTime: now(), MsgType: 'event', Event: 'subscribe' });
		expect((await pushMessage(target(h, 'safe'), subscribe)).acknowledged).toBe(true);
		await pushMessage(target(h, 'safe'), wechatXml({ ToUserName: 'gh_1', FromUserName: 'o3', CreateTime: now(), MsgType: 'event', Event: 'location' }));
		await pushMessage(target(h, 'safe'), activation());
		expect(h.executions.map((e) => e[0].Event)).toEqual(['location', 'submit_membercard_user_info']);
	});
});

describe('refused without an execution', () => {
	const ts = () => String(now());

	it.each([
		['no signature parameters', 401, (t: PushTarget) => ({ query: {}, body: activation() })],
		['a forged signature (wrong token)', 401, (t: PushTarget) => signPush({ ...t, token: 'guessedToken' }, activation())],
		['a signature for other parameters', 401, (t: PushTarget) => {
			const p = signPush(t, activation());
			return { ...p, query: { ...p.query, nonce: p.query.nonce + '1' } };
		}],
		['a replay (timestamp 10 minutes old)', 403, (t: PushTarget) => signPush(t, activation(), { timestamp: now() - 600 })],
		['a timestamp from the future', 403, (t: PushTarget) => signPush(t, activation(), { timestamp: now() + 600 })],
		['a forged msg_signature in safe mode', 401, (t: PushTarget) => {
			const p = signPush({ ...t, mode: 'safe' }, activation());
			return { ...p, query: { ...p.query, msg_signature: signature('guessedToken', p.query.timestamp, p.query.nonce, 'x') } };
		}],
		['a tampered ciphertext (signature not redone)', 401, (t: PushTarget) => {
			const p = signPush({ ...t, mode: 'safe' }, activation());
			return { ...p, body: p.body.replace(/<Encrypt><!\[CDATA\[(.)/, (_m, c: string) => `<Encrypt><![CDATA[${c === 'A' ? 'B' : 'A'}`) };
		}],
		['a tampered ciphertext re-signed with the token (no AES key)', 400, (t: PushTarget) => {
			const stamp = ts();
			const bogus = Buffer.alloc(64, 7).toString('base64');
			return { query: { signature: signature(TOKEN, stamp, 'x1'), timestamp: stamp, nonce: 'x1', encrypt_type: 'aes', msg_signature: signature(TOKEN, stamp, 'x1', bogus) }, body: `<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[${bogus}]]></Encrypt></xml>` };
		}],
		['a message encrypted for another AppID', 400, (t: PushTarget) => signPush({ ...t, mode: 'safe' }, activation(), { appIdInCipher: 'wx0000000000000000' })],
		['entity expansion (billion laughs)', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><xml><ToUserName>&lol2;</ToUserName></xml>')],
		['an external entity', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><A>&e;</A></xml>')],
		['entity expansion inside the encrypted message', 400, (t: PushTarget) => signPush({ ...t, mode: 'safe' }, '<!DOCTYPE x [<!ENTITY e "e">]><xml><MsgType>&e;</MsgType></xml>')],
		['malformed XML', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '<xml><ToUserName>gh</xml>')],
		['a JSON body', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '{"MsgType":"event"}')],
		['XML that is not a WeChat message', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '<xml><Hello>1</Hello></xml>')],
		['an empty body', 400, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, '')],
		['a body over 1 MB', 413, (t: PushTarget) => signPush({ ...t, mode: 'plain' }, `<xml><Content>${'x'.repeat(1_100_000)}</Content></xml>`)],
	] as Array<[string, number, (t: PushTarget) => { query: Record<string, string>; body: string }]>)('%s → %i', async (_name, status, make) => {
		const h = await host();
		const answer = await sendPush(h.url, make(target(h, 'compatible')));
		expect(answer.status).toBe(status);
		expect(answer.body).not.toMatch(new RegExp(`${TOKEN}|${AES}`));
		expect(h.executions).toHaveLength(0);
	});

	it('wrong methods are refused', async () => {
		const h = await host();
		for (const method of ['PUT', 'DELETE', 'PATCH']) {
			expect((await sendPush(h.url, signPush(target(h, 'plain'), activation()), { method })).status).toBe(405);
		}
		expect(h.executions).toHaveLength(0);
	});

	it('a captured plain-mode URL replayed with another body is refused (the body is not signed in plain mode)', async () => {
		const h = await host();
		const push = signPush(target(h, 'plain'), activation('000000000010'));
		expect((await sendPush(h.url, push)).body).toBe('success');
		const forged = { ...push, body: activation('999999999999') };
		expect((await sendPush(h.url, forged)).status).toBe(403);
		expect((await sendPush(h.url, forged)).status).toBe(403);
		expect((await sendPush(h.url, push)).body).toBe('success'); // the genuine retry is still fine
		expect(h.executions.map((e) => e[0].UserCardCode)).toEqual(['000000000010']);
	});

	it('Require Encryption refuses plain pushes; a credential without Token answers 500 and starts nothing', async () => {
		const strict = await host({ options: { requireEncryption: true } });
		expect((await sendPush(strict.url, signPush(target(strict, 'plain'), activation()))).status).toBe(400);
		expect((await pushMessage(target(strict, 'safe'), activation())).acknowledged).toBe(true);
		expect(strict.executions).toHaveLength(1);
		const unconfigured = await host({}, { wechatOfficialAccountApi: { ...credentials.wechatOfficialAccountApi, pushToken: '' } });
		expect((await sendPush(unconfigured.url, signPush(target(unconfigured, 'plain'), activation()))).status).toBe(500);
		expect(unconfigured.executions).toHaveLength(0);
	});

	it('valid pushes still work after all of that, with the timestamp window configurable (0 = off)', async () => {
		const h = await host({ options: { windowSec: 0 } });
		const old = signPush(target(h, 'safe'), activation('000000000020', 1432668700), { timestamp: 1409304348 });
		expect((await sendPush(h.url, old)).body).toBe('success');
		expect(h.executions).toHaveLength(1);
	});
});
