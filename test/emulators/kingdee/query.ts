/**
 * ExecuteBillQuery: `[[v1, v2, …], …]` in FieldKeys order (official page, vip.kingdee.com 111098350287473408).
 * Field keys: the primary key, the number field, header fields, `ref.FNumber` / `ref.FName`, system fields, entry
 * fields (one row per entry line), `<entry>_FEntryID` and `<entry>_FSeq`. FilterString: SQL-like text (=, <>, >, >=,
 * <, <=, LIKE, IN, NOT IN, IS [NOT] NULL, BETWEEN, AND, OR, NOT, parentheses) or the documented array form.
 * StartRow/Limit paging, Limit capped at maxQueryLimit, TopRowCount caps the total.
 */
import { canonical, findForm, SYSTEM_FIELDS, type FieldDef, type FormDef } from './forms';
import type { EntryRow, KingdeeState, StoredRecord } from './state';
import { prop, RowFault } from './values';

interface Ctx {
	record: StoredRecord;
	line?: EntryRow;
}

type Getter = (ctx: Ctx) => unknown;

interface Column {
	get: Getter;
	/** The entry this column needs a line of, if any. */
	entry?: string;
}

function refValue(state: KingdeeState, def: FieldDef, id: unknown, sub: string | undefined): unknown {
	if (typeof def.type !== 'object') return undefined;
	const refForm = findForm(def.type.ref)!;
	const ref = typeof id === 'number' ? state.byId(refForm.id, id) : undefined;
	if (!sub) return ref?.id ?? 0;
	if (sub.toLowerCase() === 'fnumber') return ref?.number ?? null;
	if (sub.toLowerCase() === 'fname') return ref ? (ref.values.FName ?? null) : null;
	return undefined;
}

/** How to read one field key, or a RowFault naming it (MsgCode 9: 指定字段/值不存在). */
export function column(state: KingdeeState, form: FormDef, key: string): Column {
	const unknown = () => new RowFault(null, `字段“${key}”在业务对象“${form.label}”中不存在`, 9);
	const [head, sub, ...more] = key.split('.');
	if (more.length) throw unknown();
	const lower = head.toLowerCase();
	if (!sub) {
		if (lower === form.idField.toLowerCase()) return { get: (c) => c.record.id };
		if (lower === form.numberField.toLowerCase()) return { get: (c) => c.record.number };
		const system = SYSTEM_FIELDS.find((f) => f.toLowerCase() === lower);
		if (system) {
			const pick: Record<string, Getter> = {
				FDocumentStatus: (c) => c.record.status,
				FForbidStatus: (c) => c.record.forbid,
				FCreateDate: (c) => c.record.createDate,
				FModifyDate: (c) => c.record.modifyDate,
				FApproveDate: (c) => c.record.approveDate,
			};
			return { get: pick[system] };
		}
		const underscore = head.lastIndexOf('_');
		if (underscore > 0) {
			const entry = canonical(form.entries, head.slice(0, underscore));
			const what = head.slice(underscore + 1).toLowerCase();
			if (entry && what === 'fentryid') return { get: (c) => c.line?.entryId ?? 0, entry };
			if (entry && what === 'fseq') return { get: (c) => c.line?.seq ?? 0, entry };
		}
	}
	const header = canonical(form.header, head);
	if (header) {
		const def = form.header[header];
		if (sub && typeof def.type !== 'object') throw unknown();
		if (typeof def.type === 'object') {
			if (sub && !['fnumber', 'fname'].includes(sub.toLowerCase())) throw unknown();
			return { get: (c) => refValue(state, def, c.record.values[header], sub) };
		}
		return { get: (c) => c.record.values[header] ?? null };
	}
	for (const [entryKey, entry] of Object.entries(form.entries)) {
		const field = canonical(entry.fields, head);
		if (!field) continue;
		const def = entry.fields[field];
		if (sub && typeof def.type !== 'object') throw unknown();
		if (typeof def.type === 'object') {
			if (sub && !['fnumber', 'fname'].includes(sub.toLowerCase())) throw unknown();
			return { get: (c) => refValue(state, def, c.line?.values[field], sub), entry: entryKey };
		}
		return { get: (c) => c.line?.values[field] ?? null, entry: entryKey };
	}
	throw unknown();
}

// ---- FilterString ------------------------------------------------------------------------------------------

type Token = { t: 'id' | 'str' | 'num' | 'op' | 'kw' | '(' | ')' | ','; v: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'LIKE', 'IS', 'NULL', 'BETWEEN']);

function tokenize(text: string): Token[] {
	const out: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const ch = text[i];
		if (/\s/.test(ch)) {
			i++;
		} else if (ch === "'") {
			let value = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new RowFault(null, 'FilterString 语法错误：字符串未结束', 8);
				if (text[i] === "'" && text[i + 1] === "'") {
					value += "'";
					i += 2;
				} else if (text[i] === "'") {
					i++;
					break;
				} else value += text[i++];
			}
			out.push({ t: 'str', v: value });
		} else if ('(),'.includes(ch)) {
			out.push({ t: ch as '(' | ')' | ',', v: ch });
			i++;
		} else if (/[<>=!]/.test(ch)) {
			const two = text.slice(i, i + 2);
			const op = ['<>', '>=', '<=', '!='].includes(two) ? two : ch;
			out.push({ t: 'op', v: op });
			i += op.length;
		} else if (/[-\d]/.test(ch)) {
			const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
			if (!m) throw new RowFault(null, `FilterString 语法错误：“${text.slice(i, i + 10)}”`, 8);
			out.push({ t: 'num', v: m[0] });
			i += m[0].length;
		} else if (/[A-Za-z_]/.test(ch)) {
			const m = /^[A-Za-z_][\w.]*/.exec(text.slice(i))!;
			const upper = m[0].toUpperCase();
			out.push(KEYWORDS.has(upper) ? { t: 'kw', v: upper } : { t: 'id', v: m[0] });
			i += m[0].length;
		} else throw new RowFault(null, `FilterString 语法错误：无法识别“${ch}”`, 8);
	}
	return out;
}

type Predicate = (ctx: Ctx) => boolean;

/** Normalise for comparison: dates 'YYYY-MM-DD HH:mm:ss(.fff)' either way, numbers as numbers, text lower-case. */
function comparable(value: unknown): string | number | null {
	if (value === null || value === undefined) return null;
	if (typeof value === 'number') return value;
	if (typeof value === 'boolean') return value ? 1 : 0;
	const text = String(value);
	const date = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?)?$/.exec(text.trim());
	if (date) {
		const time = date[2] ?? '00:00:00';
		return `${date[1]} ${time.length === 5 ? `${time}:00` : time}${(date[3] ?? '.000').padEnd(4, '0').slice(0, 4)}`;
	}
	return text.toLowerCase();
}

function compare(a: unknown, b: unknown): number | undefined {
	const x = comparable(a);
	const y = comparable(b);
	if (x === null || y === null) return undefined;
	if (typeof x === 'number' || typeof y === 'number') {
		const nx = Number(x);
		const ny = Number(y);
		if (Number.isFinite(nx) && Number.isFinite(ny)) return nx - ny;
	}
	return String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
}

class Parser {
	private pos = 0;
	readonly entries = new Set<string>();

	constructor(
		private readonly tokens: Token[],
		private readonly state: KingdeeState,
		private readonly form: FormDef,
	) {}

	parse(): Predicate {
		const p = this.or();
		if (this.pos < this.tokens.length) throw new RowFault(null, `FilterString 语法错误：多余的“${this.tokens[this.pos].v}”`, 8);
		return p;
	}

	private peek(): Token | undefined {
		return this.tokens[this.pos];
	}

	private next(): Token {
		const t = this.tokens[this.pos++];
		if (!t) throw new RowFault(null, 'FilterString 语法错误：条件不完整', 8);
		return t;
	}

	private isKw(v: string): boolean {
		const t = this.peek();
		return t?.t === 'kw' && t.v === v;
	}

	private or(): Predicate {
		let left = this.and();
		while (this.isKw('OR')) {
			this.pos++;
			const l = left;
			const r = this.and();
			left = (c) => l(c) || r(c);
		}
		return left;
	}

	private and(): Predicate {
		let left = this.not();
		while (this.isKw('AND')) {
			this.pos++;
			const l = left;
			const r = this.not();
			left = (c) => l(c) && r(c);
		}
		return left;
	}

	private not(): Predicate {
		if (this.isKw('NOT')) {
			this.pos++;
			const inner = this.not();
			return (c) => !inner(c);
		}
		if (this.peek()?.t === '(') {
			this.pos++;
			const inner = this.or();
			if (this.next().t !== ')') throw new RowFault(null, 'FilterString 语法错误：缺少“)”', 8);
			return inner;
		}
		return this.comparison();
	}

	private literal(): unknown {
		const t = this.next();
		if (t.t === 'str') return t.v;
		if (t.t === 'num') return Number(t.v);
		throw new RowFault(null, `FilterString 语法错误：“${t.v}”不是值`, 8);
	}

	private comparison(): Predicate {
		const field = this.next();
		if (field.t !== 'id') throw new RowFault(null, `FilterString 语法错误：“${field.v}”不是字段`, 8);
		const col = column(this.state, this.form, field.v);
		if (col.entry) this.entries.add(col.entry);
		const get = col.get;
		let negate = false;
		if (this.isKw('NOT')) {
			this.pos++;
			negate = true;
		}
		const t = this.next();
		if (t.t === 'kw' && t.v === 'IN') {
			if (this.next().t !== '(') throw new RowFault(null, 'FilterString 语法错误：IN 后应为“(”', 8);
			const values: unknown[] = [this.literal()];
			while (this.peek()?.t === ',') {
				this.pos++;
				values.push(this.literal());
			}
			if (this.next().t !== ')') throw new RowFault(null, 'FilterString 语法错误：缺少“)”', 8);
			return (c) => values.some((v) => compare(get(c), v) === 0) !== negate;
		}
		if (t.t === 'kw' && t.v === 'LIKE') {
			const pattern = String(this.literal());
			const re = new RegExp(
				`^${pattern
					.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
					.replace(/%/g, '.*')
					.replace(/_/g, '.')}$`,
				'i',
			);
			return (c) => re.test(String(get(c) ?? '')) !== negate;
		}
		if (t.t === 'kw' && t.v === 'BETWEEN') {
			const low = this.literal();
			if (!this.isKw('AND')) throw new RowFault(null, 'FilterString 语法错误：BETWEEN 缺少 AND', 8);
			this.pos++;
			const high = this.literal();
			return (c) => {
				const a = compare(get(c), low);
				const b = compare(get(c), high);
				return (a !== undefined && b !== undefined && a >= 0 && b <= 0) !== negate;
			};
		}
		if (t.t === 'kw' && t.v === 'IS') {
			let not = false;
			if (this.isKw('NOT')) {
				this.pos++;
				not = true;
			}
			if (!this.isKw('NULL')) throw new RowFault(null, 'FilterString 语法错误：IS 后应为 NULL', 8);
			this.pos++;
			return (c) => {
				const v = get(c);
				return (v === null || v === undefined || v === '' || v === 0) !== not;
			};
		}
		if (t.t !== 'op' || negate) throw new RowFault(null, `FilterString 语法错误：“${t.v}”不是比较运算符`, 8);
		const value = this.literal();
		const test: Record<string, (d: number) => boolean> = {
			'=': (d) => d === 0,
			'<>': (d) => d !== 0,
			'!=': (d) => d !== 0,
			'>': (d) => d > 0,
			'>=': (d) => d >= 0,
			'<': (d) => d < 0,
			'<=': (d) => d <= 0,
		};
		const ok = test[t.v];
		return (c) => {
			const d = compare(get(c), value);
			return d !== undefined && ok(d);
		};
	}
}

/** The documented array form → the text form. Compare: "67" / "=" equality, symbols, `StatusEqualto`; Logic 0/AND, 1/OR. */
export function arrayFilterToText(items: unknown[]): string {
	const codes: Record<string, string> = {
		'67': '=',
		'=': '=',
		statusequalto: '=',
		'<>': '<>',
		'!=': '<>',
		'>': '>',
		'>=': '>=',
		'<': '<',
		'<=': '<=',
		like: 'LIKE',
	};
	return items
		.map((raw, i) => {
			const item = (raw ?? {}) as Record<string, unknown>;
			const op = codes[String(prop(item, 'Compare') ?? '').toLowerCase()];
			if (!op) throw new RowFault(null, `FilterString 比较运算符“${String(prop(item, 'Compare'))}”不支持`, 8);
			const value = String(prop(item, 'Value') ?? '').replace(/'/g, "''");
			const logic = String(prop(item, 'Logic') ?? '0').toUpperCase();
			const join = i === items.length - 1 ? '' : logic === '1' || logic === 'OR' ? ' OR ' : ' AND ';
			return `${String(prop(item, 'Left') ?? '')}${String(prop(item, 'FieldName'))} ${op} '${value}'${String(prop(item, 'Right') ?? '')}${join}`;
		})
		.join('');
}

export function executeBillQuery(state: KingdeeState, data: Record<string, unknown>): unknown[][] {
	const form = findForm(prop(data, 'FormId'));
	if (!form) throw new RowFault(null, `业务对象“${String(prop(data, 'FormId') ?? '')}”不存在`, 5);
	const keys = String(prop(data, 'FieldKeys') ?? '')
		.split(',')
		.map((k) => k.trim())
		.filter(Boolean);
	if (keys.length === 0) throw new RowFault(null, 'FieldKeys 不能为空', 8);
	const columns = keys.map((k) => column(state, form, k));
	const rawFilter = prop(data, 'FilterString');
	const filterText = Array.isArray(rawFilter) ? arrayFilterToText(rawFilter) : String(rawFilter ?? '').trim();
	const parser = filterText ? new Parser(tokenize(filterText), state, form) : undefined;
	const predicate = parser?.parse();
	const entries = new Set([...columns.map((c) => c.entry).filter((e): e is string => Boolean(e)), ...(parser?.entries ?? [])]);
	if (entries.size > 1) throw new RowFault(null, '不能同时查询多个单据体的字段', 8);
	const entry = [...entries][0];

	let rows: Ctx[] = [];
	for (const record of state.list(form.id)) {
		if (entry) for (const line of record.entries[entry] ?? []) rows.push({ record, line });
		else rows.push({ record });
	}
	if (predicate) rows = rows.filter(predicate);
	const order = String(prop(data, 'OrderString') ?? '').trim();
	if (order) {
		const terms = order.split(',').map((term) => {
			const [key, dir] = term.trim().split(/\s+/);
			return { get: column(state, form, key).get, desc: (dir ?? '').toUpperCase() === 'DESC' };
		});
		rows.sort((a, b) => {
			for (const term of terms) {
				const d = compare(term.get(a), term.get(b)) ?? 0;
				if (d !== 0) return term.desc ? -d : d;
			}
			return 0;
		});
	}
	const top = Number(prop(data, 'TopRowCount') ?? 0);
	if (top > 0) rows = rows.slice(0, top);
	const start = Math.max(0, Number(prop(data, 'StartRow') ?? 0) || 0);
	const requested = Number(prop(data, 'Limit') ?? 0) || 0;
	const limit = requested > 0 ? Math.min(requested, state.maxQueryLimit) : state.maxQueryLimit;
	return rows.slice(start, start + limit).map((ctx) => columns.map((c) => c.get(ctx) ?? null));
}
