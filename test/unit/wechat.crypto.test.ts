/**
 * WeChat push crypto against vectors produced by an independent implementation (npm wechat-crypto@0.0.2, re-checked
 * in Python): test/fixtures/wechat/crypto-vectors.json. Every vector must verify and decrypt, and encryption with the
 * recorded random prefix must reproduce each ciphertext byte for byte.
 */
import { createCipheriv } from 'crypto';
import {
	aesKeyFrom,
	decryptMessage,
	encryptedReplyXml,
	encryptMessage,
	msgSignature,
	PushCryptoError,
	urlSignature,
	verifyMsgSignature,
	verifyUrlSignature,
} from '../../nodes/WechatOfficialAccount/crypto';
import { parseWechatXml } from '../../nodes/WechatOfficialAccount/xml';
import vectors from '../fixtures/wechat/crypto-vectors.json';

const { token, EncodingAESKey, appid } = vectors.config;
const key = aesKeyFrom(EncodingAESKey);

function reason(fn: () => unknown): string | undefined {
	try {
		fn();
	} catch (e) {
		if (e instanceof PushCryptoError) return e.reason;
		throw e;
	}
	return undefined;
}

describe('WeChat push crypto: vectors', () => {
	test('AES key: 32 bytes from the 43-character EncodingAESKey, anything else refused', () => {
		expect(key).toHaveLength(32);
		expect(reason(() => aesKeyFrom(EncodingAESKey.slice(1)))).toBe('key');
		expect(reason(() => aesKeyFrom(EncodingAESKey + 'H'))).toBe('key');
		expect(reason(() => aesKeyFrom(EncodingAESKey.slice(0, 42) + '!'))).toBe('key');
	});

	test('URL verification: the recorded signature verifies; the sorted concatenation is as recorded', () => {
		const q = vectors.url_verification.query;
		expect(urlSignature(token, q.timestamp, q.nonce)).toBe(q.signature);
		expect(verifyUrlSignature(token, q)).toBe(true);
		expect(verifyUrlSignature(token, { ...q, nonce: 'xxxxxy' })).toBe(false);
		expect(verifyUrlSignature('pamtesT', q)).toBe(false);
		expect(verifyUrlSignature(token, { ...q, signature: undefined })).toBe(false);
		expect(require('crypto').createHash('sha1').update(vectors.url_verification.sorted_concat).digest('hex')).toBe(q.signature);
	});

	test.each(vectors.inbound.map((v) => [v.name, v] as const))('inbound %s: signatures verify and the message decrypts exactly', (_name, v) => {
		expect(verifyUrlSignature(token, v.query)).toBe(true);
		expect(msgSignature(token, v.timestamp, v.nonce, v.Encrypt)).toBe(v.msg_signature);
		expect(verifyMsgSignature(token, v.query, v.Encrypt)).toBe(true);
		expect(decryptMessage(key, v.Encrypt, appid)).toBe(v.plaintext_xml);
		// the body posted by WeChat holds the same Encrypt text
		expect(parseWechatXml(v.post_body).Encrypt).toBe(v.Encrypt);
	});

	test.each(vectors.inbound.map((v) => [v.name, v] as const))('inbound %s: encryption with the recorded prefix is byte-exact', (_name, v) => {
		const encrypted = encryptMessage(key, v.plaintext_xml, appid, Buffer.from(v.random16_hex, 'hex'));
		expect(encrypted).toBe(v.Encrypt);
		const raw = Buffer.from(encrypted, 'base64');
		expect(raw).toHaveLength(v.padded_plaintext_bytes);
		expect(Buffer.byteLength(v.plaintext_xml)).toBe(v.plaintext_utf8_bytes);
	});

	test('outbound reply: Encrypt, MsgSignature and the whole envelope reproduce the vector', () => {
		const r = vectors.outbound_reply;
		const random = Buffer.from(r.random16_hex, 'hex');
		expect(encryptMessage(key, r.plaintext_xml, appid, random)).toBe(r.Encrypt);
		expect(msgSignature(token, r.timestamp, r.nonce, r.Encrypt)).toBe(r.msg_signature);
		expect(encryptedReplyXml(token, key, appid, r.plaintext_xml, r.timestamp, r.nonce, random)).toBe(r.reply_body);
		expect(decryptMessage(key, r.Encrypt, appid)).toBe(r.plaintext_xml);
	});
});

describe('WeChat push crypto: refusals', () => {
	const v = vectors.inbound[0];

	test('a ciphertext for another AppID is refused', () => {
		const other = encryptMessage(key, v.plaintext_xml, 'wx0000000000000000', Buffer.alloc(16, 7));
		expect(reason(() => decryptMessage(key, other, appid))).toBe('appid');
		// a prefix or extension of our AppID is not our AppID
		expect(reason(() => decryptMessage(key, encryptMessage(key, 'x', appid + 'x'), appid))).toBe('appid');
		expect(reason(() => decryptMessage(key, encryptMessage(key, 'x', appid.slice(0, -1)), appid))).toBe('appid');
	});

	test('tampered, truncated or non-base64 ciphertexts are refused, never decoded into something else', () => {
		const raw = Buffer.from(v.Encrypt, 'base64');
		for (let i = 0; i < raw.length; i += 37) {
			const bad = Buffer.from(raw);
			bad[i] ^= 0x01;
			const r = reason(() => decryptMessage(key, bad.toString('base64'), appid));
			// flipping a bit garbles the block: layout, padding, UTF-8 or AppID check catches it
			if (r === undefined) expect(decryptMessage(key, bad.toString('base64'), appid)).not.toBe(v.plaintext_xml);
			else expect(['padding', 'layout', 'appid', 'utf8']).toContain(r);
		}
		// the last block decides the padding: flip it and the padding check fails (or the AppID one)
		const last = Buffer.from(raw);
		last[last.length - 20] ^= 0xff;
		expect(['padding', 'appid', 'layout']).toContain(reason(() => decryptMessage(key, last.toString('base64'), appid)));
		expect(reason(() => decryptMessage(key, raw.subarray(0, raw.length - 16).toString('base64'), appid))).toBe('length');
		expect(reason(() => decryptMessage(key, '', appid))).toBe('base64');
		expect(reason(() => decryptMessage(key, v.Encrypt.slice(0, -1), appid))).toBe('base64');
		expect(reason(() => decryptMessage(key, v.Encrypt.replace('+', '*'), appid))).toBe('base64');
	});

	test('strict PKCS#7: a pad byte of 0 or over 32, or unequal pad bytes, is refused', () => {
		const encryptRaw = (plain: Buffer) => {
			const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
			c.setAutoPadding(false);
			return Buffer.concat([c.update(plain), c.final()]).toString('base64');
		};
		const body = Buffer.from('<xml/>');
		const head = Buffer.concat([Buffer.alloc(16, 1), Buffer.from([0, 0, 0, body.length]), body, Buffer.from(appid)]);
		const pad = 32 - (head.length % 32);
		expect(decryptMessage(key, encryptRaw(Buffer.concat([head, Buffer.alloc(pad, pad)])), appid)).toBe('<xml/>');
		expect(reason(() => decryptMessage(key, encryptRaw(Buffer.concat([head, Buffer.alloc(pad, 0)])), appid))).toBe('padding');
		const uneven = Buffer.concat([head, Buffer.alloc(pad, pad)]);
		uneven[uneven.length - 2] = pad - 1;
		expect(reason(() => decryptMessage(key, encryptRaw(uneven), appid))).toBe('padding');
		const big = Buffer.concat([head, Buffer.alloc(pad + 32 - 1, 0), Buffer.from([33])]).subarray(0, head.length + pad + 32);
		big[big.length - 1] = 33;
		expect(reason(() => decryptMessage(key, encryptRaw(big), appid))).toBe('padding');
		// a length field pointing past the end
		const long = Buffer.from(head);
		long.writeUInt32BE(10_000, 16);
		expect(reason(() => decryptMessage(key, encryptRaw(Buffer.concat([long, Buffer.alloc(pad, pad)])), appid))).toBe('layout');
	});

	test('invalid UTF-8 in the message is refused', () => {
		const bad = encryptMessage(key, 'x', appid);
		expect(decryptMessage(key, bad, appid)).toBe('x');
		const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
		c.setAutoPadding(false);
		const msg = Buffer.from([0xc3, 0x28]);
		const head = Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 0, 2]), msg, Buffer.from(appid)]);
		const pad = 32 - (head.length % 32);
		const enc = Buffer.concat([c.update(Buffer.concat([head, Buffer.alloc(pad, pad)])), c.final()]).toString('base64');
		expect(reason(() => decryptMessage(key, enc, appid))).toBe('utf8');
	});
});
