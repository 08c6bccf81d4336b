import { redact, registerSecret, registerSecretNames } from '../../nodes/core/redact';

describe('redact', () => {
	it('masks registered secrets anywhere and token-like parameters', () => {
		registerSecret('super-secret-value');
		registerSecretNames(['HAP-Sign']);
		expect(redact('failed: super-secret-value was wrong')).toBe('failed: *** was wrong');
		expect(redact('GET /token?app_id=app1&secret_key=abc123&grant_type=x')).toBe('GET /token?app_id=app1&secret_key=***&grant_type=x');
		expect(redact('{"access_token":"xyz","a":1}')).toBe('{"access_token":"***","a":1}');
		expect(redact('https://api.weixin.qq.com/card?access_token=TOKEN123')).toBe('https://api.weixin.qq.com/card?access_token=***');
		expect(redact('HAP-Sign: abcdef==')).toBe('HAP-Sign: ***');
	});
});
