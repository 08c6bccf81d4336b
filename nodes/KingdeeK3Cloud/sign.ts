import { createHmac } from 'crypto';

/**
 * The third-party authorisation headers (第三方授权) of Kingdee's official WebAPI SDKs, as a pure function of the
 * request URL, the credential and the clock. Reproduces `WebApiClient.BuildHeader` of the official Python SDK 3.0.3
 * header by header (timestamp in seconds, signed header list in lower case); the Java SDK 7.3 computes the same
 * signatures. Pinned byte for byte by test/fixtures/kingdee/signature-vectors.json.
 */
export interface SignInput {
	/** Full request URL, e.g. `https://erp.example.com/k3cloud/Kingdee.BOS…Save.common.kdsvc`. */
	url: string;
	acctId: string;
	userName: string;
	/** `<client id>_<32 characters>` as shown in 第三方系统登录授权. */
	appId: string;
	appSecret: string;
	lcid: number;
	/** Organisation number; the SDK's default is 0. */
	orgNumber: string;
	/** Unix time in seconds. */
	unixTime: number;
}

/** The XOR key the SDKs use to decode the client secret (stored ROT13-scrambled in the SDKs). */
const XOR_KEY = Buffer.from('0054f397c6234378b09ca7d3e5debce7', 'utf8');

export const SDK_USER_AGENT = 'Kingdee/Python WebApi SDK 7.3 (compatible; MSIE 6.0; Windows NT 5.1;SV1)';

/** The path after the host, percent-encoded like Python's `quote(path)` and then `/` → `%2F`. */
export function signedPath(url: string): string {
	// The SDK takes everything from the first '/' at or after index 10 (past "https://h").
	const slash = url.indexOf('/', 10);
	const path = slash > -1 ? url.slice(slash) : url;
	return pythonQuote(path).replace(/\//g, '%2F');
}

/** Python's `urllib.parse.quote(text, safe='/')`: UTF-8 bytes, everything but A-Z a-z 0-9 `_.-~/` escaped. */
export function pythonQuote(text: string): string {
	let out = '';
	for (const byte of Buffer.from(text, 'utf8')) {
		const ch = String.fromCharCode(byte);
		out += /[A-Za-z0-9_.\-~/]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
	}
	return out;
}

/** The AppID's parts: client id before `_`, encoded client secret after it; undefined parts when it has no single `_`. */
export function splitAppId(appId: string): { clientId: string; encodedSecret: string } | undefined {
	const parts = appId.split('_');
	return parts.length === 2 ? { clientId: parts[0], encodedSecret: parts[1] } : undefined;
}

/**
 * The HMAC key of X-Api-Signature: base64(base64decode(part) XOR key) when the part is 32 characters. Otherwise the
 * Python SDK signs with an empty key (the Java SDK 7.3 with the raw part); this follows Python, and the node refuses
 * such an AppID before sending anything (see `appIdProblem`), because neither key can be what the server expects.
 */
export function decodeClientSecret(encodedSecret: string): string {
	if (encodedSecret.length !== 32) return '';
	const bytes = Buffer.from(encodedSecret, 'base64');
	const out = Buffer.alloc(bytes.length);
	for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] ^ XOR_KEY[i];
	return out.toString('base64');
}

/** Why an AppID cannot be used for signing, or undefined when it can. */
export function appIdProblem(appId: string): string | undefined {
	const parts = splitAppId(appId);
	if (!parts || !parts.clientId)
		return 'must look like 123456_ followed by 32 characters (copy it whole from 第三方系统登录授权)';
	if (parts.encodedSecret.length !== 32) {
		return `the part after "_" has ${parts.encodedSecret.length} characters instead of 32 (copy the App ID whole from 第三方系统登录授权)`;
	}
	return undefined;
}

/** base64 of the lower-case hex HMAC-SHA256, as the SDKs encode every signature. */
export function hmacHexBase64(message: string, key: string): string {
	const hex = createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(message, 'utf8')).digest('hex');
	return Buffer.from(hex, 'utf8').toString('base64');
}

/** Every header the SDK sends with a signed request, in its order. */
export function signatureHeaders(input: SignInput): Record<string, string> {
	const timestamp = String(Math.floor(input.unixTime));
	const nonce = timestamp;
	const parts = splitAppId(input.appId);
	const clientId = parts?.clientId ?? '';
	const clientSecret = parts ? decodeClientSecret(parts.encodedSecret) : '';
	const apiSign = `POST\n${signedPath(input.url)}\n\nx-api-nonce:${nonce}\nx-api-timestamp:${timestamp}\n`;
	const appData = `${input.acctId},${input.userName},${input.lcid},${input.orgNumber}`;
	return {
		'X-Api-ClientID': clientId,
		'X-Api-Auth-Version': '2.0',
		'x-api-timestamp': timestamp,
		'x-api-nonce': nonce,
		'x-api-signheaders': 'x-api-timestamp,x-api-nonce',
		'X-Api-Signature': hmacHexBase64(apiSign, clientSecret),
		'X-Kd-Appkey': input.appId,
		'X-Kd-Appdata': Buffer.from(appData, 'utf8').toString('base64'),
		'X-Kd-Signature': hmacHexBase64(input.appId + appData, input.appSecret),
		'Accept-Charset': 'utf-8',
		'User-Agent': SDK_USER_AGENT,
		'Content-Type': 'application/json',
	};
}
