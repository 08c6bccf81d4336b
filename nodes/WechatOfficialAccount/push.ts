import { timestampFresh } from '../core/webhook';
import type { WechatCredentials } from './adapter';
import { aesKeyFrom, decryptMessage, PushCryptoError, verifyMsgSignature, verifyUrlSignature } from './crypto';
import { parseWechatXml, XmlError } from './xml';
import type { XmlObject, XmlValue } from './xml';

/**
 * What the trigger does with one HTTP request from WeChat, as a pure function: URL verification (GET), or a pushed
 * message (POST) checked in this order — signature, timestamp window, body, msg_signature, decryption with the
 * AppID check. Anything that fails is a 4xx verdict with a fixed reason (never a secret), and starts nothing.
 */
export interface PushSettings {
	token: string;
	appId: string;
	/** From the EncodingAESKey; needed for compatible and safe mode. */
	aesKey?: Buffer;
	/** Accepted clock difference in seconds; 0 turns the check off. */
	windowSec: number;
	/** Refuse plain-text pushes (for accounts in safe mode). */
	requireEncryption: boolean;
}

export interface PushRequest {
	method: string;
	query: Record<string, unknown>;
	rawBody?: Buffer | string;
}

export type PushVerdict =
	| { kind: 'verify'; echostr: string }
	| { kind: 'reject'; status: number; reason: string }
	/** `replayKey` identifies the signed request (timestamp + nonce): a second use of it is a retry or a replay. */
	| { kind: 'message'; message: XmlObject; encrypted: boolean; replayKey: string };

export const MAX_BODY_BYTES = 1024 * 1024;
const TOKEN = /^[A-Za-z0-9]{3,32}$/;

/** Why the credential cannot serve the trigger (or undefined). Also used by the credential's Test button. */
export function pushSettingsProblem(c: Pick<WechatCredentials, 'pushToken' | 'encodingAesKey' | 'appId'>, options: { requireToken: boolean }) {
	if (!c.pushToken) return options.requireToken ? 'The credential has no Token (令牌): copy it from 基本配置 → 服务器配置.' : undefined;
	if (!TOKEN.test(c.pushToken)) return 'The Token (令牌) must be 3–32 letters or digits, as in 基本配置 → 服务器配置.';
	if (c.encodingAesKey) {
		try {
			aesKeyFrom(c.encodingAesKey);
		} catch {
			return 'The EncodingAESKey must be the 43 letters and digits shown in 基本配置 → 服务器配置.';
		}
	}
	if (options.requireToken && !c.appId) return 'The credential has no App ID: encrypted messages are checked against it.';
	return undefined;
}

export function pushSettings(c: WechatCredentials, options: { windowSec: number; requireEncryption: boolean }): PushSettings {
	return {
		token: c.pushToken,
		appId: c.appId,
		aesKey: c.encodingAesKey ? aesKeyFrom(c.encodingAesKey) : undefined,
		windowSec: options.windowSec,
		requireEncryption: options.requireEncryption,
	};
}

const reject = (status: number, reason: string): PushVerdict => ({ kind: 'reject', status, reason });

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

export function readPush(req: PushRequest, s: PushSettings, nowMs = Date.now()): PushVerdict {
	const method = req.method.toUpperCase();
	if (method !== 'GET' && method !== 'POST') return reject(405, 'method not allowed');
	const q = req.query;
	const timestamp = text(q.timestamp);
	const nonce = text(q.nonce);
	if (!timestamp || !nonce) return reject(401, 'missing signature parameters');
	const safeMode = text(q.encrypt_type)?.toLowerCase() === 'aes';
	const hasSignature = q.signature !== undefined;

	// 1. the URL signature: always for GET and plain mode; in safe mode it must be right when it is sent
	if ((method === 'GET' || !safeMode || hasSignature) && !verifyUrlSignature(s.token, { signature: q.signature, timestamp, nonce })) {
		return reject(401, 'invalid signature');
	}
	// 2. the timestamp (covered by the signature): an old request is a replay
	if (s.windowSec > 0 && !timestampFresh(timestamp, s.windowSec, nowMs)) return reject(403, 'timestamp outside the accepted window');

	if (method === 'GET') {
		const echostr = text(q.echostr);
		if (!echostr || !/^[A-Za-z0-9_\-+/=.]{1,256}$/.test(echostr)) return reject(400, 'missing or malformed echostr');
		return { kind: 'verify', echostr };
	}

	// 3. the body
	const raw = req.rawBody;
	const size = raw === undefined ? 0 : typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
	if (size === 0) return reject(400, 'empty body');
	if (size > MAX_BODY_BYTES) return reject(413, 'body too large');
	let outer: XmlObject;
	try {
		outer = parseWechatXml(typeof raw === 'string' ? raw : raw!.toString('utf8'));
	} catch (e) {
		return reject(400, e instanceof XmlError ? `malformed XML: ${e.message}` : 'malformed XML');
	}

	if (!safeMode) {
		if (s.requireEncryption) return reject(400, 'plain-text message refused: this trigger accepts encrypted messages only');
		return isMessage(outer) ? { kind: 'message', message: outer, encrypted: false, replayKey: `${timestamp}|${nonce}` } : reject(400, 'not a WeChat message');
	}

	// 4. safe / compatible mode: msg_signature over Encrypt, then decrypt and check the AppID
	const encrypt = outer.Encrypt;
	if (typeof encrypt !== 'string' || !encrypt) return reject(400, 'no Encrypt element');
	if (!verifyMsgSignature(s.token, { msg_signature: q.msg_signature, timestamp, nonce }, encrypt)) return reject(401, 'invalid msg_signature');
	if (!s.aesKey) return reject(500, 'encrypted message, but the credential has no EncodingAESKey');
	let inner: XmlObject;
	try {
		inner = parseWechatXml(decryptMessage(s.aesKey, encrypt, s.appId));
	} catch (e) {
		if (e instanceof PushCryptoError) return reject(400, e.reason === 'appid' ? 'message encrypted for another AppID' : `undecryptable message (${e.reason})`);
		return reject(400, e instanceof XmlError ? `malformed XML: ${e.message}` : 'malformed message');
	}
	return isMessage(inner) ? { kind: 'message', message: inner, encrypted: true, replayKey: `${timestamp}|${nonce}` } : reject(400, 'not a WeChat message');
}

function isMessage(m: XmlObject): boolean {
	return typeof m.MsgType === 'string' && typeof m.FromUserName === 'string' && typeof m.CreateTime === 'string';
}

/**
 * The key under which retries of one push are recognised: MsgId (MsgID in TEMPLATESENDJOBFINISH) for messages,
 * FromUserName + CreateTime + Event for events (WeChat's passive-reply page names these keys).
 */
export function dedupKey(m: XmlObject): string {
	const id = m.MsgId ?? m.MsgID;
	if (typeof id === 'string' && id) return `msg:${id}`;
	return `event:${String(m.FromUserName)}|${String(m.CreateTime)}|${String(m.Event ?? m.MsgType)}`;
}

/** Wanted when the list is empty or has '*', names its event (case-insensitive), or has 'message' for user messages. */
export function wanted(m: XmlObject, events: string[]): boolean {
	if (events.length === 0 || events.includes('*')) return true;
	if (m.MsgType !== 'event') return events.includes('message') || events.some((e) => e.toLowerCase() === `message:${String(m.MsgType).toLowerCase()}`);
	const name = String(m.Event ?? '').toLowerCase();
	return events.some((e) => e.toLowerCase() === name);
}

export type { XmlObject, XmlValue };
