import type { TokenGrant } from './types';
import { registerSecret } from './redact';

interface Entry {
	token: string;
	/** ms epoch after which the token is no longer handed out */
	refreshAt: number;
}

/**
 * Access tokens, cached in process per credential identity.
 *
 * - Single flight: concurrent callers that need a token for the same identity wait on one fetch.
 * - Refreshed a margin before expiry (5 min, or a tenth of the lifetime for short-lived tokens), because some APIs
 *   (Xiaoe, WeChat) retire the old token when a new one is fetched, and a token per execution would hit the
 *   token endpoint's own rate limit.
 * - `invalidate` drops a token the API rejected, but only if it is still the cached one: a caller holding a stale
 *   token must not throw away the fresh token another caller just fetched.
 */
export class TokenCache {
	private entries = new Map<string, Entry>();
	private inflight = new Map<string, Promise<Entry>>();

	constructor(private readonly now: () => number = Date.now) {}

	async get(identity: string, fetch: () => Promise<TokenGrant>): Promise<string> {
		const cached = this.entries.get(identity);
		if (cached && cached.refreshAt > this.now()) return cached.token;

		let pending = this.inflight.get(identity);
		if (!pending) {
			pending = this.fetchEntry(fetch).then(
				(entry) => {
					this.entries.set(identity, entry);
					this.inflight.delete(identity);
					return entry;
				},
				(error) => {
					this.inflight.delete(identity);
					throw error;
				},
			);
			this.inflight.set(identity, pending);
		}
		return (await pending).token;
	}

	invalidate(identity: string, token: string): void {
		if (this.entries.get(identity)?.token === token) this.entries.delete(identity);
	}

	clear(): void {
		this.entries.clear();
	}

	private async fetchEntry(fetch: () => Promise<TokenGrant>): Promise<Entry> {
		const grant = await fetch();
		registerSecret(grant.token);
		const lifetimeMs = Math.max(1, grant.expiresInSec) * 1000;
		const marginMs = Math.min(5 * 60 * 1000, lifetimeMs / 10);
		return { token: grant.token, refreshAt: this.now() + lifetimeMs - marginMs };
	}
}

/** The one cache of this process, shared by every node of the package. */
export const tokenCache = new TokenCache();
