/**
 * The emulator's whole state: generated shop data, tokens, faults, rate-limit windows and stats.
 * Jest tests use it in-process; control.ts exposes the same methods over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { Rng, generateData, newOrder, payOrder, recomputeUserPay, sortOrders } from './generate';
import type { Collection, Exchange, Form, Order, RateLimit, Resource, User, XiaoeEmulatorOptions, XiaoeFaults, XiaoeStats } from './model';
import { STATE_TEXT_V2, stateV1 } from './model';
import { fmtTime, toMs } from './time';
import { SecretsIssued } from '../common/secrets';

export const DEFAULT_FAULTS: XiaoeFaults = {
	latencyMs: 0,
	expireTokenEveryNCalls: 0,
	serverErrorEveryNCalls: 0,
	timeoutEveryNCalls: 0,
	throttleEveryNCalls: 0,
	busyEveryNCalls: 0,
	busyAnswer: { code: -1, msg: '系统繁忙，请稍后再试' },
	ipBlocked: false,
	answerCode: null,
};

interface TokenRecord {
	expiresMs: number;
	/** Set when a newer token is issued: the grace period's end. */
	retireMs: number;
}

export interface AddOrdersInput {
	count: number;
	/** When the orders were written (ISO, ms or 'YYYY-MM-DD HH:mm:ss' Beijing); may be in the past. Default now. */
	at?: string | number;
	/** All orders in the same second (default: one second apart, the last one at `at`). */
	sameSecond?: boolean;
	userId?: string;
	resourceId?: string;
}

export interface UpdateOrdersInput {
	orderIds: string[];
	at?: string | number;
	/** Order list 2.0 enum 0..5. */
	state?: number;
}

export interface UpdateUsersInput {
	userIds: string[];
	changes: Partial<User> & { user_nickname?: string; phone?: string };
}

/** Internal order plus the derived enums and Beijing-time strings, for assertions. */
export type OrderView = Order & {
	state_v1: number;
	order_state_text: string;
	created_time: string;
	pay_time: string;
	settle_time: string;
	update_time: string;
};
export type UserView = User & { user_created_at: string };

const sec = (ms: number) => Math.floor(ms / 1000) * 1000;

export class XiaoeState {
	appId = '';
	clientId = '';
	secretKey = '';
	tokenLifetimeSec = 7200;
	tokenGraceSec = 300;
	tokenRateLimit: RateLimit = { max: 100, windowSec: 600 };
	rateLimits: Record<string, RateLimit> | false = {};
	anchorMs = 0;
	faults: XiaoeFaults = { ...DEFAULT_FAULTS };
	/** Every exchange since the last reset, when recording (option `record`). */
	recording = false;
	exchanges: Exchange[] = [];

	users: User[] = [];
	resources: Resource[] = [];
	orders: Order[] = [];
	forms: Form[] = [];
	collections: Collection[] = [];

	private rng = new Rng(1);
	private tokens = new Map<string, TokenRecord>();
	private windows = new Map<string, number[]>();
	private counters: XiaoeStats = emptyStats();
	/** The secret key and every token handed out since start (not cleared by reset), for the secrets scan. */
	readonly secretsIssued = new SecretsIssued('xiaoe');

	constructor(private readonly base: XiaoeEmulatorOptions = {}) {
		this.reset({});
	}

	/** Regenerate everything; `options` are merged over the options the emulator was started with. */
	reset(options: XiaoeEmulatorOptions = {}): void {
		const o = { ...this.base, ...options };
		this.appId = o.appId ?? 'app_emu';
		this.clientId = o.clientId ?? 'xop_emu';
		this.secretKey = o.secretKey ?? 'emu_secret';
		this.secretsIssued.add('secret key', this.secretKey);
		this.tokenLifetimeSec = o.tokenLifetimeSec ?? 7200;
		this.tokenGraceSec = o.tokenGraceSec ?? 300;
		this.tokenRateLimit = o.tokenRateLimit ?? { max: 100, windowSec: 600 };
		this.rateLimits = o.rateLimits === false ? false : { ...(o.rateLimits ?? {}) };
		this.faults = { ...DEFAULT_FAULTS, ...(o.faults ?? {}) };
		this.recording = o.record ?? false;
		this.exchanges = [];
		this.anchorMs = sec(toMs(o.anchor, Date.now()));
		this.rng = new Rng(o.seed ?? 1);
		const data = generateData(this.rng, {
			seed: o.seed ?? 1,
			users: o.users ?? 120,
			goods: o.goods ?? 20,
			courses: o.courses ?? 20,
			orders: o.orders ?? 300,
			anchorMs: this.anchorMs,
			spanDays: o.spanDays ?? 10,
		});
		Object.assign(this, data);
		this.tokens.clear();
		this.windows.clear();
		this.counters = emptyStats();
	}

	// ---- tokens -------------------------------------------------------------

	issueToken(now = Date.now()): { access_token: string; expires_in: number } {
		// Re-fetching retires the older tokens after the grace period (documented 5-minute overlap).
		for (const t of this.tokens.values()) t.retireMs = Math.min(t.retireMs, now + this.tokenGraceSec * 1000);
		for (const [k, t] of this.tokens) if (Math.min(t.expiresMs, t.retireMs) <= now) this.tokens.delete(k);
		const token = randomBytes(16).toString('hex');
		this.tokens.set(token, { expiresMs: now + this.tokenLifetimeSec * 1000, retireMs: Infinity });
		this.counters.tokensIssued++;
		this.secretsIssued.add('access token', token);
		return { access_token: token, expires_in: this.tokenLifetimeSec };
	}

	tokenValid(token: unknown, now = Date.now()): boolean {
		if (typeof token !== 'string') return false;
		const t = this.tokens.get(token);
		return !!t && now < t.expiresMs && now < t.retireMs;
	}

	expireAllTokens(): number {
		const n = this.tokens.size;
		this.tokens.clear();
		return n;
	}

	// ---- limits, faults, stats ------------------------------------------------

	/** Sliding-window limiter; only accepted calls are recorded. */
	allow(key: string, limit: RateLimit, now = Date.now()): boolean {
		const from = now - limit.windowSec * 1000;
		const w = (this.windows.get(key) ?? []).filter((t) => t > from);
		this.windows.set(key, w);
		if (w.length >= limit.max) return false;
		w.push(now);
		return true;
	}

	setFaults(partial: Partial<XiaoeFaults>): XiaoeFaults {
		this.faults = { ...this.faults, ...partial };
		return { ...this.faults };
	}

	get stat(): XiaoeStats {
		return this.counters;
	}

	stats(): XiaoeStats {
		return { ...this.counters, calls: { ...this.counters.calls }, tokenParams: this.counters.tokenParams.map((k) => [...k]) };
	}

	// ---- lookups --------------------------------------------------------------

	user(id: unknown): User | undefined {
		return this.users.find((u) => u.user_id === id);
	}
	resource(id: unknown): Resource | undefined {
		return this.resources.find((r) => r.resource_id === id);
	}
	order(id: unknown): Order | undefined {
		return this.orders.find((o) => o.order_id === id);
	}

	// ---- mutations (also reachable over /__emulator) ------------------------------

	addOrders(input: AddOrdersInput): OrderView[] {
		const count = Math.max(0, Math.floor(Number(input.count ?? 1)));
		const at = sec(toMs(input.at, Date.now()));
		const user = input.userId ? this.user(input.userId) : undefined;
		if (input.userId && !user) throw new Error(`unknown user ${input.userId}`);
		const res = input.resourceId ? this.resource(input.resourceId) : undefined;
		if (input.resourceId && !res) throw new Error(`unknown resource ${input.resourceId}`);
		const buyable = this.resources.filter((r) => r.state !== 2);
		const created: Order[] = [];
		for (let i = 0; i < count; i++) {
			const ms = input.sameSecond ? at : at - (count - 1 - i) * 1000;
			const o = newOrder(this.rng, this.orders.length + 1, user ?? this.rng.pick(this.users), res ?? this.rng.pick(buyable), ms);
			payOrder(this.rng, o, ms);
			this.orders.push(o);
			created.push(o);
		}
		sortOrders(this.orders);
		this.touchUsers(created);
		return created.map(orderView);
	}

	updateOrders(input: UpdateOrdersInput): OrderView[] {
		const at = sec(toMs(input.at, Date.now()));
		const found = (input.orderIds ?? []).map((id) => {
			const o = this.order(id);
			if (!o) throw new Error(`unknown order ${id}`);
			return o;
		});
		for (const o of found) {
			if (input.state !== undefined) this.setState(o, Number(input.state), at);
			o.update_ms = at;
		}
		this.touchUsers(found);
		return found.map(orderView);
	}

	updateUsers(input: UpdateUsersInput): UserView[] {
		const { user_nickname, phone, user_id: _id, es_id: _es, ...rest } = input.changes ?? {};
		const changes: Partial<User> = { ...rest };
		if (user_nickname !== undefined) changes.nickname = user_nickname;
		if (phone !== undefined) changes.bind_phone = phone;
		return (input.userIds ?? []).map((id) => {
			const u = this.user(id);
			if (!u) throw new Error(`unknown user ${id}`);
			Object.assign(u, changes);
			return userView(u);
		});
	}

	listOrders(): OrderView[] {
		return this.orders.map(orderView);
	}

	listUsers(): UserView[] {
		return this.users.map(userView);
	}

	private setState(o: Order, state: number, at: number): void {
		if (!Number.isInteger(state) || state < 0 || state > 5) throw new Error(`invalid state ${state} (order list 2.0 enum 0..5)`);
		if (state >= 1 && state <= 4 && !o.pay_ms) payOrder(this.rng, o, at);
		if (state === 4 && !o.settle_ms) o.settle_ms = at;
		if (state === 3) o.ship_state = 2;
		if (state === 5) {
			o.close_reason = o.pay_ms ? 'refund' : 'manual';
			if (o.pay_ms) {
				o.aftersale_show_state = 3;
				o.refund_fee = o.actual_price;
				o.refund_ms = at;
			}
		}
		if (o.state !== state) o.state_ms = at;
		o.state = state;
	}

	private touchUsers(orders: Order[]): void {
		for (const id of new Set(orders.map((o) => o.user_id))) {
			const u = this.user(id);
			if (u) recomputeUserPay(u, this.orders);
		}
	}
}

function emptyStats(): XiaoeStats {
	return { tokenFetches: 0, tokensIssued: 0, calls: {}, businessCalls: 0, rejectedTokenCalls: 0, throttled: 0, busyAnswers: 0, tokenParams: [] };
}

export function orderView(o: Order): OrderView {
	return {
		...o,
		state_v1: stateV1(o),
		order_state_text: STATE_TEXT_V2[o.state],
		created_time: fmtTime(o.created_ms),
		pay_time: fmtTime(o.pay_ms),
		settle_time: fmtTime(o.settle_ms),
		update_time: fmtTime(o.update_ms),
	};
}

export function userView(u: User): UserView {
	return { ...u, tag_ids: [...u.tag_ids], user_created_at: fmtTime(u.created_ms) };
}
