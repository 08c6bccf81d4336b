/**
 * The trigger's request check as a pure function, on the independent vectors (their clock: 2014, so the
 * timestamp window is checked against a fixed "now"), plus the de-duplication key and the event filter.
 */
import { aesKeyFrom } from '../../nodes/WechatOfficialAccount/crypto';
import { dedupKey, readPush, wanted } from '../../nodes/WechatOfficialAccount/push';
import type { PushSettings } from '../../nodes/WechatOfficialAccount/push';
import { parseWechatXml } from '../../nodes/WechatOfficialAccount/xml';
import vectors from '../fixtures/wechat/crypto-vectors.json';

const settings: PushSettings = {
	token: vectors.config.token,
	appId: vectors.config.appid,
	aesKey: aesKeyFrom(vectors.config.EncodingAESKey),
	windowSec: 300,
	requireEncryption: false,
};
const at = (timestamp: string) => Number(timestamp) * 1000 + 60_000;

describe('readPush on the vectors', () => {
	test('URL verification echoes echostr', () => {
		const q = vectors.url_verification.query;
		expect(readPush({ method: 'GET', query: q }, settings, at(q.timestamp))).toEqual({ kind: 'verify', echostr: vectors.url_verification.expected_response_body });
		expect(readPush({ method: 'GET', query: q }, settings, at(q.timestamp) + 600_000)).toMatchObject({ kind: 'reject', status: 403 });
	});

	test.each(vectors.inbound.map((v) => [v.name, v] as const))('safe-mode push %s: verified, decrypted, parsed', (_n, v) => {
		const verdict = readPush({ method: 'POST', query: v.query, rawBody: Buffer.from(v.post_body) }, settings, at(v.timestamp));
		expect(verdict).toEqual({ kind: 'message', message: parseWechatXml(v.plaintext_xml), encrypted: true, replayKey: `${v.timestamp}|${v.nonce}` });
	});

	test('the same push for another account (AppID), without the key, or outside the window is refused', () => {
		const v = vectors.inbound[0];
		const req = { method: 'POST', query: v.query, rawBody: v.post_body };
		expect(readPush(req, { ...settings, appId: 'wx0000000000000000' }, at(v.timestamp))).toEqual({ kind: 'reject', status: 400, reason: 'message encrypted for another AppID' });
		expect(readPush(req, { ...settings, aesKey: undefined }, at(v.timestamp))).toMatchObject({ kind: 'reject', status: 500 });
		expect(readPush(req, settings, at(v.timestamp) + 3_600_000)).toMatchObject({ kind: 'reject', status: 403 });
		expect(readPush(req, { ...settings, windowSec: 0 }, Date.now())).toMatchObject({ kind: 'message' });
		expect(readPush({ ...req, query: { ...v.query, signature: undefined } }, settings, at(v.timestamp))).toMatchObject({ kind: 'message' });
		expect(readPush({ ...req, query: { ...v.query, msg_signature: undefined } }, settings, at(v.timestamp))).toMatchObject({ kind: 'reject', status: 401 });
		expect(readPush({ ...req, query: { ...v.query, nonce: ['a', 'b'] } }, settings, at(v.timestamp))).toMatchObject({ kind: 'reject', status: 401 });
	});
});

describe('de-duplication key and event filter', () => {
	const event = parseWechatXml(vectors.inbound[0].plaintext_xml);
	const text = parseWechatXml(vectors.inbound[2].plaintext_xml);

	test('MsgId for messages, FromUserName + CreateTime + Event for events', () => {
		expect(dedupKey(text)).toBe('msg:1234567890123456');
		expect(dedupKey(event)).toBe('event:obLatjlaNQKb8FqOvt1M1x1lIBFE|1432668700|submit_membercard_user_info');
		expect(dedupKey({ ...event, Event: 'user_view_card' })).not.toBe(dedupKey(event));
		expect(dedupKey({ MsgType: 'event', Event: 'TEMPLATESENDJOBFINISH', MsgID: '200163836', FromUserName: 'o', CreateTime: '1' })).toBe('msg:200163836');
	});

	test('filter: any, named events (any case), user messages', () => {
		expect(wanted(event, [])).toBe(true);
		expect(wanted(event, ['*'])).toBe(true);
		expect(wanted(event, ['SUBMIT_MEMBERCARD_USER_INFO'])).toBe(true);
		expect(wanted(event, ['user_get_card', 'message'])).toBe(false);
		expect(wanted(text, ['message'])).toBe(true);
		expect(wanted(text, ['submit_membercard_user_info'])).toBe(false);
	});
});
