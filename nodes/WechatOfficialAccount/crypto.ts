import { createCipheriv, createDecipheriv, randomBytes } from 'crypto';
import { safeEqual, sha1OfSorted } from '../core/webhook';

/**
 * WeChat's message-push crypto as pure functions (no n8n, no I/O), checked byte for byte against the vectors in
 * test/fixtures/wechat/crypto-vectors.json. The trigger only wires them.
 *
 * Scheme (Tencent's "加解密方案的详细说明"; npm wechat-crypto@0.0.2):
 * - URL signature: sha1(sort([token, timestamp, nonce]).join('')) as hex; msg_signature adds the Encrypt text.
 * - AES key: base64(EncodingAESKey + '=') → 32 bytes; IV = its first 16 bytes; AES-256-CBC without auto padding.
 * - Plaintext: random(16) ‖ uint32 big-endian byte length of the message ‖ message (UTF-8) ‖ AppID,
 *   PKCS#7-padded to a multiple of 32 bytes (pad byte 1..32).
 */

/** Why a push message was refused; the trigger turns it into a 4xx answer. Carries no secret. */
export class PushCryptoError extends Error {
	constructor(readonly reason: 'key' | 'base64' | 'length' | 'padding' | 'layout' | 'utf8' | 'appid') {
		super(`message encryption: ${reason}`);
	}
}

const BLOCK = 32;

/** The AES key from the 43-character EncodingAESKey; throws `PushCryptoError('key')` for anything else. */
export function aesKeyFrom(encodingAesKey: string): Buffer {
	if (!/^[A-Za-z0-9+/]{43}$/.test(encodingAesKey)) throw new PushCryptoError('key');
	const key = Buffer.from(encodingAesKey + '=', 'base64');
	if (key.length !== 32) throw new PushCryptoError('key');
	return key;
}

export function urlSignature(token: string, timestamp: string, nonce: string): string {
	return sha1OfSorted([token, timestamp, nonce]);
}

export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
	return sha1OfSorted([token, timestamp, nonce, encrypt]);
}

/** Constant-time check of the `signature` query parameter (URL verification and every push). */
export function verifyUrlSignature(token: string, query: { signature?: unknown; timestamp?: unknown; nonce?: unknown }): boolean {
	if (typeof query.timestamp !== 'string' || typeof query.nonce !== 'string') return false;
	return safeEqual(query.signature, urlSignature(token, query.timestamp, query.nonce));
}

/** Constant-time check of `msg_signature` over the Encrypt element (safe and compatible modes). */
export function verifyMsgSignature(
	token: string,
	query: { msg_signature?: unknown; timestamp?: unknown; nonce?: unknown },
	encrypt: string,
): boolean {
	if (typeof query.timestamp !== 'string' || typeof query.nonce !== 'string') return false;
	return safeEqual(query.msg_signature, msgSignature(token, query.timestamp, query.nonce, encrypt));
}

/**
 * Decrypt an `Encrypt` element: strict base64, whole AES blocks, strict PKCS#7 (block 32), a length that fits,
 * valid UTF-8, and the trailing AppID equal to ours (a message encrypted for another account is refused).
 */
export function decryptMessage(aesKey: Buffer, encrypt: string, appId: string): string {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt) || encrypt.length % 4 !== 0) throw new PushCryptoError('base64');
	const cipherText = Buffer.from(encrypt, 'base64');
	if (cipherText.length === 0 || cipherText.length % BLOCK !== 0) throw new PushCryptoError('length');
	const decipher = createDecipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(cipherText), decipher.final()]);
	const plain = stripPkcs7(padded);
	if (plain.length < 20) throw new PushCryptoError('layout');
	const length = plain.readUInt32BE(16);
	if (20 + length > plain.length) throw new PushCryptoError('layout');
	const message = plain.subarray(20, 20 + length);
	const id = plain.subarray(20 + length).toString('latin1');
	if (id !== appId) throw new PushCryptoError('appid');
	const text = utf8(message);
	if (text === undefined) throw new PushCryptoError('utf8');
	return text;
}

/** Strict UTF-8 decoding: undefined for invalid byte sequences (never replacement characters). */
function utf8(bytes: Buffer): string | undefined {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return undefined;
	}
}

/** Encrypt a message for WeChat (passive replies). `random16` (16 bytes) is for tests; real calls use fresh random bytes. */
export function encryptMessage(aesKey: Buffer, message: string, appId: string, random16: Buffer = randomBytes(16)): string {
	const body = Buffer.from(message, 'utf8');
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length, 0);
	const plain = Buffer.concat([random16, length, body, Buffer.from(appId, 'latin1')]);
	const pad = BLOCK - (plain.length % BLOCK);
	const cipher = createCipheriv('aes-256-cbc', aesKey, aesKey.subarray(0, 16));
	cipher.setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** The encrypted passive-reply envelope (element names as node-webot/wechat writes them). */
export function encryptedReplyXml(
	token: string,
	aesKey: Buffer,
	appId: string,
	message: string,
	timestamp: string,
	nonce: string,
	random16?: Buffer,
): string {
	const encrypt = encryptMessage(aesKey, message, appId, random16);
	const signature = msgSignature(token, timestamp, nonce, encrypt);
	return (
		`<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
		`<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`
	);
}

function stripPkcs7(padded: Buffer): Buffer {
	const pad = padded[padded.length - 1];
	if (pad < 1 || pad > BLOCK || pad > padded.length) throw new PushCryptoError('padding');
	for (let i = padded.length - pad; i < padded.length; i++) {
		if (padded[i] !== pad) throw new PushCryptoError('padding');
	}
	return padded.subarray(0, padded.length - pad);
}
