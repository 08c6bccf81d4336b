import { SessionCache } from '../../nodes/core/sessionCache';
import type { Session } from '../../nodes/core/types';

const tokenOf = (s: Session | undefined) => s?.token;

describe('SessionCache', () => {
	it('fetches once for many concurrent callers (single flight)', async () => {
		const cache = new SessionCache();
		let fetches = 0;
		const fetch = async () => {
			fetches++;
			await new Promise((r) => setTimeout(r, 20));
			return { token: `tok-${fetches}`, expiresInSec: 7200 };
		};
		const sessions = await Promise.all(Array.from({ length: 25 }, () => cache.get('id', fetch)));
		expect(fetches).toBe(1);
		expect(new Set(sessions.map(tokenOf))).toEqual(new Set(['tok-1']));
		expect(cache.fetches.get('id')).toBe(1);
	});

	it('keeps the whole typed session (several fields), not just a string', async () => {
		interface FxSession extends Session {
			corpId: string;
			openUserId: string;
		}
		const cache = new SessionCache();
		const s = await cache.get<FxSession>('fx', async () => ({ token: 'corp-token-1', corpId: 'FSCID_1', openUserId: 'FSUID_9', expiresInSec: 7200 }));
		expect(s).toEqual({ token: 'corp-token-1', corpId: 'FSCID_1', openUserId: 'FSUID_9', expiresInSec: 7200 });
	});

	it('refreshes a margin before expiry, not after', async () => {
		let now = 1_000_000;
		const cache = new SessionCache(() => now);
		let fetches = 0;
		const fetch = async () => ({ token: `tok-${++fetches}`, expiresInSec: 7200 });
		expect(tokenOf(await cache.get('id', fetch))).toBe('tok-1');
		now += (7200 - 301) * 1000; // just before the 5-minute margin
		expect(tokenOf(await cache.get('id', fetch))).toBe('tok-1');
		now += 2000; // inside the margin
		expect(tokenOf(await cache.get('id', fetch))).toBe('tok-2');
		expect(fetches).toBe(2);
	});

	it('uses a tenth of the lifetime as margin for short-lived sessions', async () => {
		let now = 0;
		const cache = new SessionCache(() => now);
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

	it('renews only the session that is still cached, forcing the fetch', async () => {
		const cache = new SessionCache();
		const forced: boolean[] = [];
		let n = 0;
		const fetch = async ({ force }: { force: boolean }) => {
			forced.push(force);
			return { token: `t${++n}`, expiresInSec: 7200 };
		};
		const first = await cache.get('id', fetch);
		expect(tokenOf(await cache.renew('id', first!.token, fetch))).toBe('t2');
		// a stale caller must not drop the fresh session
		expect(tokenOf(await cache.renew('id', first!.token, fetch))).toBe('t2');
		expect(forced).toEqual([false, true]);
	});

	it('concurrent renewals of one rejected session fetch once', async () => {
		const cache = new SessionCache();
		let n = 0;
		const fetch = async () => {
			await new Promise((r) => setTimeout(r, 10));
			return { token: `t${++n}`, expiresInSec: 7200 };
		};
		const first = await cache.get('id', fetch);
		const renewed = await Promise.all(Array.from({ length: 10 }, () => cache.renew('id', first!.token, fetch)));
		expect(new Set(renewed.map(tokenOf))).toEqual(new Set(['t2']));
		expect(n).toBe(2);
	});

	it('forces at most once per cooldown per identity (forced refreshes are capped per day by WeChat)', async () => {
		let now = 0;
		const cache = new SessionCache(() => now);
		const forced: boolean[] = [];
		let n = 0;
		const fetch = async ({ force }: { force: boolean }) => {
			forced.push(force);
			return { token: `t${++n}`, expiresInSec: 7200 };
		};
		let s = await cache.get('id', fetch);
		s = await cache.renew('id', s!.token, fetch, 60_000);
		now += 30_000;
		s = await cache.renew('id', s!.token, fetch, 60_000);
		now += 31_000;
		await cache.renew('id', s!.token, fetch, 60_000);
		expect(forced).toEqual([false, true, false, true]);
	});

	it('caches "no session" for credential modes without one, keeps identities apart, does not cache failures', async () => {
		const cache = new SessionCache();
		let none = 0;
		expect(await cache.get('sig', async () => (none++, undefined))).toBeUndefined();
		expect(await cache.get('sig', async () => (none++, undefined))).toBeUndefined();
		expect(none).toBe(1);
		let calls = 0;
		const failing = async () => {
			calls++;
			throw new Error('refused');
		};
		await expect(cache.get('a', failing)).rejects.toThrow('refused');
		await expect(cache.get('a', failing)).rejects.toThrow('refused');
		expect(calls).toBe(2);
		expect(tokenOf(await cache.get('b', async () => ({ token: 'tb', expiresInSec: 60 })))).toBe('tb');
	});
});
