/**
 * Seeded fault injection for every emulator, modelling what goes wrong between n8n and a real service:
 *   - sessions: every token expires every `tokenLifetimeCalls` API calls, and is invalidated at random
 *     (`tokenInvalidationRate`, as when another system forces a refresh);
 *   - `failureRate` of calls fail: HTTP 5xx, a hang past the client's timeout, or a dropped connection. A write
 *     fails after it was applied in `appliedShare` of those cases (the effect happened, the answer was lost);
 *   - `throttleRate` of business calls are answered with the service's own throttling answer (not applied);
 *   - an outage, switched by the scenario: the listener is closed, so every call is refused (ECONNREFUSED).
 * The k-th call always gets the same decision for a given seed and service (one random stream each; a fixed
 * number of draws per call). Every fault is counted by kind.
 *
 * An emulator wraps its handler with `withFaults(injector, target, handler)`; `target` says which requests are
 * API calls, writes and token calls, and how this service throttles and forgets its tokens.
 */
import { createHash } from 'node:crypto';
import type { EmuHandler, EmuRequest, EmuResponse, RunningServer } from './server';

export interface FaultPlan {
	seed: number;
	/** Share of API calls failing with 5xx, a hang or a dropped connection (0.05 = 5 %). */
	failureRate: number;
	/** Of the failing writes, the share that fail after the write was applied. */
	appliedShare: number;
	/** Share of business calls answered with the service's throttling answer. */
	throttleRate: number;
	/** Every token expires every this many business calls (0 = never). */
	tokenLifetimeCalls: number;
	/** Share of business calls that first invalidate every token. */
	tokenInvalidationRate: number;
	/** A hung call is held this long, then dropped: set it past the client's timeout. */
	hangMs: number;
	/** Relative weights of the failure kinds. */
	weights: { '5xx': number; timeout: number; reset: number };
}

export const DEFAULT_FAULT_PLAN: FaultPlan = {
	seed: 1,
	failureRate: 0.05,
	appliedShare: 0.5,
	throttleRate: 0.03,
	tokenLifetimeCalls: 200,
	tokenInvalidationRate: 0.005,
	hangMs: 31_000,
	weights: { '5xx': 0.5, timeout: 0.3, reset: 0.2 },
};

export type FaultKind =
	| '5xx'
	| 'timeout'
	| 'connection reset'
	| 'write applied, then 5xx'
	| 'write applied, then timeout'
	| 'write applied, then connection reset'
	| 'throttled'
	| 'tokens expired (every N calls)'
	| 'tokens invalidated (random)'
	| 'outage';

export interface FaultTarget {
	/** Requests faults apply to; the control API (`/__emulator`) never is one. */
	isApiCall(req: EmuRequest): boolean;
	/** The request changes data. */
	isWrite(req: EmuRequest): boolean;
	/** The request asks for a token or a session (not counted for token expiry, never throttled here). */
	isTokenCall?(req: EmuRequest): boolean;
	/** The service's own "too many requests" answer. */
	throttled(req: EmuRequest): EmuResponse;
	/** Forget every token or session: the next business call is refused until the client renews. */
	expireTokens?(): void;
	/** Whether the service's answer says the write happened (default: any HTTP status below 400). */
	applied?(res: EmuResponse): boolean;
}

/** Calls held on purpose (a "timeout" fault), released early on close so that jest is never kept waiting. */
export class HeldCalls {
	private readonly pending = new Set<() => void>();

	hold(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.pending.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.pending.add(done);
		});
	}

	releaseAll(): void {
		for (const done of [...this.pending]) done();
	}
}

/** A small seeded generator (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const streamSeed = (seed: number, service: string) => createHash('sha1').update(`${seed}:${service}`).digest().readUInt32BE(0);

export class FaultInjector {
	readonly plan: FaultPlan;
	readonly counts: Partial<Record<FaultKind, number>> = {};
	/** API calls seen (outages excluded). */
	calls = 0;
	private businessCalls = 0;
	private random: () => number;
	private server?: RunningServer;
	private down = false;
	private readonly held = new HeldCalls();
	private enabled = true;

	constructor(
		readonly service: string,
		plan: Partial<FaultPlan> = {},
	) {
		this.plan = { ...DEFAULT_FAULT_PLAN, ...plan, weights: { ...DEFAULT_FAULT_PLAN.weights, ...(plan.weights ?? {}) } };
		this.random = seededRandom(streamSeed(this.plan.seed, service));
	}

	/** The emulator's server, for outages. */
	attach(server: RunningServer): void {
		this.server = server;
	}

	/** Faults on or off (an outage is switched separately); counting continues from where it was. */
	setEnabled(on: boolean): void {
		this.enabled = on;
	}

	get isDown(): boolean {
		return this.down;
	}

	/** Start an outage: the listener closes and open connections are cut; every call is refused until `endOutage`. */
	async startOutage(): Promise<void> {
		if (this.down) return;
		if (!this.server) throw new Error(`${this.service}: no server attached for an outage`);
		this.down = true;
		this.count('outage');
		await this.server.stopListening();
	}

	async endOutage(): Promise<void> {
		if (!this.down) return;
		this.down = false;
		await this.server!.listenAgain();
	}

	/** The counts with a total, for reports. */
	report(): { service: string; calls: number; total: number; byKind: Partial<Record<FaultKind, number>> } {
		const total = Object.entries(this.counts).reduce((n, [kind, c]) => (kind === 'outage' ? n : n + (c ?? 0)), 0);
		return { service: this.service, calls: this.calls, total, byKind: { ...this.counts } };
	}

	/** Release hung calls (on close, so nothing waits for them). */
	releaseAll(): void {
		this.held.releaseAll();
	}

	count(kind: FaultKind): void {
		this.counts[kind] = (this.counts[kind] ?? 0) + 1;
	}

	/** One decision per API call, from a fixed number of draws so that the k-th call always gets the same one. */
	decide(req: EmuRequest, target: FaultTarget): Decision {
		const [tokenDraw, failDraw, kindDraw, appliedDraw] = [this.random(), this.random(), this.random(), this.random()];
		this.calls++;
		if (!this.enabled) return { kind: 'none' };
		const tokenCall = target.isTokenCall?.(req) ?? false;
		let expire: FaultKind | undefined;
		if (!tokenCall && target.expireTokens) {
			this.businessCalls++;
			if (this.plan.tokenLifetimeCalls > 0 && this.businessCalls % this.plan.tokenLifetimeCalls === 0) expire = 'tokens expired (every N calls)';
			else if (tokenDraw < this.plan.tokenInvalidationRate) expire = 'tokens invalidated (random)';
		}
		if (expire) {
			target.expireTokens!();
			this.count(expire);
		}
		const { failureRate, throttleRate, weights } = this.plan;
		if (failDraw < failureRate) {
			const sum = weights['5xx'] + weights.timeout + weights.reset;
			const pick = kindDraw * sum;
			const failure: Failure = pick < weights['5xx'] ? '5xx' : pick < weights['5xx'] + weights.timeout ? 'timeout' : 'reset';
			const afterApply = target.isWrite(req) && appliedDraw < this.plan.appliedShare;
			return { kind: afterApply ? 'after' : 'before', failure };
		}
		if (!tokenCall && failDraw < failureRate + throttleRate) {
			this.count('throttled');
			return { kind: 'throttle' };
		}
		return { kind: 'none' };
	}

	/** Answer a failure: 502, a hang then a dropped connection, or a dropped connection at once. */
	async fail(failure: Failure, afterApply: boolean): Promise<EmuResponse> {
		const label = failure === 'reset' ? 'connection reset' : failure;
		this.count(afterApply ? (`write applied, then ${label}` as FaultKind) : label);
		if (failure === '5xx') return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', headers: { 'content-type': 'text/html' } };
		if (failure === 'timeout') await this.hold(this.plan.hangMs);
		return { destroy: true };
	}

	private hold(ms: number): Promise<void> {
		return this.held.hold(ms);
	}
}

type Failure = '5xx' | 'timeout' | 'reset';
type Decision = { kind: 'none' } | { kind: 'throttle' } | { kind: 'before' | 'after'; failure: Failure };

/** The emulator's handler with the injector's faults around it (pass-through when there is no injector). */
export function withFaults(injector: FaultInjector | undefined, target: FaultTarget, handler: EmuHandler): EmuHandler {
	if (!injector) return handler;
	return async (req) => {
		if (!target.isApiCall(req)) return handler(req);
		const decision = injector.decide(req, target);
		switch (decision.kind) {
			case 'none':
				return handler(req);
			case 'throttle':
				return target.throttled(req);
			case 'before':
				return injector.fail(decision.failure, false);
			case 'after': {
				const res = await handler(req);
				const applied = target.applied ? target.applied(res) : !res.destroy && (res.status ?? 200) < 400;
				// A write the service refused changed nothing: its failure is an ordinary one.
				return injector.fail(decision.failure, applied);
			}
		}
	};
}

/** Fault injectors of several emulators summed by kind (for the figures). */
export function sumFaults(injectors: FaultInjector[]): Partial<Record<FaultKind, number>> {
	const sum: Partial<Record<FaultKind, number>> = {};
	for (const injector of injectors) {
		for (const [kind, n] of Object.entries(injector.counts) as Array<[FaultKind, number]>) sum[kind] = (sum[kind] ?? 0) + n;
	}
	return sum;
}
