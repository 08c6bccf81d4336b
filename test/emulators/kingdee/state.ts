/**
 * The emulator's whole state: one data center with users and third-party apps, sessions with an idle timeout,
 * the records of every form, faults, rate window and stats. Tests use it in-process; control.ts exposes it over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { FORMS, findForm, type FormDef } from './forms';
import { SecretsIssued } from '../common/secrets';

export type DocStatus = 'Z' | 'A' | 'B' | 'C' | 'D';

export interface EntryRow {
	entryId: number;
	seq: number;
	/** Canonical field keys; references hold the referenced record's internal id. */
	values: Record<string, unknown>;
}

export interface StoredRecord {
	id: number;
	formId: string;
	number: string;
	status: DocStatus;
	forbid: 'A' | 'B';
	values: Record<string, unknown>;
	entries: Record<string, EntryRow[]>;
	createDate: string;
	modifyDate: string;
	approveDate: string | null;
}

export interface KingdeeFaults {
	latencyMs: number;
	/** Every Nth API call answers HTTP 500 with an HTML page (before doing anything). */
	serverErrorEveryNCalls: number;
	/** Every Nth API call answers MsgCode 14 (调用限制) without doing anything. */
	throttleEveryNCalls: number;
	/** Every Nth write is applied, then the connection is dropped (the client cannot know it landed). */
	dropAfterWriteEveryNCalls: number;
	/** Every Nth call that carries a session finds all sessions gone (as after the idle timeout or a server restart). */
	expireSessionsEveryNCalls: number;
}

export interface KingdeeEmulatorOptions {
	port?: number;
	acctId?: string;
	/** Users: name → password. */
	users?: Record<string, string>;
	/** Third-party apps: AppID → AppSecret (authorised for every user). */
	apps?: Record<string, string>;
	/** Idle time after which a session is lost (Kingdee: 20 minutes). */
	sessionIdleMs?: number;
	/** Signed requests whose timestamp is further off are refused. */
	clockSkewSec?: number;
	/** ExecuteBillQuery's maximum Limit (10 000 from patch 23.11). */
	maxQueryLimit?: number;
	/** Calls per second per caller before MsgCode 14; 0 = unlimited. */
	callsPerSecond?: number;
	/** 'typed': booleans and numbers, as real servers answer; 'template': strings, as the official page template shows. */
	answerStyle?: 'typed' | 'template';
	/** BatchSave refuses the whole batch when one row fails (default: rows are saved one by one). */
	batchAllOrNothing?: boolean;
	/** Failed logins before a user is locked. */
	lockAfterFailures?: number;
	/** Customers generated at reset (C0001, C0002, …). */
	customers?: number;
	faults?: Partial<KingdeeFaults>;
}

export interface RequestLogEntry {
	service: string;
	formId?: string;
	/** Models (BatchSave), bills (Numbers/Ids) or 1. */
	rows: number;
	auth: 'signature' | 'session' | 'none';
	ok: boolean;
}

export interface KingdeeStats {
	calls: Record<string, number>;
	logins: number;
	loginFailures: number;
	signatureFailures: Record<string, number>;
	contextLost: number;
	throttled: number;
	created: number;
	updated: number;
	deleted: number;
	requests: RequestLogEntry[];
}

export const DEFAULT_APP_ID = '100001_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u';
export const DEFAULT_APP_SECRET = '0123456789abcdef0123456789abcdef';
export const DEFAULT_ACCT_ID = '6512345678abcd';
export const DEFAULT_USERS = { demo: 'emu_password', 张三: 'emu_password' };

const NO_FAULTS: KingdeeFaults = {
	latencyMs: 0,
	serverErrorEveryNCalls: 0,
	throttleEveryNCalls: 0,
	dropAfterWriteEveryNCalls: 0,
	expireSessionsEveryNCalls: 0,
};

const emptyStats = (): KingdeeStats => ({
	calls: {},
	logins: 0,
	loginFailures: 0,
	signatureFailures: {},
	contextLost: 0,
	throttled: 0,
	created: 0,
	updated: 0,
	deleted: 0,
	requests: [],
});

/**
 * Beijing wall-clock time as K3Cloud answers a datetime: no offset, SQL Server `datetime` precision (1/300 s, so
 * fractions end in 0, 3 or 7) and .NET's trailing zeros trimmed: 2026-11-20T12:00:00.72, 2026-11-20T12:00:00.
 * Captured answers show exactly this ("FModifyDate":"2019-02-13T15:46:44.72", "2024-04-11T23:52:02.583").
 */
export function beijing(ms: number): string {
	const whole = Math.floor(ms / 1000) * 1000;
	let ticks = Math.round((ms - whole) * 0.3); // 1/300 s steps
	let seconds = whole;
	if (ticks === 300) {
		ticks = 0;
		seconds += 1000;
	}
	const text = new Date(seconds + 8 * 3600_000).toISOString().slice(0, 19);
	const fraction = String(Math.round((ticks * 10) / 3)).padStart(3, '0').replace(/0+$/, '');
	return fraction ? `${text}.${fraction}` : text;
}

export class KingdeeState {
	acctId = DEFAULT_ACCT_ID;
	users = new Map<string, { password: string; failures: number; locked: boolean }>();
	apps = new Map<string, string>();
	sessionIdleMs = 20 * 60_000;
	clockSkewSec = 300;
	maxQueryLimit = 10_000;
	callsPerSecond = 0;
	answerStyle: 'typed' | 'template' = 'typed';
	batchAllOrNothing = false;
	lockAfterFailures = 5;
	faults: KingdeeFaults = { ...NO_FAULTS };
	/** In-process tests only: runs once before the next write service (e.g. another system creating a record). */
	beforeNextWrite?: () => void;
	/** Shifts the emulator's clock (session idle time) without waiting. */
	clockOffsetMs = 0;

	records = new Map<string, Map<number, StoredRecord>>();
	sessions = new Map<string, { user: string; lastSeen: number }>();
	private nextId = 100001;
	private nextEntryId = 200001;
	private numberCounters = new Map<string, number>();
	private counters = emptyStats();
	private callCount = 0;
	private sessionCallCount = 0;
	private writeCount = 0;
	private window = new Map<string, number[]>();
	/** App secrets, passwords and every session id handed out since start, for the secrets scan in CI. */
	readonly secretsIssued = new SecretsIssued('kingdee');

	constructor(private readonly base: KingdeeEmulatorOptions = {}) {
		this.reset({});
	}

	reset(options: KingdeeEmulatorOptions = {}): void {
		const o = { ...this.base, ...options };
		this.acctId = o.acctId ?? DEFAULT_ACCT_ID;
		this.users = new Map(
			Object.entries(o.users ?? DEFAULT_USERS).map(([name, password]) => [name, { password, failures: 0, locked: false }]),
		);
		this.apps = new Map(Object.entries(o.apps ?? { [DEFAULT_APP_ID]: DEFAULT_APP_SECRET }));
		for (const [appId, secret] of this.apps) {
			this.secretsIssued.add('app secret', secret);
			this.secretsIssued.add('AppID secret part', appId.split('_')[1]);
		}
		for (const { password } of this.users.values()) this.secretsIssued.add('password', password);
		this.sessionIdleMs = o.sessionIdleMs ?? 20 * 60_000;
		this.clockSkewSec = o.clockSkewSec ?? 300;
		this.maxQueryLimit = o.maxQueryLimit ?? 10_000;
		this.callsPerSecond = o.callsPerSecond ?? 0;
		this.answerStyle = o.answerStyle ?? 'typed';
		this.batchAllOrNothing = o.batchAllOrNothing ?? false;
		this.lockAfterFailures = o.lockAfterFailures ?? 5;
		this.faults = { ...NO_FAULTS, ...(o.faults ?? {}) };
		this.clockOffsetMs = 0;
		this.records = new Map(FORMS.map((f) => [f.id, new Map()]));
		this.sessions.clear();
		this.nextId = 100001;
		this.nextEntryId = 200001;
		this.numberCounters.clear();
		this.counters = emptyStats();
		this.callCount = 0;
		this.sessionCallCount = 0;
		this.writeCount = 0;
		this.window.clear();
		this.seed(o.customers ?? 0);
	}

	now(): number {
		return Date.now() + this.clockOffsetMs;
	}

	// ---- records --------------------------------------------------------------

	table(formId: string): Map<number, StoredRecord> {
		const form = findForm(formId);
		if (!form) throw new Error(`unknown form ${formId}`);
		return this.records.get(form.id)!;
	}

	list(formId: string): StoredRecord[] {
		return [...this.table(formId).values()].sort((a, b) => a.id - b.id);
	}

	byNumber(formId: string, number: string): StoredRecord | undefined {
		const lower = number.toLowerCase();
		return this.list(formId).find((r) => r.number.toLowerCase() === lower);
	}

	byId(formId: string, id: number): StoredRecord | undefined {
		return this.table(formId).get(id);
	}

	newId(): number {
		return this.nextId++;
	}

	newEntryId(): number {
		return this.nextEntryId++;
	}

	/** The next generated number of a form: XSDD000001, CUST0001, … */
	newNumber(form: FormDef): string {
		for (;;) {
			const n = (this.numberCounters.get(form.id) ?? 0) + 1;
			this.numberCounters.set(form.id, n);
			const number = `${form.prefix}${String(n).padStart(form.kind === 'bill' ? 6 : 4, '0')}`;
			if (!this.byNumber(form.id, number)) return number;
		}
	}

	insert(record: StoredRecord): void {
		this.table(record.formId).set(record.id, record);
	}

	/** Base data every test can reference: organisations 100/101, currency PRE001, materials M001…M010. */
	private seed(customers: number): void {
		const at = beijing(this.now());
		const add = (formId: string, number: string, values: Record<string, unknown>, status: DocStatus = 'C') =>
			this.insert({
				id: this.newId(),
				formId,
				number,
				status,
				forbid: 'A',
				values,
				entries: {},
				createDate: at,
				modifyDate: at,
				approveDate: status === 'C' ? at : null,
			});
		add('ORG_Organizations', '100', { FName: '总公司' });
		add('ORG_Organizations', '101', { FName: '华东分公司' });
		add('BD_Currency', 'PRE001', { FName: '人民币' });
		const org100 = this.byNumber('ORG_Organizations', '100')!.id;
		for (let i = 1; i <= 10; i++) {
			add('BD_MATERIAL', `M${String(i).padStart(3, '0')}`, {
				FName: `物料${i}`,
				FSpecification: `规格-${i}`,
				FCreateOrgId: org100,
				FUseOrgId: org100,
			});
		}
		for (let i = 1; i <= customers; i++) {
			add('BD_Customer', `C${String(i).padStart(4, '0')}`, {
				FName: `客户${i}`,
				FShortName: `客${i}`,
				FCreateOrgId: org100,
				FUseOrgId: org100,
				FTEL: `0571-${String(80000000 + i)}`,
			});
		}
	}

	// ---- sessions -------------------------------------------------------------

	openSession(user: string): string {
		const sid = randomBytes(16)
			.toString('hex')
			.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
		this.sessions.set(sid, { user, lastSeen: this.now() });
		this.secretsIssued.add('session id', sid);
		return sid;
	}

	/** The session's user if it is alive (and marks it used), else undefined. */
	touchSession(sid: string | undefined): string | undefined {
		if (!sid) return undefined;
		this.sessionCallCount++;
		const every = this.faults.expireSessionsEveryNCalls;
		if (every > 0 && this.sessionCallCount % every === 0) this.sessions.clear();
		const session = this.sessions.get(sid);
		if (!session) return undefined;
		if (this.now() - session.lastSeen > this.sessionIdleMs) {
			this.sessions.delete(sid);
			return undefined;
		}
		session.lastSeen = this.now();
		return session.user;
	}

	expireSessions(): number {
		const n = this.sessions.size;
		this.sessions.clear();
		return n;
	}

	// ---- faults, limits, stats --------------------------------------------------

	setFaults(faults: Partial<KingdeeFaults>): KingdeeFaults {
		this.faults = { ...this.faults, ...faults };
		return this.faults;
	}

	/** Which fault, if any, hits this API call. */
	nextFault(): 'server' | 'throttle' | undefined {
		this.callCount++;
		const every = (n: number) => n > 0 && this.callCount % n === 0;
		if (every(this.faults.serverErrorEveryNCalls)) return 'server';
		if (every(this.faults.throttleEveryNCalls)) return 'throttle';
		return undefined;
	}

	/** Whether this write is to be applied and then lost on the wire. */
	dropThisWrite(): boolean {
		this.writeCount++;
		return this.faults.dropAfterWriteEveryNCalls > 0 && this.writeCount % this.faults.dropAfterWriteEveryNCalls === 0;
	}

	/** Sliding one-second window per caller. */
	allowCall(caller: string): boolean {
		if (!(this.callsPerSecond > 0)) return true;
		const now = Date.now();
		const w = (this.window.get(caller) ?? []).filter((t) => t > now - 1000);
		this.window.set(caller, w);
		if (w.length >= this.callsPerSecond) return false;
		w.push(now);
		return true;
	}

	count(service: string): void {
		this.counters.calls[service] = (this.counters.calls[service] ?? 0) + 1;
	}

	get stat(): KingdeeStats {
		return this.counters;
	}

	log(entry: RequestLogEntry): void {
		this.counters.requests.push(entry);
		if (this.counters.requests.length > 500) this.counters.requests.shift();
	}

	stats(): KingdeeStats {
		return JSON.parse(JSON.stringify(this.counters));
	}

	resetStats(): void {
		this.counters = emptyStats();
	}
}
