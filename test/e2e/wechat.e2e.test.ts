/**
 * WeChat Official Account in a real n8n (`n8n start`, the packed package installed): the member-card activation
 * template active, events pushed by the emulator's push client as WeChat pushes them, the member stored in the
 * Mingdao emulator exactly once however often WeChat re-sends; a webhook fuzz of invalid requests that must start
 * nothing; the credential's Test button through n8n's own tester; no secret in the execution data or the log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime } from './harness/n8n';
import { startWechatEmulator, membercardActivationEvent, pushMessage, sendPush, signPush, textMessage, wechatXml } from '../emulators/wechat';
import type { Attempt, PushMode, PushTarget, SignedPush, WechatEmulator } from '../emulators/wechat';
import { signature } from '../emulators/wechat/crypto';
import { startMingdaoEmulator, WECHAT_MEMBERS_SHEET } from '../emulators/mingdao';
import type { MingdaoEmulator } from '../emulators/mingdao';

jest.setTimeout(10 * 60 * 1000);

type Json = Record<string, any>;
const ROOT = path.resolve(__dirname, '../..');
const CREDS = {
	wechatOfficialAccountApi: { id: 'tplWechat000001', name: 'WeChat' },
	mingdaoApi: { id: 'tplWechatMd0001', name: 'Mingdao' },
};

let wx: WechatEmulator;
let md: MingdaoEmulator;
let n8n: N8nInstance;
let workflowId: string;
let hookUrl: string;

const target = (mode: PushMode): PushTarget => ({ url: hookUrl, token: wx.state.pushToken, appId: wx.state.appId, encodingAesKey: wx.state.encodingAesKey, mode });
const now = () => Math.floor(Date.now() / 1000);
const rows = () => md.state.listRows('wechat_members') as Json[];
/**
 * WeChat waits 5 s for an answer. This shared 2-core machine runs several n8n instances at once, so the client waits
 * longer and the test proves the point that matters instead: the answer does not wait for the workflow.
 */
const SLOW_MACHINE_TIMEOUT_MS = 30_000;
const executions = async () => (await n8n.listExecutions(workflowId)).length;

function template(): Json {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows/wechat-membercard-activation.json'), 'utf8')) as Json;
	for (const node of wf.nodes as Json[]) {
		if (String(node.type).includes('.wechatOfficialAccount')) node.credentials = { wechatOfficialAccountApi: CREDS.wechatOfficialAccountApi };
		if (String(node.type).endsWith('.mingdao')) node.credentials = { mingdaoApi: CREDS.mingdaoApi };
	}
	return { ...wf, id: 'wechatActivation1', name: `${wf.name} (e2e)` };
}

beforeAll(async () => {
	wx = await startWechatEmulator({ followers: 40, members: 12 });
	md = await startMingdaoEmulator({ worksheets: [WECHAT_MEMBERS_SHEET], ratePerSecond: 200 });
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'wechat' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{
			...CREDS.wechatOfficialAccountApi,
			type: 'wechatOfficialAccountApi',
			data: {
				appId: wx.state.appId,
				appSecret: wx.state.appSecret,
				accessEndpoint: 'stable',
				baseUrl: wx.url,
				requestsPerSecond: 0,
				pushToken: wx.state.pushToken,
				encodingAesKeySecret: wx.state.encodingAesKey,
			},
		},
		{ ...CREDS.mingdaoApi, type: 'mingdaoApi', data: { baseUrl: md.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 50 } },
	]);
	workflowId = await n8n.importWorkflow(template());
	await n8n.activate(workflowId);
	await n8n.start();
	const webhookId = (template().nodes as Json[]).find((n) => n.webhookId)!.webhookId as string;
	hookUrl = `${n8n.baseUrl}/webhook/${webhookId}/wechat`;
	// n8n registers production webhooks asynchronously after start: wait for the URL verification to answer
	for (let i = 0; i < 100; i++) {
		const ts = String(now());
		const probe = await sendPush(hookUrl, { query: { signature: signature(wx.state.pushToken, ts, 'probe'), timestamp: ts, nonce: 'probe', echostr: '1' }, body: '' }, { method: 'GET', timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		if (probe.status === 200) break;
		await new Promise((r) => setTimeout(r, 300));
	}
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await wx?.close();
	await md?.close();
});

describe('WeChat member-card activation template, active in real n8n', () => {
	it('answers the URL verification with echostr only for a valid signature', async () => {
		const ts = String(now());
		const ok = await sendPush(hookUrl, { query: { signature: signature(wx.state.pushToken, ts, 'n0'), timestamp: ts, nonce: 'n0', echostr: '5837397520665436492' }, body: '' }, { method: 'GET', timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		expect({ status: ok.status, body: ok.body }).toEqual({ status: 200, body: '5837397520665436492' });
		const forged = await sendPush(hookUrl, { query: { signature: signature('guess', ts, 'n0'), timestamp: ts, nonce: 'n0', echostr: '1' }, body: '' }, { method: 'GET', timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		expect(forged.status).toBe(401);
		expect(await executions()).toBe(0);
	});

	it('every activation stored exactly once: retries not duplicated, forged pushes refused, answered before the run', async () => {
		const members = wx.state.userCards.slice(0, 6);
		const answers: Array<Attempt & { code: string; at: number }> = [];
		const modes: PushMode[] = ['safe', 'compatible', 'plain'];
		// Each run waits 2.5 s on WeChat (Get Member Info): an answer that waited for the run would come after it.
		wx.state.setFaults({ latencyMs: 2500 });
		const send = async (code: string, push: SignedPush) => {
			const a = await sendPush(hookUrl, push, { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
			answers.push({ ...a, code, at: Date.now() });
		};
		try {
			await Promise.all(
				members.map(async (m, i) => {
					const xml = membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code: m.code, createTime: now() - i });
					// WeChat did not get our first answer: the same push arrives four times (first try + three retries)
					const push = signPush(target(modes[i % 3]), xml);
					for (let k = 0; k < 4; k++) await send(m.code, push);
					// and once more re-signed (a retry with a new timestamp and nonce)
					await send(m.code, signPush(target(modes[(i + 1) % 3]), xml));
					const forged = await sendPush(hookUrl, signPush({ ...target('safe'), token: 'notTheToken1' }, xml), { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
					expect(forged.status).toBe(401);
				}),
			);
			const runs = await n8n.waitForExecutions(workflowId, members.length, 90_000);
			await new Promise((r) => setTimeout(r, 1500)); // no late duplicates
			expect(await executions()).toBe(members.length);
			expect(runs.every((r) => r.status === 'success')).toBe(true);
			expect(answers.filter((a) => !(a.status === 200 && a.body === 'success'))).toEqual([]);

			// the first answer for each activation arrived before its run ended: "success" does not wait for the workflow
			for (const run of runs) {
				const detail = await n8n.getExecution(run.id);
				const code = detail.data.resultData.runData['Member Card Activated'][0].data!.main![0]![0].json.UserCardCode as string;
				const first = answers.filter((a) => a.code === code).sort((x, y) => x.at - y.at)[0];
				expect(first.at).toBeLessThan(new Date(run.stoppedAt!).getTime());
			}
		} finally {
			wx.state.setFaults({ latencyMs: 0 });
		}
		const stored = rows();
		expect(stored.map((r) => r.card_code).sort()).toEqual(members.map((m) => m.code).sort());
		for (const m of members) {
			const row = stored.find((r) => r.card_code === m.code)!;
			expect(row).toMatchObject({ card_id: m.card_id, openid: m.openid, name: m.common_field_list[1].value, mobile: m.common_field_list[0].value, birthday: m.common_field_list[2].value, card_status: 'NORMAL' });
			expect(Number(row.bonus)).toBe(m.bonus);
		}
		// one stable token for the whole run
		expect(wx.stats().tokenRequests).toMatchObject({ stable: 1, classic: 0, forced: 0 });
		const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
		console.log(
			`WeChat template: ${answers.length} pushes for ${members.length} activations → ${members.length} executions, ${stored.length} rows; ` +
				`answer time median ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms (each run took > 2.5 s); load average ${require('os').loadavg()[0].toFixed(1)}`,
		);
	});

	it('a member who activates again later is updated, not added', async () => {
		const m = wx.state.userCards[0];
		wx.state.memberByCode(m.code)!.bonus = 777;
		const before = await executions();
		const result = await pushMessage(target('safe'), membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code: m.code, createTime: now() + 1 }), { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		expect(result.acknowledged).toBe(true);
		await n8n.waitForExecutions(workflowId, before + 1, 60_000);
		expect(rows()).toHaveLength(6);
		expect(Number(rows().find((r) => r.card_code === m.code)!.bonus)).toBe(777);
	});

	it('webhook fuzz: every invalid request refused with a 4xx, none starts an execution; valid pushes still answered', async () => {
		const m = wx.state.userCards[7];
		const event = (code = m.code) => membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code, createTime: now() });
		const ts = () => String(now());
		const bogus = Buffer.alloc(64, 9).toString('base64');
		const cases: Array<[string, () => SignedPush, { method?: string; contentType?: string | null }?]> = [
			['no signature', () => ({ query: {}, body: event() })],
			['signature missing, timestamp and nonce present', () => ({ query: { timestamp: ts(), nonce: '1' }, body: event() })],
			['wrong token', () => signPush({ ...target('plain'), token: 'wrongToken99' }, event())],
			['signature of other parameters', () => {
				const p = signPush(target('plain'), event());
				return { ...p, query: { ...p.query, timestamp: String(Number(p.query.timestamp) - 1) } };
			}],
			['signature in upper case hex', () => {
				const p = signPush(target('plain'), event());
				return { ...p, query: { ...p.query, signature: p.query.signature.toUpperCase() } };
			}],
			['replayed (10 minutes old)', () => signPush(target('safe'), event(), { timestamp: now() - 600 })],
			['replayed (1 day old, plain)', () => signPush(target('plain'), event(), { timestamp: now() - 86_400 })],
			['from the future', () => signPush(target('safe'), event(), { timestamp: now() + 3600 })],
			['non-numeric timestamp', () => signPush(target('plain'), event(), { timestamp: 'yesterday' })],
			['forged msg_signature', () => {
				const p = signPush(target('safe'), event());
				return { ...p, query: { ...p.query, msg_signature: 'f'.repeat(40) } };
			}],
			['msg_signature missing in safe mode', () => {
				const p = signPush(target('safe'), event());
				const { msg_signature: _drop, ...query } = p.query;
				return { ...p, query };
			}],
			['tampered ciphertext', () => {
				const p = signPush(target('safe'), event());
				return { ...p, body: p.body.replace(/<Encrypt><!\[CDATA\[(.)/, (_x, c: string) => `<Encrypt><![CDATA[${c === 'Q' ? 'R' : 'Q'}`) };
			}],
			['tampered ciphertext, re-signed with the token', () => {
				const t = ts();
				return { query: { signature: signature(wx.state.pushToken, t, 'z1'), timestamp: t, nonce: 'z1', encrypt_type: 'aes', msg_signature: signature(wx.state.pushToken, t, 'z1', bogus) }, body: `<xml><ToUserName><![CDATA[gh]]></ToUserName><Encrypt><![CDATA[${bogus}]]></Encrypt></xml>` };
			}],
			['wrong AppID in the plaintext', () => signPush(target('safe'), event(), { appIdInCipher: 'wx0000000000000000' })],
			['wrong AppID, compatible mode', () => signPush(target('compatible'), event(), { appIdInCipher: 'wxffffffffffffffff' })],
			['XML entity expansion (billion laughs)', () => signPush(target('plain'), '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]><xml><ToUserName>&lol3;</ToUserName><MsgType>event</MsgType></xml>')],
			['XML external entity', () => signPush(target('plain'), '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><Content>&xxe;</Content></xml>')],
			['entity expansion inside the ciphertext', () => signPush(target('safe'), '<!DOCTYPE x [<!ENTITY e "e">]><xml><MsgType>&e;</MsgType><FromUserName>o</FromUserName><CreateTime>1</CreateTime></xml>')],
			['malformed XML (truncated)', () => signPush(target('plain'), '<xml><ToUserName>gh</ToUserName')],
			['malformed XML (wrong closing tag), application/xml', () => signPush(target('plain'), '<xml><A>1</B></xml>'), { contentType: 'application/xml' }],
			['malformed XML without a content type', () => signPush(target('plain'), '<xml><A>1</xml>'), { contentType: null }],
			['malformed XML inside the ciphertext', () => signPush(target('safe'), '<xml><MsgType>event</xml>')],
			['JSON instead of XML', () => signPush(target('plain'), JSON.stringify({ MsgType: 'event', Event: 'submit_membercard_user_info' })), { contentType: 'application/json' }],
			['XML that is not a message', () => signPush(target('plain'), '<xml><Anything>1</Anything></xml>')],
			['empty body', () => signPush(target('plain'), '')],
			['captured URL replayed with another body', () => signPush(target('plain'), event())],
			['method PUT', () => signPush(target('safe'), event()), { method: 'PUT' }],
			['method DELETE', () => signPush(target('safe'), event()), { method: 'DELETE' }],
			['method PATCH', () => signPush(target('safe'), event()), { method: 'PATCH' }],
			['GET without echostr', () => signPush(target('plain'), ''), { method: 'GET' }],
			['GET with a forged signature', () => ({ query: { signature: 'a'.repeat(40), timestamp: ts(), nonce: '1', echostr: '1' }, body: '' }), { method: 'GET' }],
		];
		const before = await executions();
		const results: Array<{ name: string; status?: number }> = [];
		for (const [name, make, options] of cases) {
			const push = make();
			if (name === 'captured URL replayed with another body') {
				// the genuine push first (valid, one execution expected), then its URL with another body
				expect((await sendPush(hookUrl, push, { timeoutMs: SLOW_MACHINE_TIMEOUT_MS })).body).toBe('success');
				const answer = await sendPush(hookUrl, { ...push, body: event('999999999999') }, { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
				results.push({ name, status: answer.status });
				continue;
			}
			const answer = await sendPush(hookUrl, push, { timeoutMs: SLOW_MACHINE_TIMEOUT_MS, ...options });
			results.push({ name, status: answer.status });
		}
		// the only execution expected is the genuine push sent before the replay case
		await new Promise((r) => setTimeout(r, 2000));
		const startedByInvalid = (await executions()) - before - 1;
		// valid pushes are still answered and run afterwards
		const after = await executions();
		const valid = await Promise.all(
			(['safe', 'compatible', 'plain'] as PushMode[]).map((mode, i) =>
				pushMessage(target(mode), membercardActivationEvent({ openid: wx.state.userCards[8 + i].openid, cardId: wx.state.userCards[8 + i].card_id, code: wx.state.userCards[8 + i].code, createTime: now() }), { timeoutMs: SLOW_MACHINE_TIMEOUT_MS }),
			),
		);
		expect(valid.every((v) => v.acknowledged)).toBe(true);
		await n8n.waitForExecutions(workflowId, after + 3, 60_000);
		const statuses: Record<string, number> = {};
		for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
		console.log(
			`WeChat webhook fuzz: ${results.length} invalid requests tried (${JSON.stringify(statuses)}), executions started by them: ${startedByInvalid}, valid pushes answered afterwards: ${valid.filter((v) => v.acknowledged).length}/3\n` +
				results.map((r) => `  ${r.status}  ${r.name}`).join('\n'),
		);
		expect(results.filter((r) => r.status === undefined || r.status < 400 || r.status >= 500)).toEqual([]);
		expect(startedByInvalid).toBe(0);
	});

	it('user messages and other events are acknowledged and filtered (the template waits for card activations only)', async () => {
		const before = await executions();
		const text = await pushMessage(target('safe'), textMessage({ openid: wx.state.followers[0].openid, content: '你好', msgId: '6161616161616161' }), { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		const subscribe = await pushMessage(target('safe'), wechatXml({ ToUserName: 'gh_1', FromUserName: wx.state.followers[1].openid, CreateTime: now(), MsgType: 'event', Event: 'subscribe' }), { timeoutMs: SLOW_MACHINE_TIMEOUT_MS });
		expect([text.acknowledged, subscribe.acknowledged]).toEqual([true, true]);
		await new Promise((r) => setTimeout(r, 1500));
		expect(await executions()).toBe(before);
	});

	it('no secret or token in execution data or the n8n log', async () => {
		const secrets = [wx.state.appSecret, wx.state.pushToken, wx.state.encodingAesKey, ...wx.state.issuedTokens];
		const all = await n8n.listExecutions(workflowId);
		const data = JSON.stringify(await Promise.all(all.map((e) => n8n.getExecution(e.id))));
		const log = n8n.serverLog();
		const found = secrets.filter((s) => data.includes(s) || log.includes(s));
		expect({ searched: secrets.length, found }).toEqual({ searched: secrets.length, found: [] });
	});
});

describe("the credential's Test button in real n8n", () => {
	const test = async (data: Record<string, unknown>) =>
		(await n8n.rest('POST', '/rest/credentials/test', { credentials: { id: '', name: 'test', type: 'wechatOfficialAccountApi', data } })) as { status: string; message: string };
	const data = () => ({ appId: wx.state.appId, appSecret: wx.state.appSecret, accessEndpoint: 'stable', baseUrl: wx.url, requestsPerSecond: 0, pushToken: wx.state.pushToken, encodingAesKeySecret: wx.state.encodingAesKey });

	it('OK with the right values; clear messages for a wrong secret, a missing whitelist entry and a bad EncodingAESKey', async () => {
		expect(await test(data())).toEqual({ status: 'OK', message: 'Connection successful' });
		expect(await test({ ...data(), appSecret: 'not-the-secret' })).toEqual({ status: 'Error', message: expect.stringMatching(/Wrong AppSecret.*40125/) });
		expect(await test({ ...data(), appSecret: 'not-the-secret', accessEndpoint: 'classic' })).toEqual({ status: 'Error', message: expect.stringMatching(/Wrong AppSecret.*40001/) });
		expect(await test({ ...data(), encodingAesKeySecret: 'too-short' })).toEqual({ status: 'Error', message: expect.stringMatching(/EncodingAESKey/) });
		wx.state.setFaults({ ipBlockedCode: 40164 });
		try {
			expect(await test(data())).toEqual({ status: 'Error', message: expect.stringMatching(/IP whitelist.*40164/) });
		} finally {
			wx.state.setFaults({ ipBlockedCode: 0 });
		}
	});
});
