/**
 * A push client that behaves like WeChat's message server towards a developer URL: signed query
 * (signature, timestamp, nonce; in compatible/safe mode also encrypt_type=aes and msg_signature), XML body
 * (text/xml), a 5 s wait for the answer, and up to three re-sends when none comes. It can also send what WeChat
 * never would (forged, replayed, tampered, wrongly addressed), for the trigger's security tests.
 *
 * Facts (reference: Passive_user_reply_message page, card event page, node-webot/wechat): safe mode is selected by
 * encrypt_type=aes + msg_signature; the body then is <xml><ToUserName/><Encrypt/></xml> (compatible mode also
 * carries the plain fields); answering "success" or an empty body stops the re-sends.
 */
import axios from 'axios';
import { randomBytes } from 'node:crypto';
import { encrypt, signature } from './crypto';

export type PushMode = 'plain' | 'compatible' | 'safe';

export interface PushTarget {
	url: string;
	token: string;
	appId: string;
	encodingAesKey: string;
	mode: PushMode;
}

export interface SignOptions {
	timestamp?: number | string;
	nonce?: string;
	/** Encrypt for this AppID instead of the target's (a message meant for another account). */
	appIdInCipher?: string;
	random16?: Buffer;
}

export interface SignedPush {
	query: Record<string, string>;
	body: string;
}

export interface Attempt {
	status?: number;
	body?: string;
	ms: number;
	error?: string;
}

export interface PushResult {
	attempts: Attempt[];
	/** The last attempt was answered 200 with "success" or an empty body. */
	acknowledged: boolean;
}

const cdata = (v: string) => `<![CDATA[${v}]]>`;

/** An event or message as WeChat writes it (CreateTime and numbers bare, text in CDATA). */
export function wechatXml(fields: Record<string, string | number>): string {
	const inner = Object.entries(fields)
		.map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}>${cdata(v)}</${k}>`))
		.join('');
	return `<xml>${inner}</xml>`;
}

/** The official submit_membercard_user_info layout (ToUserName, FromUserName, CreateTime, MsgType, Event, CardId, UserCardCode). */
export function membercardActivationEvent(input: { toUserName?: string; openid: string; createTime?: number; cardId: string; code: string }): string {
	return wechatXml({
		ToUserName: input.toUserName ?? 'gh_3fcea188bf78',
		FromUserName: input.openid,
		CreateTime: input.createTime ?? Math.floor(Date.now() / 1000),
		MsgType: 'event',
		Event: 'submit_membercard_user_info',
		CardId: input.cardId,
		UserCardCode: input.code,
	});
}

export function textMessage(input: { openid: string; content: string; msgId: string; createTime?: number; toUserName?: string }): string {
	return wechatXml({
		ToUserName: input.toUserName ?? 'gh_3fcea188bf78',
		FromUserName: input.openid,
		CreateTime: input.createTime ?? Math.floor(Date.now() / 1000),
		MsgType: 'text',
		Content: input.content,
		MsgId: input.msgId,
	});
}

/** Sign (and in compatible/safe mode encrypt) one push. */
export function signPush(target: PushTarget, xml: string, options: SignOptions = {}): SignedPush {
	const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
	const nonce = options.nonce ?? String(randomBytes(4).readUInt32BE(0));
	const query: Record<string, string> = { signature: signature(target.token, timestamp, nonce), timestamp, nonce };
	if (target.mode === 'plain') return { query, body: xml };
	const encrypted = encrypt(target.encodingAesKey, xml, options.appIdInCipher ?? target.appId, options.random16);
	query.encrypt_type = 'aes';
	query.msg_signature = signature(target.token, timestamp, nonce, encrypted);
	const toUser = /<ToUserName><!\[CDATA\[(.*?)\]\]><\/ToUserName>/.exec(xml)?.[1] ?? '';
	const body =
		target.mode === 'safe'
			? `<xml><ToUserName>${cdata(toUser)}</ToUserName><Encrypt>${cdata(encrypted)}</Encrypt></xml>`
			: xml.replace(/<\/xml>$/, `<Encrypt>${cdata(encrypted)}</Encrypt></xml>`);
	return { query, body };
}

/** One HTTP request as WeChat sends it (any method / content type for the fuzz tests). */
export async function sendPush(
	url: string,
	push: SignedPush,
	options: { timeoutMs?: number; method?: string; contentType?: string | null } = {},
): Promise<Attempt> {
	const started = Date.now();
	try {
		const headers: Record<string, string> = { 'User-Agent': 'Mozilla/4.0' };
		if (options.contentType !== null) headers['Content-Type'] = options.contentType ?? 'text/xml';
		const response = await axios.request({
			method: options.method ?? 'POST',
			url,
			params: push.query,
			data: push.body,
			headers,
			timeout: options.timeoutMs ?? 5000,
			validateStatus: () => true,
			responseType: 'text',
			transformResponse: (x) => x,
			maxRedirects: 0,
		});
		return { status: response.status, body: String(response.data ?? ''), ms: Date.now() - started };
	} catch (e) {
		return { ms: Date.now() - started, error: (e as { code?: string; message?: string }).code ?? String((e as Error).message) };
	}
}

export const acknowledges = (a: Attempt) => a.status === 200 && (a.body === 'success' || a.body === '');

/**
 * Push like WeChat: send, wait up to `timeoutMs` (5 s), re-send up to `retries` (3) times while no answer comes
 * (timeout, network error or 5xx). Re-sends repeat the same request unless `resign` gives each a fresh
 * timestamp/nonce (WeChat's behaviour here is not documented; the trigger must de-duplicate either way).
 */
export async function pushMessage(
	target: PushTarget,
	xml: string,
	options: SignOptions & { retries?: number; timeoutMs?: number; resign?: boolean } = {},
): Promise<PushResult> {
	const retries = options.retries ?? 3;
	const attempts: Attempt[] = [];
	let push = signPush(target, xml, options);
	for (let i = 0; i <= retries; i++) {
		if (i > 0 && options.resign) push = signPush(target, xml, { ...options, timestamp: undefined, nonce: undefined });
		const attempt = await sendPush(target.url, push, { timeoutMs: options.timeoutMs });
		attempts.push(attempt);
		if (attempt.status !== undefined && attempt.status < 500) break;
	}
	return { attempts, acknowledged: acknowledges(attempts[attempts.length - 1]) };
}
