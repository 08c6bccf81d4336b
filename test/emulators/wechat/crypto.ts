/**
 * The emulator's own WeChat push crypto, written apart from the node's (nodes/WechatOfficialAccount/crypto.ts) so that
 * the push client does not share a guess with the code under test. Both are checked against the same independent
 * vectors (test/fixtures/wechat/crypto-vectors.json) in test/emulators/wechat.emulator.test.ts.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export function signature(...parts: string[]): string {
	return createHash('sha1').update(parts.slice().sort().join('')).digest('hex');
}

function keyOf(encodingAesKey: string): Buffer {
	const key = Buffer.from(`${encodingAesKey}=`, 'base64');
	if (encodingAesKey.length !== 43 || key.length !== 32) throw new Error('EncodingAESKey must be 43 characters');
	return key;
}

/** AES-256-CBC, IV = key[0..16], random16 + uint32be(len) + msg + appid, PKCS#7 padded to 32 bytes. */
export function encrypt(encodingAesKey: string, message: string, appId: string, random16: Buffer = randomBytes(16)): string {
	const key = keyOf(encodingAesKey);
	const msg = Buffer.from(message);
	const len = Buffer.from([(msg.length >>> 24) & 255, (msg.length >>> 16) & 255, (msg.length >>> 8) & 255, msg.length & 255]);
	const plain = Buffer.concat([random16, len, msg, Buffer.from(appId)]);
	const n = 32 - (plain.length % 32);
	const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(n, n)])), cipher.final()]).toString('base64');
}

export function decrypt(encodingAesKey: string, encrypted: string): { message: string; appId: string } {
	const key = keyOf(encodingAesKey);
	const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
	const n = padded[padded.length - 1];
	const plain = padded.subarray(0, padded.length - n);
	const len = plain.readUInt32BE(16);
	return { message: plain.subarray(20, 20 + len).toString('utf8'), appId: plain.subarray(20 + len).toString() };
}
