import { TokenCache } from '../../nodes/core/tokenCache';

describe('TokenCache', () => {
	it('fetches once for many concurrent callers (single flight)', async () => {
		const cache = new TokenCache();
		let fetches = 0;
		const fetch = async () => {
			fetches++;
			await new Promise((r) => setTimeout(r, 20));
			return { token: `tok-${fetches}`, expiresInSec: 7200 };
		};
		const tokens = await Promise.all(Array.from({ length: 25 }, () => cache.get('id', fetch)));
		expect(fetches).toBe(1);
		expect(new Set(tokens)).toEqual(new Set(['tok-1']));
	});

	it('refreshes a margin before expiry, not after', async () => {
		let now = 1_000_000;
		const cache = new TokenCache(() => now);
		let fetches = 0;
		const fetch = async () => ({ token: `tok-${++fetches}`, expiresInSec: 7200 });
		expect(await cache.get('id', fetch)).toBe('tok-1');
		now += (7200 - 301) * 1000; // just before the 5-minute margin
		expect(await cache.get('id', fetch)).toBe('tok-1');
		now += 2000; // inside the margin
		expect(await cache.get('id', fetch)).toBe('tok-2');
		expect(fetches).toBe(2);
	});

	it('uses a tenth of the lifetime as margin for short-lived tokens', async () => {
		let now = 0;
		const cache = new TokenCache(() => now);
		let fetches = 0;
		const fetch = async () => ({ token: `t${++fetches}`, expiresInSec: 100 });
		await cache.get('id', fetch);
		now = 89_000;
		await cache.get('id', fetch);
		expect(fetches).toBe(1);
		now = 91_000;
		await cache.get('id', fetch);
		expect(fetches).toBe(2);
	});

	it('invalidates only the token that is still cached', async () => {
		const cache = new TokenCache();
		let n = 0;
		const fetch = async () => ({ token: `t${++n}`, expiresInSec: 7200 });
		const first = await cache.get('id', fetch);
		cache.invalidate('id', first);
		const second = await cache.get('id', fetch);
		expect(second).toBe('t2');
		cache.invalidate('id', first); // a stale caller must not drop the fresh token
		expect(await cache.get('id', fetch)).toBe('t2');
	});

	it('keeps identities apart and does not cache failures', async () => {
		const cache = new TokenCache();
		let calls = 0;
		const failing = async () => {
			calls++;
			throw new Error('refused');
		};
		await expect(cache.get('a', failing)).rejects.toThrow('refused');
		await expect(cache.get('a', failing)).rejects.toThrow('refused');
		expect(calls).toBe(2);
		expect(await cache.get('b', async () => ({ token: 'tb', expiresInSec: 60 }))).toBe('tb');
	});
});
