/**
 * `search_query_info` as the official v2 query page documents it: filters `{field_name, field_values[], operator}`
 * (all ANDed) with the operators EQ N GT GTE LT LTE LIKE NLIKE IS ISN IN NIN BETWEEN NBETWEEN STARTWITH ENDWITH
 * CONTAINS, orders `{fieldName, isAsc}`, `limit` ≤ 100, `offset` a multiple of `limit`, `fieldProjection`.
 */
export type Rec = Record<string, unknown>;

export interface Filter {
	field_name: string;
	field_values: unknown[];
	operator: string;
}

export interface Order {
	fieldName: string;
	isAsc: boolean;
}

export const OPERATORS = ['EQ', 'N', 'GT', 'GTE', 'LT', 'LTE', 'LIKE', 'NLIKE', 'IS', 'ISN', 'IN', 'NIN', 'BETWEEN', 'NBETWEEN', 'STARTWITH', 'ENDWITH', 'CONTAINS'];

const empty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Compares a stored value with a filter value: numbers as numbers, everything else as text. */
function cmp(stored: unknown, given: unknown): number {
	if (typeof stored === 'number' || (typeof stored === 'string' && stored !== '' && !Number.isNaN(Number(stored)) && typeof given !== 'string')) {
		const a = Number(stored);
		const b = Number(given);
		return a < b ? -1 : a > b ? 1 : 0;
	}
	if (typeof stored === 'number') return 0;
	const a = String(stored);
	const b = String(given);
	return a < b ? -1 : a > b ? 1 : 0;
}

const NUMERIC_TEXT = /^-?\d{1,15}(\.\d+)?$/;
const numericMemo = new Map<string, boolean>();
/** Whether a text is a number (memoised: sorting 12 000 records tests the same ids again and again). */
const NUMERIC = {
	test(s: string): boolean {
		let hit = numericMemo.get(s);
		if (hit === undefined) {
			if (numericMemo.size > 200_000) numericMemo.clear();
			hit = NUMERIC_TEXT.test(s);
			numericMemo.set(s, hit);
		}
		return hit;
	},
};

function numericCmp(stored: unknown, given: unknown): number {
	if (typeof stored === 'number' && typeof given === 'number') return stored - given;
	if (typeof stored === 'string' && typeof given === 'string' && !(NUMERIC.test(stored) && NUMERIC.test(given))) return stored < given ? -1 : stored > given ? 1 : 0;
	if (typeof stored === 'number' || NUMERIC.test(String(stored))) {
		const a = Number(stored);
		const b = Number(given);
		if (!Number.isNaN(b)) return a < b ? -1 : a > b ? 1 : 0;
	}
	return cmp(String(stored), String(given));
}

function scalarMatches(v: unknown, op: string, values: unknown[]): boolean {
	const s = String(v);
	const first = values[0];
	switch (op) {
		case 'EQ':
			return numericCmp(v, first) === 0;
		case 'GT':
			return numericCmp(v, first) > 0;
		case 'GTE':
			return numericCmp(v, first) >= 0;
		case 'LT':
			return numericCmp(v, first) < 0;
		case 'LTE':
			return numericCmp(v, first) <= 0;
		case 'LIKE':
			return s.includes(String(first));
		case 'STARTWITH':
			return s.startsWith(String(first));
		case 'ENDWITH':
			return s.endsWith(String(first));
		case 'IN':
			return values.some((x) => numericCmp(v, x) === 0);
		case 'BETWEEN':
			return numericCmp(v, values[0]) >= 0 && numericCmp(v, values[1]) <= 0;
		default:
			return false;
	}
}

export function matches(record: Rec, filter: Filter): boolean {
	const v = record[filter.field_name];
	const values = filter.field_values ?? [];
	const list = Array.isArray(v) ? v : [v];
	switch (filter.operator) {
		case 'IS':
			return empty(v);
		case 'ISN':
			return !empty(v);
		case 'N':
			// "not equal, can match empty"
			return empty(v) || !list.some((x) => numericCmp(x, values[0]) === 0);
		case 'NLIKE':
			return empty(v) || !list.some((x) => String(x).includes(String(values[0])));
		case 'NIN':
			return empty(v) || !list.some((x) => values.some((y) => numericCmp(x, y) === 0));
		case 'NBETWEEN':
			return empty(v) || !scalarMatches(v, 'BETWEEN', values);
		case 'CONTAINS':
			return Array.isArray(v) && values.some((x) => v.map(String).includes(String(x)));
		default:
			if (empty(v)) return false;
			return list.some((x) => scalarMatches(x, filter.operator, values));
	}
}

export function sortRecords(records: Rec[], orders: Order[]): Rec[] {
	if (!orders.length) return records;
	return [...records].sort((a, b) => {
		for (const o of orders) {
			const x = a[o.fieldName];
			const y = b[o.fieldName];
			if (empty(x) && empty(y)) continue;
			if (empty(x)) return o.isAsc ? 1 : -1;
			if (empty(y)) return o.isAsc ? -1 : 1;
			const c = numericCmp(x, y);
			if (c !== 0) return o.isAsc ? c : -c;
		}
		return 0;
	});
}
