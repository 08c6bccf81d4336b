/**
 * The signed headers against the official SDK's recorded output (test/fixtures/kingdee/signature-vectors.json):
 * every header, byte for byte, plus the intermediate strings, for ASCII and Chinese user names and the malformed
 * AppID for which the Python SDK signs with an empty key.
 */
import * as fixture from '../fixtures/kingdee/signature-vectors.json';
import {
	appIdProblem,
	decodeClientSecret,
	hmacHexBase64,
	pythonQuote,
	signatureHeaders,
	signedPath,
	splitAppId,
} from '../../nodes/KingdeeK3Cloud/sign';

const inputOf = (v: (typeof fixture.vectors)[number]) => ({
	url: v.inputs.request_url,
	acctId: v.inputs.acct_id,
	userName: v.inputs.user_name,
	appId: v.inputs.app_id,
	appSecret: v.inputs.app_secret,
	lcid: v.inputs.lcid,
	orgNumber: String(v.inputs.org_num),
	unixTime: v.inputs.unix_time,
});

describe.each(fixture.vectors.map((v) => [v.name, v] as const))('vector "%s"', (_, vector) => {
	const headers = signatureHeaders(inputOf(vector));

	it.each(Object.entries(vector.headers))("header %s is byte for byte the SDK's", (name, value) => {
		expect(Buffer.from(headers[name] ?? '', 'utf8').equals(Buffer.from(value, 'utf8'))).toBe(true);
	});

	it("sends exactly the SDK's headers, in its order", () => {
		expect(Object.keys(headers)).toEqual(Object.keys(vector.headers));
	});

	it('builds the same intermediate strings', () => {
		expect(signedPath(vector.inputs.request_url)).toBe(vector.intermediate.signed_path);
		expect(splitAppId(vector.inputs.app_id)?.clientId).toBe(vector.intermediate.client_id);
		expect(decodeClientSecret(splitAppId(vector.inputs.app_id)!.encodedSecret)).toBe(vector.intermediate.decoded_client_secret);
		expect(hmacHexBase64(vector.intermediate.x_api_string_to_sign, vector.intermediate.decoded_client_secret)).toBe(
			vector.headers['X-Api-Signature'],
		);
		expect(hmacHexBase64(vector.intermediate.x_kd_string_to_sign, vector.inputs.app_secret)).toBe(
			vector.headers['X-Kd-Signature'],
		);
		expect(Buffer.from(headers['X-Kd-Appdata'], 'base64').toString('utf8')).toBe(vector.intermediate.app_data_plain);
	});
});

describe('AppID handling', () => {
	it('follows the Python SDK for a malformed AppID (empty key, vector 3) but the node refuses such an AppID up front', () => {
		expect(decodeClientSecret('short')).toBe('');
		expect(appIdProblem('100002_short')).toMatch(/5 characters instead of 32/);
		expect(appIdProblem('100002')).toMatch(/123456_/);
		expect(appIdProblem('1_2_3')).toMatch(/123456_/);
		expect(appIdProblem(fixture.vectors[0].inputs.app_id)).toBeUndefined();
	});

	it('percent-encodes the path like Python quote(): UTF-8 bytes, reserved characters, "/" as %2F', () => {
		expect(pythonQuote("/a b/中(x)!*'~.-_")).toBe('/a%20b/%E4%B8%AD%28x%29%21%2A%27~.-_');
		expect(signedPath('https://h.example.com/K3Cloud/x.common.kdsvc')).toBe('%2FK3Cloud%2Fx.common.kdsvc');
		expect(signedPath('http://127.0.0.1:8080/k3cloud/S.common.kdsvc')).toBe('%2Fk3cloud%2FS.common.kdsvc');
	});

	it('uses whole seconds for timestamp and nonce (the Python SDK; Java 7.3 uses milliseconds)', () => {
		const h = signatureHeaders({ ...inputOf(fixture.vectors[0]), unixTime: 1735689600.987 });
		expect([h['x-api-timestamp'], h['x-api-nonce']]).toEqual(['1735689600', '1735689600']);
	});
});
