import type { INode } from 'n8n-workflow';
import { inputError } from '../core/errors';
import { SKIP, toWriteValue } from './values';
import { findField, labelOf } from './worksheet';
import type { Field, Worksheet } from './worksheet';

/**
 * Get Many's filter, built from the UI's list of conditions into one v3 filter group:
 * `{type:'group', logic, children:[{type:'condition', field, operator, value:[strings]}]}`.
 * Values are written the way users think (option labels, ISO dates) and sent the way Mingdao compares them
 * (option keys, Beijing-time strings, numbers as strings: "value 永远是字符串数组").
 *
 * Which operator a field takes is Mingdao's per-field-type table ("API 权威" in Mingdao's API skill,
 * mingdaocom/hap-skills skills/api/hap-apiv3-data/SKILL.md); a condition outside it is refused here, before any
 * call, naming the condition, the field and what its type allows. The editor offers only the field type's
 * operators (`allowedOperators`, loaded per condition row); expressions and older workflows are checked at run time.
 */
export interface ConditionInput {
	field?: string;
	operator?: string;
	value?: unknown;
}

const TEXT = ['eq', 'ne', 'contains', 'concurrent', 'notcontains', 'startswith', 'notstartswith', 'endswith', 'notendswith', 'isempty', 'isnotempty'];
const NUMBER = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'between', 'notbetween', 'isempty', 'isnotempty'];
const SELECT = ['eq', 'ne', 'in', 'notin', 'isempty', 'isnotempty'];
const MULTI = ['eq', 'ne', 'in', 'notin', 'concurrent', 'isempty', 'isnotempty'];
const EMPTY = ['isempty', 'isnotempty'];
const RANGE = ['between', 'notbetween'];

/** The official table, type by type ('-' rows as []). Pinned to Mingdao's copy by the contract tests. */
export const OPERATORS_BY_TYPE: Record<string, string[]> = {
	Text: TEXT, PhoneNumber: TEXT, LandlinePhone: TEXT, Email: TEXT, Certificate: TEXT, Concatenate: TEXT, AutoNumber: TEXT,
	Number: NUMBER, Currency: NUMBER, AmountInWords: NUMBER, Rating: NUMBER, Formula: NUMBER, Rollup: NUMBER,
	SingleSelect: SELECT, Dropdown: SELECT,
	MultipleSelect: MULTI, Collaborator: MULTI, Relation: MULTI, OrgRole: MULTI,
	Department: ['eq', 'ne', 'between', 'notbetween', 'in', 'notin', 'concurrent', 'isempty', 'isnotempty'],
	Region: ['eq', 'ne', 'between', 'notbetween', 'in', 'isempty', 'isnotempty'],
	CascadingSelect: ['eq', 'ne', 'between', 'notbetween', 'isempty', 'isnotempty'],
	Attachment: EMPTY, DynamicLink: EMPTY, SubTable: EMPTY, Checkbox: EMPTY, Location: EMPTY, RichText: EMPTY, Signature: EMPTY,
	Date: RANGE, DateTime: RANGE, Time: RANGE,
	Divider: [], Lookup: [], DateFormula: [], CodeScan: [], OCR: [], Role: [], Embed: [], Barcode: [], Button: [],
	APIQuery: [], QueryRecord: [], Section: [], FunctionFormula: [], CustomField: [],
};

/**
 * System columns. `rowid` is filtered with `in` in Mingdao's skill; the other operators and the time columns'
 * range operators are not documented for them (our assumption).
 */
const SYSTEM: Record<string, { label: string; type: string; operators: string[] }> = {
	rowid: { label: 'Row ID', type: 'Text', operators: ['eq', 'ne', 'in', 'notin'] },
	ctime: { label: 'Created Time', type: 'DateTime', operators: RANGE },
	utime: { label: 'Updated Time', type: 'DateTime', operators: RANGE },
};
export const SYSTEM_COLUMNS = Object.keys(SYSTEM);

/** What the UI offers; "Is Any Of" / "Is None Of" on text-like fields are sent as eq / ne with several values. */
export const OPERATORS: Array<{ name: string; value: string }> = [
	{ name: 'Between (Two Values, Comma-Separated)', value: 'between' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Contains All Of (Comma-Separated)', value: 'concurrent' },
	{ name: 'Ends With', value: 'endswith' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'ge' },
	{ name: 'Is Any Of (Comma-Separated)', value: 'in' },
	{ name: 'Is Empty', value: 'isempty' },
	{ name: 'Is None Of (Comma-Separated)', value: 'notin' },
	{ name: 'Is Not Empty', value: 'isnotempty' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'le' },
	{ name: 'Not Between (Two Values, Comma-Separated)', value: 'notbetween' },
	{ name: 'Not Contains', value: 'notcontains' },
	{ name: 'Not Ends With', value: 'notendswith' },
	{ name: 'Not Equals', value: 'ne' },
	{ name: 'Not Starts With', value: 'notstartswith' },
	{ name: 'Starts With', value: 'startswith' },
];

export const OPERATOR_HELP =
	'Mingdao accepts per field type only: text, phone, email: Equals, Not Equals, Is Any Of, Is None Of, (Not) Contains, Contains All Of, (Not) Starts/Ends With, Is (Not) Empty; number, currency: Equals, Not Equals, Greater/Less Than (or Equal), (Not) Between, Is (Not) Empty; options, members, relations: Equals, Not Equals, Is Any Of, Is None Of, Is (Not) Empty (multi-value fields also Contains All Of); date, date-time: (Not) Between only; checkbox: Is Not Empty (checked) or Is Empty (unchecked). Other combinations stop the node with an error that lists what the field allows.';

/** Older versions of this node saved these. */
const ALIASES: Record<string, string> = { gte: 'ge', lte: 'le' };
const NO_VALUE = new Set(['isempty', 'isnotempty']);
const TWO_VALUES = new Set(['between', 'notbetween']);
const LIST_VALUE = new Set(['in', 'notin', 'concurrent']);
const nameOf = (op: string) => OPERATORS.find((o) => o.value === op)?.name.replace(/ \(.*\)$/, '') ?? op;

/** A text-like type: "Is Any Of" goes out as `eq` with several values, as Mingdao's own filter generator sends it. */
const isTextLike = (type: string) => OPERATORS_BY_TYPE[type] === TEXT;

/** UI operators a field type takes; undefined for a type the table does not know (no check). */
export function operatorsFor(type: string): string[] | undefined {
	const api = OPERATORS_BY_TYPE[type];
	if (!api) return undefined;
	return isTextLike(type) ? [...api, 'in', 'notin'] : api;
}

/** The operators a condition on this field (or system column) may use, in the UI's order and words. */
export function allowedOperators(ws: Worksheet, ref: string): Array<{ name: string; value: string }> {
	const system = SYSTEM[ref];
	const field = system ? undefined : findField(ws, ref);
	const allowed = system ? system.operators : field ? operatorsFor(field.type) : undefined;
	return allowed === undefined ? OPERATORS : OPERATORS.filter((o) => allowed.includes(o.value));
}

export function buildFilter(
	node: INode,
	ws: Worksheet,
	conditions: ConditionInput[],
	logic: string,
	ctx: { itemIndex: number; timezone: string },
): Record<string, unknown> | undefined {
	const children = conditions.map((c, n) => {
		const where = `Filters › condition ${n + 1}`;
		const ref = String(c.field ?? '').trim();
		const chosen = String(c.operator ?? 'eq').trim();
		const operator = ALIASES[chosen] ?? chosen;
		if (!ref) throw inputError(node, where, 'choose a field', ctx.itemIndex);
		const system = SYSTEM[ref];
		const field = system ? undefined : findField(ws, ref);
		if (!field && !system) throw inputError(node, where, `"${ref}" is not a field of worksheet ${ws.name}`, ctx.itemIndex);
		const type = field?.type ?? system.type;
		const label = field ? labelOf(field) : system.label;
		const allowed = system ? system.operators : operatorsFor(type);
		if (!OPERATORS.some((o) => o.value === operator)) throw inputError(node, where, `unknown operator "${chosen}"`, ctx.itemIndex);
		if (allowed && !allowed.includes(operator)) {
			const problem = allowed.length
				? `${label} is a ${type} field: Mingdao does not accept "${nameOf(operator)}" on it; use ${allowed.map(nameOf).join(', ')}`
				: `${label} is a ${type} field, which Mingdao's API cannot filter on`;
			throw inputError(node, where, problem, ctx.itemIndex);
		}
		const id = field?.id ?? ref;
		if (NO_VALUE.has(operator)) return { type: 'condition', field: id, operator, value: [] };
		const value = conditionValues(node, where, field, type, operator, c.value, ctx);
		// Text "is any of" / "is none of": one eq / ne condition with all the values.
		const textLike = !system && isTextLike(type);
		const sent = textLike && operator === 'in' ? 'eq' : textLike && operator === 'notin' ? 'ne' : operator;
		return { type: 'condition', field: id, operator: sent, value };
	});
	if (children.length === 0) return undefined;
	return { type: 'group', logic: logic === 'OR' ? 'OR' : 'AND', children };
}

/** The condition's values as strings, converted per type (labels → keys, dates → Beijing, numbers checked). */
function conditionValues(
	node: INode,
	where: string,
	field: Field | undefined,
	type: string,
	operator: string,
	raw: unknown,
	ctx: { itemIndex: number; timezone: string },
): string[] {
	const given = raw === undefined || raw === null ? '' : raw;
	const parts = (
		Array.isArray(given)
			? given.map(String)
			: TWO_VALUES.has(operator) || LIST_VALUE.has(operator)
				? String(given).split(/[,，]/)
				: [String(given)]
	).map((s) => s.trim());
	if (TWO_VALUES.has(operator) && (parts.length !== 2 || parts.some((p) => !p))) {
		throw inputError(node, where, `${nameOf(operator)} needs two values separated by a comma, e.g. 10,20 or 2026-01-01,2026-01-31`, ctx.itemIndex);
	}
	if (parts.every((p) => !p)) throw inputError(node, where, `${nameOf(operator)} needs a value`, ctx.itemIndex);
	// System times convert like a DateTime field.
	const converter: Field | undefined = field ?? (type === 'DateTime' ? { ...PSEUDO_DATETIME } : undefined);
	return parts.map((part) => {
		if (!converter || !CONVERTED.has(converter.type)) return part;
		const converted = toWriteValue(converter, part, { node, itemIndex: ctx.itemIndex, timezone: ctx.timezone });
		if (converted === SKIP || converted === null) return part;
		return Array.isArray(converted) ? String(converted[0]) : String(converted);
	});
}

/** Values that go through the write conversion (labels → keys, dates → Beijing, numbers validated). */
const CONVERTED = new Set(['SingleSelect', 'Dropdown', 'MultipleSelect', 'Date', 'DateTime', 'Number', 'Currency']);

const PSEUDO_DATETIME: Field = {
	id: 'ctime',
	alias: '',
	name: 'Time',
	type: 'DateTime',
	required: false,
	isUnique: false,
	isTitle: false,
	isReadOnly: true,
	isHidden: false,
	options: [],
};
