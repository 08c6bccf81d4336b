import type { Session } from './types';
import { registerSecret } from './redact';

/** Fetches a session; `force` asks the API for a new one even if the old one looks valid to it. */
export type SessionFetch<S extends Session> = (options: { force: boolean }) => Promise<S | undefined>;

interface Entry {
	session: Session | undefined;
	/** ms epoch after which the session is no longer handed out */
	refreshAt: number;
}

/**
 * Sessions (access tokens, logins), cached in process per credential identity.
 *
 * - Single flight: concurrent callers that need a session for one identity wait on one fetch, also when renewing.
 * - Refreshed a margin before expiry (5 min, or a tenth of the lifetime for short-lived sessions), because some APIs
 *   (Xiaoe, WeChat) retire the old token when a new one is fetched, and a token per execution would hit the token
 *   endpoint's own rate limit.
 * - `renew` replaces a session the API rejected, but only if it is still the cached one: a caller holding a stale
 *   session must not throw away the fresh one another caller just fetched. The fetch is forced (WeChat's
 *   stable_token returns the same token otherwise), at most once per cooldown per identity.
 */
export class SessionCache {
	private entries = new Map<string, Entry>();
	private inflight = new Map<string, Promise<Entry>>();
	private lastForced = new Map<string, number>();
	/** Fetches per identity since the last clear(), for tests and the bench. */
	readonly fetches = new Map<string, number>();

	constructor(private readonly now: () => number = Date.now) {}

	async get<S extends Session>(identity: string, fetch: SessionFetch<S>): Promise<S | undefined> {
		const cached = this.entries.get(identity);
		if (cached && cached.refreshAt > this.now()) return cached.session as S | undefined;
		return (await this.fetchOnce(identity, fetch, false)).session as S | undefined;
	}

	/** The API rejected `rejected`: hand out a different session, fetched (forced where allowed) unless one already is. */
	async renew<S extends Session>(identity: string, rejected: string, fetch: SessionFetch<S>, cooldownMs = 0): Promise<S | undefined> {
		const pending = this.inflight.get(identity);
		if (pending) return (await pending).session as S | undefined;
		const cached = this.entries.get(identity);
		if (cached && cached.session?.token !== rejected && cached.refreshAt > this.now()) return cached.session as S | undefined;
		this.entries.delete(identity);
		const last = this.lastForced.get(identity);
		const force = last === undefined || this.now() - last >= cooldownMs;
		if (force) this.lastForced.set(identity, this.now());
		return (await this.fetchOnce(identity, fetch, force)).session as S | undefined;
	}

	clear(): void {
		this.entries.clear();
		this.inflight.clear();
		this.lastForced.clear();
		this.fetches.clear();
	}

	private fetchOnce<S extends Session>(identity: string, fetch: SessionFetch<S>, force: boolean): Promise<Entry> {
		let pending = this.inflight.get(identity);
		if (!pending) {
			this.fetches.set(identity, (this.fetches.get(identity) ?? 0) + 1);
			pending = this.toEntry(fetch({ force })).then(
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
		return pending;
	}

	private async toEntry(fetching: Promise<Session | undefined>): Promise<Entry> {
		const session = await fetching;
		if (!session) return { session: undefined, refreshAt: Number.POSITIVE_INFINITY };
		registerSecret(session.token);
		session.secrets?.forEach(registerSecret);
		const lifetimeMs = Math.max(1, session.expiresInSec) * 1000;
		const marginMs = Math.min(5 * 60 * 1000, lifetimeMs / 10);
		return { session, refreshAt: this.now() + lifetimeMs - marginMs };
	}
}

/** The one cache of this process, shared by every node of the package. */
export const sessionCache = new SessionCache();
