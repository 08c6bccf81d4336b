/** The emulator's data: one app, its worksheets and rows, faults, rate window and stats. */
import { createHash } from 'node:crypto';
import { DEMO_APP_NAME, DEMO_WORKSHEETS } from './presets';
import { SecretsIssued } from '../common/secrets';

export type MingdaoFieldType =
	| 'Text'
	| 'Number'
	| 'Currency'
	| 'Email'
	| 'PhoneNumber'
	| 'Date'
	| 'DateTime'
	| 'SingleSelect'
	| 'MultipleSelect'
	| 'Dropdown'
	| 'Checkbox'
	| 'Relation'
	| 'Collaborator'
	| 'AutoNumber'
	| 'Formula';

export interface MingdaoFieldDef {
	id?: string;
	alias: string;
	name: string;
	type: MingdaoFieldType;
	/** `deleted` options stay in the structure (isDeleted) and in old values, but cannot be written. */
	options?: { key?: string; value: string; deleted?: boolean }[];
	/** Relation target worksheet alias or id. */
	dataSource?: string;
	required?: boolean;
	unique?: boolean;
	isTitle?: boolean;
	/** Field properties set in the form designer (字段属性): answered as isReadOnly / isHidden. */
	readOnly?: boolean;
	hidden?: boolean;
}

export interface MingdaoWorksheetDef {
	id?: string;
	alias: string;
	name: string;
	fields: MingdaoFieldDef[];
	/** App section (分组) of the worksheet in GET /v3/app; default: the app name. */
	section?: string;
	/** A child section (子分组) inside `section`. */
	childSection?: string;
}

/** The forms of a failed call Mingdao's reference shows: `{success:false, error_code, error_msg}` is the main one. */
export type MingdaoErrorStyle = 'error_code' | 'code_msg' | 'errorCode';

export interface MingdaoFaults {
	latencyMs: number;
	throttleEveryNCalls: number;
	serverErrorEveryNCalls: number;
	/** How errors are answered (see MingdaoErrorStyle). */
	errorStyle: MingdaoErrorStyle;
	/** Rows PATCH rows/batch reports in failedRowIds (as for a row locked by an approval) instead of updating. */
	refuseUpdateRowIds: string[];
	/**
	 * Test control, not API behaviour: hold each rows/list answer until this many are waiting (at most 3 s), so
	 * that two clients' look-ups provably happen before either writes (races made certain). 0 = off.
	 */
	listBarrier: number;
}

export interface MingdaoEmulatorOptions {
	port?: number;
	appKey?: string;
	sign?: string;
	appName?: string;
	worksheets?: MingdaoWorksheetDef[];
	ratePerSecond?: number;
	faults?: Partial<MingdaoFaults>;
}

export interface MingdaoStats {
	calls: Record<string, number>;
	reads: number;
	writes: { create: number; update: number; delete: number };
	rowsCreated: number;
	rowsUpdated: number;
	rowsDeleted: number;
	throttled: number;
	/** Most API requests being answered at the same time (latency makes overlaps visible). */
	maxConcurrent: number;
}

export interface FieldInfo {
	id: string;
	alias: string;
	name: string;
	type: MingdaoFieldType;
	options: { key: string; value: string; index: number; deleted: boolean }[];
	/** Resolved target worksheet id. */
	dataSource?: string;
	required: boolean;
	unique: boolean;
	isTitle: boolean;
	readOnly: boolean;
	hidden: boolean;
}

/** Values are canonical (see values.ts), keyed by field id. Times are Beijing 'YYYY-MM-DD HH:mm:ss'. */
export interface StoredRow {
	id: string;
	createdAt: string;
	updatedAt: string;
	seq: number;
	values: Record<string, unknown>;
}

export interface WorksheetInfo {
	id: string;
	alias: string;
	name: string;
	fields: FieldInfo[];
	section: string;
	childSection?: string;
	rows: Map<string, StoredRow>;
	/** Soft-deleted rows: gone for the API, kept like Mingdao's recycle bin. */
	recycleBin: Map<string, StoredRow>;
	seq: number;
	autoNumber: number;
}

/** Ids derived from names so they survive restarts. */
export const stableHex = (seed: string) => createHash('sha1').update(seed).digest('hex').slice(0, 24);
export function stableUuid(seed: string): string {
	const h = createHash('sha1').update(seed).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** 'YYYY-MM-DD HH:mm:ss' in Beijing time (UTC+8), the format Mingdao shows. */
export function beijingNow(): string {
	return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const NO_FAULTS: MingdaoFaults = {
	latencyMs: 0,
	throttleEveryNCalls: 0,
	serverErrorEveryNCalls: 0,
	errorStyle: 'error_code',
	refuseUpdateRowIds: [],
	listBarrier: 0,
};

/** Every answer and request checked against the official reference (see index.ts). */
export interface ContractLog {
	/** Checked answers and requests per official operation, e.g. `GET /v3/app`. */
	checked: Record<string, { requests: number; responses: number }>;
	violations: Array<{ kind: 'request' | 'response'; operation: string; problems: string[]; body: unknown }>;
}

const emptyStats = (): MingdaoStats => ({
	calls: {},
	reads: 0,
	writes: { create: 0, update: 0, delete: 0 },
	rowsCreated: 0,
	rowsUpdated: 0,
	rowsDeleted: 0,
	throttled: 0,
	maxConcurrent: 0,
});

export class MingdaoState {
	appKey = '';
	sign = '';
	appName = '';
	appId = '';
	ratePerSecond = 50;
	worksheets: WorksheetInfo[] = [];
	faults: MingdaoFaults = { ...NO_FAULTS };
	private data: MingdaoStats = emptyStats();
	/** Not cleared by reset(): a test reads it after all its flows. */
	readonly contract: ContractLog = { checked: {}, violations: [] };
	/** The sign every call must carry (since start, not cleared by reset), for the secrets scan. */
	readonly secretsIssued = new SecretsIssued('mingdao');
	private callsSinceFaults = 0;
	private rateWindows = new Map<string, number[]>();
	private inFlight = 0;
	private atBarrier: Array<() => void> = [];

	constructor(private readonly initial: MingdaoEmulatorOptions = {}) {
		this.reset();
	}

	/** Back to the start options, overridden by `options`: rows, stats, faults and rate window all cleared. */
	reset(options: MingdaoEmulatorOptions = {}): void {
		const o = { ...this.initial, ...options };
		const worksheets = buildWorksheets(o.worksheets ?? DEMO_WORKSHEETS, o.appName ?? DEMO_APP_NAME); // first: a bad definition changes nothing
		this.appKey = o.appKey ?? 'emu_appkey';
		this.sign = o.sign ?? 'emu_sign';
		this.secretsIssued.add('sign', this.sign);
		this.appName = o.appName ?? DEMO_APP_NAME;
		this.appId = stableUuid(`app:${this.appName}`);
		this.ratePerSecond = o.ratePerSecond ?? 50;
		this.worksheets = worksheets;
		this.faults = { ...NO_FAULTS, ...(o.faults ?? {}) };
		this.callsSinceFaults = 0;
		this.rateWindows.clear();
		this.data = emptyStats();
	}

	setFaults(partial: Partial<MingdaoFaults>): MingdaoFaults {
		this.faults = { ...this.faults, ...partial, refuseUpdateRowIds: [...(partial.refuseUpdateRowIds ?? this.faults.refuseUpdateRowIds)] };
		this.callsSinceFaults = 0; // "every N calls" counts from now, so tests are predictable
		return { ...this.faults };
	}

	findWorksheet(idOrAlias: unknown): WorksheetInfo | undefined {
		if (typeof idOrAlias !== 'string' || !idOrAlias) return undefined;
		return this.worksheets.find((w) => w.id === idOrAlias || w.alias === idOrAlias);
	}

	findField(ws: WorksheetInfo, idOrAlias: unknown): FieldInfo | undefined {
		if (typeof idOrAlias !== 'string' || !idOrAlias) return undefined;
		return ws.fields.find((f) => f.id === idOrAlias || f.alias === idOrAlias);
	}

	titleField(ws: WorksheetInfo): FieldInfo | undefined {
		return ws.fields.find((f) => f.isTitle);
	}

	/** The v3 worksheet structure, or undefined. */
	getWorksheet(idOrAlias: string) {
		const ws = this.findWorksheet(idOrAlias);
		return ws && structure(ws);
	}

	listWorksheets() {
		return this.worksheets.map(structure);
	}

	/**
	 * GET /v3/app: sections (分组) with items (type 0 worksheet, 1 custom page, 2 child section) and childSections,
	 * as in the reference's example. One custom page sits in the first section so that clients learn to skip it.
	 */
	appInfo() {
		const item = (id: string, name: string, type: number, alias = '') => ({
			id,
			name,
			type,
			iconUrl: `https://fp1.mingdaoyun.cn/customIcon/${type === 0 ? 'table' : 'sys_12_2_book'}.svg`,
			status: 1,
			alias,
			notes: '',
		});
		const sheet = (w: WorksheetInfo) => item(w.id, w.name, 0, w.alias);
		const sectionNames = [...new Set(this.worksheets.map((w) => w.section))];
		const sections = sectionNames.map((name, n) => {
			const own = this.worksheets.filter((w) => w.section === name);
			const childNames = [...new Set(own.filter((w) => w.childSection).map((w) => w.childSection as string))];
			const children = childNames.map((child) => ({
				id: stableHex(`section:${name}:${child}`),
				name: child,
				items: own.filter((w) => w.childSection === child).map(sheet),
			}));
			return {
				id: stableHex(`section:${name}`),
				name,
				items: [
					...(n === 0 ? [item(stableHex(`page:${this.appName}`), '看板 Dashboard', 1)] : []),
					...own.filter((w) => !w.childSection).map(sheet),
					...children.map((c) => item(c.id, c.name, 2)),
				],
				childSections: children,
			};
		});
		return {
			organizationId: stableUuid(`org:${this.appName}`),
			appId: this.appId,
			name: this.appName,
			iconUrl: 'https://fp1.mingdaoyun.cn/customIcon/sys_13_1_shop.svg',
			color: '#3054EB',
			desc: '',
			remark: '',
			sections,
		};
	}

	/** Rows as stored (canonical values keyed by alias; id and times named as v3 names them), oldest first. */
	listRows(worksheetIdOrAlias: string): Record<string, unknown>[] {
		const ws = this.findWorksheet(worksheetIdOrAlias);
		if (!ws) throw new Error(`unknown worksheet ${worksheetIdOrAlias}`);
		return [...ws.rows.values()]
			.sort((a, b) => a.seq - b.seq)
			.map((r) => {
				const out: Record<string, unknown> = { id: r.id, _createdAt: r.createdAt, _updatedAt: r.updatedAt };
				for (const f of ws.fields) {
					const v = r.values[f.id] ?? null;
					out[f.alias] = Array.isArray(v) ? [...v] : v;
				}
				return out;
			});
	}

	/** Option key for a label: handy for test assertions on select fields. */
	optionKey(worksheetIdOrAlias: string, fieldIdOrAlias: string, label: string): string | undefined {
		const ws = this.findWorksheet(worksheetIdOrAlias);
		const f = ws && this.findField(ws, fieldIdOrAlias);
		return f?.options.find((o) => o.value === label)?.key;
	}

	stats(): MingdaoStats {
		return JSON.parse(JSON.stringify(this.data)) as MingdaoStats;
	}

	resetStats(): void {
		this.data = emptyStats();
	}

	countCall(key: string): void {
		this.data.calls[key] = (this.data.calls[key] ?? 0) + 1;
	}
	countRead(): void {
		this.data.reads++;
	}
	countWrite(kind: 'create' | 'update' | 'delete', rows: number): void {
		this.data.writes[kind]++;
		if (kind === 'create') this.data.rowsCreated += rows;
		if (kind === 'update') this.data.rowsUpdated += rows;
		if (kind === 'delete') this.data.rowsDeleted += rows;
	}
	countThrottled(): void {
		this.data.throttled++;
	}

	/** Brackets one API request, for `maxConcurrent`. */
	enter(): () => void {
		this.inFlight++;
		this.data.maxConcurrent = Math.max(this.data.maxConcurrent, this.inFlight);
		return () => void this.inFlight--;
	}

	/** The `listBarrier` fault: resolves when enough list answers are waiting, or after 3 s. */
	async listBarrier(): Promise<void> {
		const wanted = this.faults.listBarrier;
		if (!(wanted > 1)) return;
		await new Promise<void>((resolve) => {
			this.atBarrier.push(resolve);
			if (this.atBarrier.length >= wanted) {
				this.atBarrier.splice(0).forEach((release) => release());
				return;
			}
			setTimeout(() => {
				const at = this.atBarrier.indexOf(resolve);
				if (at >= 0) this.atBarrier.splice(at, 1);
				resolve();
			}, 3000).unref();
		});
	}

	/** The injected fault for this API call, if any. */
	nextFault(): 'server' | 'throttle' | undefined {
		const n = ++this.callsSinceFaults;
		const { serverErrorEveryNCalls: s, throttleEveryNCalls: t } = this.faults;
		if (s > 0 && n % s === 0) return 'server';
		if (t > 0 && n % t === 0) return 'throttle';
		return undefined;
	}

	/** Sliding one-second window per appKey; only accepted calls fill it, so a client that backs off recovers. */
	allowCall(appKey: string): boolean {
		if (!(this.ratePerSecond > 0)) return true;
		const now = Date.now();
		const window = (this.rateWindows.get(appKey) ?? []).filter((t) => t > now - 1000);
		this.rateWindows.set(appKey, window);
		if (window.length >= this.ratePerSecond) return false;
		window.push(now);
		return true;
	}
}

function buildWorksheets(defs: MingdaoWorksheetDef[], appName: string): WorksheetInfo[] {
	const sheets: WorksheetInfo[] = defs.map((d) => {
		const fields: FieldInfo[] = d.fields.map((f) => ({
			id: f.id ?? stableHex(`field:${d.alias}:${f.alias}`),
			alias: f.alias,
			name: f.name,
			type: f.type,
			options: (f.options ?? []).map((o, i) => ({
				key: o.key ?? stableUuid(`option:${d.alias}:${f.alias}:${o.value}`),
				value: o.value,
				index: i + 1,
				deleted: !!o.deleted,
			})),
			dataSource: f.dataSource,
			required: !!f.required,
			unique: !!f.unique,
			isTitle: !!f.isTitle,
			readOnly: !!f.readOnly,
			hidden: !!f.hidden,
		}));
		// Every worksheet has a title field; Mingdao defaults to the first text field.
		if (!fields.some((f) => f.isTitle)) {
			const first = fields.find((f) => f.type === 'Text') ?? fields[0];
			if (first) first.isTitle = true;
		}
		return {
			id: d.id ?? stableHex(`worksheet:${d.alias}`),
			alias: d.alias,
			name: d.name,
			fields,
			section: d.section ?? appName,
			childSection: d.childSection,
			rows: new Map(),
			recycleBin: new Map(),
			seq: 0,
			autoNumber: 0,
		};
	});
	for (const ws of sheets) {
		for (const f of ws.fields) {
			if (f.type !== 'Relation') continue;
			const target = sheets.find((w) => w.id === f.dataSource || w.alias === f.dataSource);
			if (!target) throw new Error(`Relation field ${ws.alias}.${f.alias}: unknown dataSource ${f.dataSource}`);
			f.dataSource = target.id;
		}
	}
	return sheets;
}

/** Date formats (subType) as the reference numbers them: 3 year-month-day, 6 year-month-day hour:minute:second. */
const SUB_TYPE: Partial<Record<MingdaoFieldType, number>> = { Date: 3, DateTime: 6, Collaborator: 1, Relation: 2 };

/** GET /v3/app/worksheets/{id}: the reference's schema (worksheetId, isUnique, isReadOnly, …), field types by name. */
function structure(ws: WorksheetInfo) {
	return {
		worksheetId: ws.id,
		name: ws.name,
		alias: ws.alias,
		remark: '',
		desc: '',
		fields: ws.fields.map((f) => ({
			id: f.id,
			name: f.name,
			alias: f.alias,
			desc: '',
			type: f.type,
			required: f.required,
			isTitle: f.isTitle,
			isUnique: f.unique,
			isReadOnly: f.readOnly,
			isHidden: f.hidden,
			isHiddenOnCreate: false,
			remark: '',
			// The reference types option index and isDeleted as strings; so does the emulator.
			...(f.options.length ? { options: f.options.map((o) => ({ key: o.key, value: o.value, index: String(o.index), isDeleted: String(o.deleted) })) } : {}),
			...(SUB_TYPE[f.type] !== undefined ? { subType: SUB_TYPE[f.type] } : {}),
			...(f.type === 'Currency' ? { precision: 2 } : {}),
			...(f.dataSource ? { dataSource: f.dataSource } : {}),
			sourceField: '',
		})),
		views: [{ id: stableHex(`view:${ws.alias}`), name: '全部', type: 'sheet' }],
	};
}
