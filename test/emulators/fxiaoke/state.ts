/**
 * The emulated Fxiaoke tenant: app credentials, corp tokens, employees, object descriptions and records,
 * fault knobs and statistics. Deterministic (seeded) so tests can predict what they read.
 */
import { defaultDescribes } from './describes';
import type { ObjectDescribe } from './describes';
import type { Rec } from './query';
import { SecretsIssued } from '../common/secrets';

export interface FxiaokeFaults {
	/** Added to every answer (ms). */
	latencyMs: number;
	/** Every Nth data call answers HTTP 502 (0 = never). */
	serverErrorEveryNCalls: number;
	/** Every Nth write (create/update) is applied, then the connection is held past the client's timeout and dropped. */
	timeoutAfterWriteEveryNWrites: number;
	/** The Nth write from now on is applied and then answered with HTTP 502 (one-shot, 0 = off). */
	failAfterWriteAt: number;
	/** The next N creates/updates are refused with a business error (nothing written). */
	refuseWrites: number;
	/** Every Nth data call is refused as throttled (before doing anything). */
	throttleEveryNCalls: number;
	/** Every Nth data call first expires all tokens (→ 20016). */
	expireTokenEveryNCalls: number;
	/** The token endpoint refuses this server's IP. */
	ipBlocked: boolean;
	/** Data calls answer the daily-quota code. */
	dailyQuotaExceeded: boolean;
	/** Highest allowed query offset (unverified in the docs; reported in practice as 10 000). */
	offsetCeiling: number;
	/** Token calls allowed per rolling minute. */
	tokenCallsPerMinute: number;
	/** How long a token call takes (ms), to test that concurrent calls are refused. */
	tokenLatencyMs: number;
}

export const DEFAULT_FAULTS: FxiaokeFaults = {
	latencyMs: 0,
	serverErrorEveryNCalls: 0,
	timeoutAfterWriteEveryNWrites: 0,
	failAfterWriteAt: 0,
	refuseWrites: 0,
	throttleEveryNCalls: 0,
	expireTokenEveryNCalls: 0,
	ipBlocked: false,
	dailyQuotaExceeded: false,
	offsetCeiling: 10_000,
	tokenCallsPerMinute: 10,
	tokenLatencyMs: 0,
};

export interface FxiaokeStats {
	tokenFetches: number;
	tokensIssued: number;
	tokenRefusedBusy: number;
	tokenRefusedRate: number;
	dataCalls: number;
	calls: Record<string, number>;
	creates: number;
	updates: number;
	invalidations: number;
	deletes: number;
	rejectedTokenCalls: number;
	throttled: number;
	maxOffset: number;
	offsetCeilingHits: number;
}

export interface Employee {
	openUserId: string;
	name: string;
	mobile: string;
	departmentIds: number[];
	status: 'normal' | 'stop';
}

interface Token {
	value: string;
	issuedAt: number;
	expiresAt: number;
	valid: boolean;
}

export interface FxiaokeEmulatorOptions {
	port?: number;
	appId?: string;
	appSecret?: string;
	permanentCode?: string;
	corpId?: string;
	/** Records to generate per object at start, e.g. `{ AccountObj: 50 }`. */
	records?: Record<string, number>;
	seed?: number;
}

export const TOKEN_LIFETIME_SEC = 7200;
/** A token call within this many seconds of the token's life returns the same token (official old.html). */
export const SAME_TOKEN_WITHIN_SEC = 6600;

export class FxiaokeState {
	appId: string;
	appSecret: string;
	permanentCode: string;
	corpId: string;
	faults: FxiaokeFaults = { ...DEFAULT_FAULTS };
	stat!: FxiaokeStats;
	describes: ObjectDescribe[] = [];
	records = new Map<string, Map<string, Rec>>();
	employees: Employee[] = [];
	tokens: Token[] = [];
	/** Added to the wall clock for token ages (tests move time forward instead of waiting 2 hours). */
	clockOffsetMs = 0;
	tokenCallTimes: number[] = [];
	tokenInFlight = 0;
	/** Every request body seen (for contract tests), newest last; capped. */
	requests: Array<{ path: string; query?: Record<string, string>; body: unknown; status?: number; response?: unknown }> = [];
	/** Bumped on every write; query results are cached per version (offset paging re-runs one query many times). */
	version = 0;
	queryCache = new Map<string, Rec[]>();
	private rand!: () => number;
	private seq = 0;
	private options: FxiaokeEmulatorOptions;
	/** App secret, permanent code and every corp token handed out, for the secrets scan in CI. */
	readonly secretsIssued = new SecretsIssued('fxiaoke');

	constructor(options: FxiaokeEmulatorOptions = {}) {
		this.options = options;
		this.appId = options.appId ?? 'FSAID_emu';
		this.appSecret = options.appSecret ?? 'emu_app_secret';
		this.permanentCode = options.permanentCode ?? 'EMU_PERMANENT_CODE';
		this.secretsIssued.add('app secret', this.appSecret);
		this.secretsIssued.add('permanent code', this.permanentCode);
		this.corpId = options.corpId ?? 'FSCID_EMU0001';
		this.reset({ records: options.records, seed: options.seed });
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	reset(options: { records?: Record<string, number>; seed?: number } = {}): void {
		let s = options.seed ?? this.options.seed ?? 42;
		// mulberry32: 32-bit integer steps, so ids do not repeat within millions of draws.
		this.rand = () => {
			s = (s + 0x6d2b79f5) | 0;
			let t = Math.imul(s ^ (s >>> 15), 1 | s);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
		this.seq = 0;
		this.faults = { ...DEFAULT_FAULTS };
		this.tokens = [];
		this.tokenCallTimes = [];
		this.tokenInFlight = 0;
		this.clockOffsetMs = 0;
		this.requests = [];
		this.version++;
		this.stat = {
			tokenFetches: 0,
			tokensIssued: 0,
			tokenRefusedBusy: 0,
			tokenRefusedRate: 0,
			dataCalls: 0,
			calls: {},
			creates: 0,
			updates: 0,
			invalidations: 0,
			deletes: 0,
			rejectedTokenCalls: 0,
			throttled: 0,
			maxOffset: 0,
			offsetCeilingHits: 0,
		};
		this.describes = defaultDescribes();
		this.records = new Map(this.describes.map((d) => [d.api_name, new Map()]));
		this.employees = [
			{ openUserId: 'FSUID_OPERATOR0001', name: '管理员', mobile: '13800000001', departmentIds: [1000], status: 'normal' },
			{ openUserId: 'FSUID_SALES0002', name: '张三', mobile: '13800000002', departmentIds: [1001], status: 'normal' },
			{ openUserId: 'FSUID_SALES0003', name: '李四', mobile: '13800000003', departmentIds: [1001], status: 'normal' },
			{ openUserId: 'FSUID_OPS0004', name: '王五', mobile: '13800000004', departmentIds: [1002], status: 'normal' },
		];
		for (const [apiName, count] of Object.entries(options.records ?? this.options.records ?? {})) this.generate(apiName, count);
	}

	setFaults(patch: Partial<FxiaokeFaults>): FxiaokeFaults {
		for (const [k, v] of Object.entries(patch)) if (k in this.faults) (this.faults as unknown as Record<string, unknown>)[k] = v;
		return { ...this.faults };
	}

	stats(): FxiaokeStats & { records: Record<string, number> } {
		return { ...this.stat, calls: { ...this.stat.calls }, records: Object.fromEntries([...this.records].map(([k, m]) => [k, m.size])) };
	}

	// ---- tokens -------------------------------------------------------------------------------------------

	/** The token the endpoint hands out now: the same one within 6 600 s of its life, a new one after. */
	issueToken(): { corpAccessToken: string; expiresIn: number } {
		const now = this.now();
		const current = this.tokens.filter((t) => t.valid && t.expiresAt > now).sort((a, b) => b.issuedAt - a.issuedAt)[0];
		let token = current;
		if (!token || now - token.issuedAt >= SAME_TOKEN_WITHIN_SEC * 1000) {
			token = { value: `EMU_TOKEN_${this.hex(20)}`, issuedAt: now, expiresAt: now + TOKEN_LIFETIME_SEC * 1000, valid: true };
			this.tokens.push(token);
			this.stat.tokensIssued++;
			this.secretsIssued.add('corp access token', token.value);
		}
		return { corpAccessToken: token.value, expiresIn: Math.round((token.expiresAt - now) / 1000) };
	}

	tokenValid(value: unknown): boolean {
		const now = this.now();
		return this.tokens.some((t) => t.value === value && t.valid && t.expiresAt > now);
	}

	expireAllTokens(): number {
		let n = 0;
		for (const t of this.tokens) if (t.valid) (t.valid = false), n++;
		return n;
	}

	/** Rolling-minute token rate. */
	allowTokenCall(): boolean {
		const now = Date.now();
		this.tokenCallTimes = this.tokenCallTimes.filter((t) => now - t < 60_000);
		if (this.tokenCallTimes.length >= this.faults.tokenCallsPerMinute) return false;
		this.tokenCallTimes.push(now);
		return true;
	}

	// ---- records ------------------------------------------------------------------------------------------

	describe(apiName: string): ObjectDescribe | undefined {
		return this.describes.find((d) => d.api_name === apiName);
	}

	table(apiName: string): Map<string, Rec> | undefined {
		return this.records.get(apiName);
	}

	hex(n: number): string {
		let out = '';
		for (let i = 0; i < n; i++) out += Math.floor(this.rand() * 16).toString(16);
		return out;
	}

	newId(): string {
		// 24 hex characters like Fxiaoke's ObjectIds; random so that _id order is not creation order.
		this.seq++;
		for (;;) {
			const id = this.hex(24);
			if (![...this.records.values()].some((t) => t.has(id))) return id;
		}
	}

	/** A stored record with system fields; times are ms epoch numbers, money/number fields strings ("1.00"). */
	insert(apiName: string, values: Rec, options: { at?: number; owner?: string } = {}): Rec {
		const table = this.table(apiName);
		if (!table) throw new Error(`unknown object ${apiName}`);
		const at = options.at ?? this.now();
		const owner = options.owner ?? this.employees[0].openUserId;
		const record: Rec = {
			_id: this.newId(),
			create_time: at,
			last_modified_time: at,
			created_by: [owner],
			owner: [owner],
			life_status: 'normal',
			version: '1',
			...this.storeValues(apiName, values),
		};
		table.set(String(record._id), record);
		this.version++;
		return record;
	}

	update(apiName: string, id: string, values: Rec, at = this.now()): Rec | undefined {
		const record = this.table(apiName)?.get(id);
		if (!record) return undefined;
		Object.assign(record, this.storeValues(apiName, values));
		record.last_modified_time = Math.max(at, Number(record.last_modified_time) + 1);
		record.version = String(Number(record.version ?? 1) + 1);
		this.version++;
		return record;
	}

	/** As Fxiaoke returns them: numbers and money as strings, the rest as given; quote fields from their reference. */
	storeValues(apiName: string, values: Rec): Rec {
		const fields = this.describe(apiName)?.fields ?? {};
		const out: Rec = {};
		for (const [k, v] of Object.entries(values)) {
			const type = fields[k]?.type;
			if ((type === 'number' || type === 'currency') && v !== null && v !== '' && v !== undefined) {
				out[k] = type === 'currency' ? Number(v).toFixed(2) : String(Number(v));
			} else out[k] = v;
		}
		for (const field of Object.values(fields)) {
			if (field.type !== 'quote' || !field.quote_field) continue;
			const [via, target] = field.quote_field.split('.');
			if (!(via in values)) continue;
			const refObject = fields[via]?.target_api_name;
			const ref = refObject ? this.table(refObject)?.get(String(values[via] ?? '')) : undefined;
			out[field.api_name] = ref ? (ref[target] ?? null) : null;
		}
		return out;
	}

	/** Bulk records with spread times (several per millisecond, to exercise tie-breaks). */
	generate(apiName: string, count: number, options: { from?: number; stepMs?: number } = {}): Rec[] {
		const from = options.from ?? this.now() - count * 1000;
		const step = options.stepMs ?? 1000;
		const made: Rec[] = [];
		for (let i = 0; i < count; i++) {
			const at = from + Math.floor(i / 3) * step; // three records share each timestamp
			const n = this.seq + 1;
			const values: Rec =
				apiName === 'AccountObj'
					? { name: `客户${n}`, account_no: `C${String(n).padStart(6, '0')}`, account_level: String(1 + (n % 3)), credit_limit: (n % 50) * 100 }
					: apiName === 'object_erp_order__c'
						? { name: `ERP-${n}`, field_erp_no__c: `E${String(n).padStart(6, '0')}`, field_amount__c: n % 1000, field_status__c: n % 4 === 0 ? 'draft' : 'audited' }
						: { name: `${apiName}-${n}` };
			made.push(this.insert(apiName, values, { at }));
		}
		return made;
	}

	list(apiName: string): Rec[] {
		return [...(this.table(apiName)?.values() ?? [])].map((r) => ({ ...r }));
	}
}
