/**
 * Row filtering (v3 filter groups, v2 filter lists), keyword search and sorting over canonical values.
 * v3 conditions are held to Mingdao's per-field-type operator table (test/fixtures/mingdao/field-types.json, from
 * Mingdao's own API skill): an operator the table does not list for the field's type is refused with 10001, as is
 * `gte`/`lte` (v3 says `ge`/`le`). Values are arrays of strings. Several values on eq/ne mean "any of"/"none of",
 * as Mingdao's own filter generator sends Text "is any of". What the real server answers for a refused operator
 * is not documented; 10001 (参数错误) is our choice.
 */
import fieldTypes from '../../fixtures/mingdao/field-types.json';
import { ERR, MdError } from './errors';
import type { FieldInfo, MingdaoState, StoredRow, WorksheetInfo } from './state';
import { isEmpty, isSelect, parseNumber } from './values';

export type Predicate = (row: StoredRow) => boolean;

type Kind = 'text' | 'number' | 'date' | 'keys' | 'bool';

/** A field or a system column (rowid, ctime, utime) a condition or sort can name. */
interface Column {
	kind: Kind;
	get(row: StoredRow): unknown;
	field?: FieldInfo;
	/** v3 operators allowed on this column. */
	operators: string[];
}

const bad = (msg: string) => new MdError(ERR.missingParam, `参数错误: ${msg}`);

/** The official table, with its "same as Text/Number" rows expanded. */
const OPERATORS_BY_TYPE: Record<string, string[]> = (() => {
	const table = fieldTypes.fieldTypes.types as Array<{ type: string; operators: string[] | string }>;
	const byName = Object.fromEntries(table.map((t) => [t.type, t.operators]));
	const resolve = (ops: string[] | string): string[] => (typeof ops === 'string' ? resolve(byName[ops.slice(1)]) : ops);
	return Object.fromEntries(table.map((t) => [t.type, resolve(t.operators)]));
})();

/**
 * System columns: `rowid` (the reference's skill filters relations by it with `in`) and the create/update times.
 * Which operators the server takes on them is not documented; these are our choice.
 */
const SYSTEM_OPERATORS: Record<string, string[]> = {
	rowid: ['eq', 'ne', 'in', 'notin'],
	ctime: OPERATORS_BY_TYPE.DateTime,
	utime: OPERATORS_BY_TYPE.DateTime,
};

function kindOf(f: FieldInfo): Kind {
	switch (f.type) {
		case 'Number':
		case 'Currency':
			return 'number';
		case 'Date':
		case 'DateTime':
			return 'date';
		case 'Checkbox':
			return 'bool';
		case 'SingleSelect':
		case 'MultipleSelect':
		case 'Dropdown':
		case 'Relation':
		case 'Collaborator':
			return 'keys';
		default:
			// AutoNumber compares as text in the official table ("同 Text").
			return 'text';
	}
}

export function column(state: MingdaoState, ws: WorksheetInfo, ref: unknown): Column {
	if (ref === 'rowid') return { kind: 'text', get: (r) => r.id, operators: SYSTEM_OPERATORS.rowid };
	if (ref === 'ctime') return { kind: 'date', get: (r) => r.createdAt, operators: SYSTEM_OPERATORS.ctime };
	if (ref === 'utime') return { kind: 'date', get: (r) => r.updatedAt, operators: SYSTEM_OPERATORS.utime };
	const field = state.findField(ws, ref);
	if (!field) throw bad(`unknown field ${JSON.stringify(ref)}`);
	return { kind: kindOf(field), field, get: (r) => r.values[field.id] ?? null, operators: OPERATORS_BY_TYPE[field.type] ?? [] };
}

const KNOWN = new Set([
	'eq', 'ne', 'contains', 'notcontains', 'startswith', 'notstartswith', 'endswith', 'notendswith', 'concurrent',
	'gt', 'ge', 'lt', 'le', 'between', 'notbetween', 'isempty', 'isnotempty', 'in', 'notin',
]);
const NEGATED: Record<string, string> = {
	ne: 'eq', notin: 'in', notcontains: 'contains', notstartswith: 'startswith', notendswith: 'endswith', notbetween: 'between', isnotempty: 'isempty',
};

/** A v3 condition: the operator must be one the official table lists for the column's type. */
function v3Condition(col: Column, operator: string, values: string[]): Predicate {
	if (!KNOWN.has(operator)) throw bad(`unknown operator ${operator}`);
	if (!col.operators.includes(operator)) {
		const type = col.field ? `${col.field.type} field ${col.field.alias}` : 'this system field';
		throw bad(`operator ${operator} is not supported for ${type} (supported: ${col.operators.join(', ') || 'none'})`);
	}
	return condition(col, operator, values);
}

/** One condition, any dialect; `values` are strings as both APIs send them. */
export function condition(col: Column, op: string, values: string[]): Predicate {
	if (!KNOWN.has(op)) throw bad(`unknown operator ${op}`);
	if (NEGATED[op]) {
		const positive = condition(col, NEGATED[op], values);
		return (r) => !positive(r);
	}
	// A checkbox is "empty" when unchecked.
	if (op === 'isempty') return (r) => isEmpty(col.get(r)) || col.get(r) === false;
	if (values.length === 0) throw bad(`operator ${op} needs a value`);
	if (op === 'between' && values.length < 2) throw bad('between needs two values');
	const test = compare(col, op, values);
	return (r) => test(col.get(r));
}

function compare(col: Column, op: string, values: string[]): (v: unknown) => boolean {
	switch (col.kind) {
		case 'keys': {
			// eq/in: any stored key/id is in the list; concurrent: all of them are.
			if (op === 'concurrent') return (v) => Array.isArray(v) && values.every((k) => v.includes(k));
			if (!['eq', 'in', 'contains'].includes(op)) throw bad(`operator ${op} is not supported for this field`);
			const set = new Set(values);
			return (v) => Array.isArray(v) && v.some((k) => set.has(k));
		}
		case 'bool': {
			if (op !== 'eq' && op !== 'in') throw bad(`operator ${op} is not supported for a checkbox`);
			const want = values.map((x) => x === '1' || x === 'true');
			return (v) => want.includes(!!v);
		}
		case 'number': {
			if (['contains', 'startswith', 'endswith', 'concurrent'].includes(op)) return textTest(op, values);
			const nums = values.map((x) => {
				const n = parseNumber(x);
				if (n === undefined) throw bad(`not a number: ${x}`);
				return n;
			});
			return (v) => typeof v === 'number' && ordered(op, nums, (x) => v - x);
		}
		case 'date': {
			if (['contains', 'startswith', 'endswith', 'concurrent'].includes(op)) return textTest(op, values);
			for (const x of values) if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(x)) throw bad(`not a date: ${x}`);
			// Compare at the coarser precision: '2024-05-01' covers any time that day.
			return (v) => typeof v === 'string' && ordered(op, values, (x) => cmp(v.slice(0, x.length), x.slice(0, v.length)));
		}
		default:
			if (['contains', 'startswith', 'endswith', 'concurrent'].includes(op)) return textTest(op, values);
			return (v) => ordered(op, values, (x) => cmp(typeof v === 'string' ? v : '', x));
	}
}

/** eq/in/gt/ge/lt/le/between given a comparator against one filter value. */
function ordered<T>(op: string, values: T[], diff: (x: T) => number): boolean {
	switch (op) {
		case 'eq':
		case 'in':
			return values.some((x) => diff(x) === 0);
		case 'gt':
			return diff(values[0]) > 0;
		case 'ge':
			return diff(values[0]) >= 0;
		case 'lt':
			return diff(values[0]) < 0;
		case 'le':
			return diff(values[0]) <= 0;
		case 'between':
			return diff(values[0]) >= 0 && diff(values[1]) <= 0;
	}
	throw bad(`operator ${op} is not supported for this field`);
}

function textTest(op: string, values: string[]): (v: unknown) => boolean {
	const needles = values.map((x) => x.toLowerCase());
	return (v) => {
		if (isEmpty(v)) return false;
		const s = String(v).toLowerCase();
		if (op === 'contains') return needles.some((n) => s.includes(n));
		if (op === 'concurrent') return needles.every((n) => s.includes(n));
		if (op === 'startswith') return needles.some((n) => s.startsWith(n));
		return needles.some((n) => s.endsWith(n));
	};
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** v3: `{type:'group', logic, children:[condition | group]}`, at most two levels, siblings of one kind. */
export function compileV3Filter(state: MingdaoState, ws: WorksheetInfo, filter: unknown): Predicate {
	if (filter === undefined || filter === null) return () => true;
	if (typeof filter === 'object' && Object.keys(filter).length === 0) return () => true;
	return group(state, ws, filter, 1);
}

function group(state: MingdaoState, ws: WorksheetInfo, node: any, depth: number): Predicate {
	if (!node || typeof node !== 'object' || node.type !== 'group') throw bad('filter must be {type:"group", logic, children}');
	const logic = String(node.logic ?? 'AND').toUpperCase();
	if (logic !== 'AND' && logic !== 'OR') throw bad(`filter logic must be AND or OR, got ${node.logic}`);
	const children: any[] = node.children ?? [];
	if (!Array.isArray(children)) throw bad('filter children must be an array');
	const kinds = new Set(children.map((c) => c?.type));
	if (kinds.size > 1) throw bad('filter children must be all groups or all conditions');
	const preds = children.map((c) => {
		if (c?.type === 'group') {
			if (depth >= 2) throw bad('filter groups nest at most two levels');
			return group(state, ws, c, depth + 1);
		}
		if (c?.type !== 'condition') throw bad('filter child type must be group or condition');
		if (typeof c.operator !== 'string') throw bad('condition operator is required');
		const values = c.value === undefined || c.value === null ? [] : c.value;
		// "筛选条件的 value 永远是字符串数组" (Mingdao's API skill): numbers and dates too.
		if (!Array.isArray(values) || values.some((v: unknown) => typeof v !== 'string')) {
			throw bad(`condition value must be an array of strings (field ${c.field})`);
		}
		return v3Condition(column(state, ws, c.field), c.operator, values);
	});
	return logic === 'AND' ? (r) => preds.every((p) => p(r)) : (r) => preds.some((p) => p(r));
}

/** v2 filterType numbers → v3 operators (the emulator's subset). */
const V2_OPS: Record<number, string> = {
	1: 'contains', 2: 'eq', 3: 'startswith', 4: 'endswith', 5: 'notcontains', 6: 'ne', 7: 'isempty', 8: 'isnotempty',
	9: 'notstartswith', 10: 'notendswith', 11: 'between', 12: 'notbetween', 13: 'gt', 14: 'ge', 15: 'lt', 16: 'le',
	17: 'eq', 18: 'ne', 24: 'in', 25: 'notin', 26: 'in', 27: 'notin', 31: 'between', 32: 'notbetween',
	33: 'gt', 34: 'ge', 35: 'lt', 36: 'le', 51: 'in',
};

/** v2: a flat list folded left to right, each item joining with its spliceType (1 AND, 2 OR); one group level. */
export function compileV2Filters(state: MingdaoState, ws: WorksheetInfo, filters: unknown, depth = 1): Predicate {
	if (filters === undefined || filters === null) return () => true;
	if (!Array.isArray(filters)) throw bad('filters must be an array');
	let acc: Predicate = () => true;
	filters.forEach((f: any, i) => {
		let p: Predicate;
		if (f?.isGroup) {
			if (depth >= 2) throw bad('filter groups nest one level only');
			p = compileV2Filters(state, ws, f.groupFilters ?? [], depth + 1);
		} else {
			const op = V2_OPS[Number(f?.filterType)];
			if (!op) throw bad(`unsupported filterType ${f?.filterType}`);
			if ((f.filterType === 17 || f.filterType === 18) && f.dateRange && f.dateRange !== 18) {
				throw bad('dateRange other than 18 (custom) is not supported by the emulator');
			}
			let values: string[] = Array.isArray(f.values) ? f.values.map(String) : f.value !== undefined && f.value !== '' ? [String(f.value)] : [];
			if (op.endsWith('between')) values = [f.minValue, f.maxValue].map((x) => String(x ?? ''));
			p = condition(column(state, ws, f.controlId), op, values);
		}
		const prev = acc;
		acc = i === 0 ? p : Number(f?.spliceType) === 2 ? (r) => prev(r) || p(r) : (r) => prev(r) && p(r);
	});
	return acc;
}

/** Keyword search over text-like values, option labels and relation/member ids (case-insensitive). */
export function searchPredicate(ws: WorksheetInfo, keyword: unknown): Predicate {
	if (typeof keyword !== 'string' || !keyword.trim()) return () => true;
	const k = keyword.trim().toLowerCase();
	return (r) =>
		ws.fields.some((f) => {
			const v = r.values[f.id];
			if (isEmpty(v)) return false;
			const text = isSelect(f.type)
				? (v as string[]).map((key) => f.options.find((o) => o.key === key)?.value ?? '').join(' ')
				: String(v);
			return text.toLowerCase().includes(k);
		});
}

/** Sort by [{field, isAsc}]; empty sorts first ascending; ties keep creation order (the default order). */
export function sortRows(state: MingdaoState, ws: WorksheetInfo, rows: StoredRow[], sorts: unknown): StoredRow[] {
	if (sorts !== undefined && sorts !== null && !Array.isArray(sorts)) throw bad('sorts must be an array');
	const keys = ((sorts as any[]) ?? []).map((s) => ({ col: column(state, ws, s?.field ?? s?.controlId), asc: s?.isAsc !== false }));
	return [...rows].sort((a, b) => {
		for (const { col, asc } of keys) {
			const d = sortValueCmp(col, col.get(a), col.get(b));
			if (d) return asc ? d : -d;
		}
		return a.seq - b.seq;
	});
}

function sortValueCmp(col: Column, a: unknown, b: unknown): number {
	const ea = isEmpty(a);
	const eb = isEmpty(b);
	if (ea || eb) return ea && eb ? 0 : ea ? -1 : 1;
	if (col.kind === 'number') return (a as number) - (b as number);
	if (col.kind === 'bool') return Number(a) - Number(b);
	if (col.field && isSelect(col.field.type)) {
		const idx = (v: unknown) => col.field!.options.find((o) => o.key === (v as string[])[0])?.index ?? 0;
		return idx(a) - idx(b);
	}
	return cmp(String(a), String(b));
}
