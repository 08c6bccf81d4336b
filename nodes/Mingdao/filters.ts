import type { INode } from 'n8n-workflow';
import { inputError } from '../core/errors';
import { findField, SKIP, toWriteValue } from './fields';
import type { Worksheet } from './fields';

/**
 * Get Many's filter, built from the UI's list of conditions into one v3 filter group:
 * `{type:'group', logic, children:[{type:'condition', field, operator, value:[strings]}]}`.
 * Values are written the way users think (option labels, true/false, ISO dates) and sent the way Mingdao compares
 * them (option keys, "1"/"0", Beijing-time strings); lists for `in` and `between` are comma-separated.
 */
export interface ConditionInput {
	field?: string;
	operator?: string;
	value?: unknown;
}

export const OPERATORS: Array<{ name: string; value: string }> = [
	{ name: 'Between (Two Values, Comma-Separated)', value: 'between' },
	{ name: 'Contains', value: 'contains' },
	{ name: 'Ends With', value: 'endswith' },
	{ name: 'Equals', value: 'eq' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'In List (Comma-Separated)', value: 'in' },
	{ name: 'Is Empty', value: 'isempty' },
	{ name: 'Is Not Empty', value: 'isnotempty' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
	{ name: 'Not Contains', value: 'notcontains' },
	{ name: 'Not Equals', value: 'ne' },
	{ name: 'Starts With', value: 'startswith' },
];

const NO_VALUE = new Set(['isempty', 'isnotempty']);
const LIST_VALUE = new Set(['in', 'between']);
/** Values that go through the write conversion (labels → keys, booleans → 1/0, dates → Beijing). */
const CONVERTED = new Set(['SingleSelect', 'Dropdown', 'MultipleSelect', 'Checkbox', 'Date', 'DateTime']);
const SYSTEM = new Set(['rowid', 'ctime', 'utime']);

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
		const operator = String(c.operator ?? 'eq');
		if (!ref) throw inputError(node, where, 'choose a field', ctx.itemIndex);
		const field = SYSTEM.has(ref) ? undefined : findField(ws, ref);
		if (!field && !SYSTEM.has(ref)) throw inputError(node, where, `"${ref}" is not a field of worksheet ${ws.name}`, ctx.itemIndex);
		if (NO_VALUE.has(operator)) return { type: 'condition', field: field?.id ?? ref, operator, value: [] };
		const raw = c.value === undefined || c.value === null ? '' : c.value;
		const parts = Array.isArray(raw)
			? raw.map(String)
			: LIST_VALUE.has(operator)
				? String(raw).split(/[,，]/).map((s) => s.trim())
				: [String(raw)];
		if (operator === 'between' && parts.length !== 2) {
			throw inputError(node, where, 'between needs two values separated by a comma, e.g. 10,20', ctx.itemIndex);
		}
		const value = parts.map((part) => {
			if (!field || !CONVERTED.has(field.type)) return part;
			const converted = toWriteValue(field, part, { node, itemIndex: ctx.itemIndex, timezone: ctx.timezone });
			if (converted === SKIP || converted === null) return part;
			return Array.isArray(converted) ? String(converted[0]) : String(converted);
		});
		return { type: 'condition', field: field?.id ?? ref, operator, value };
	});
	if (children.length === 0) return undefined;
	return { type: 'group', logic: logic === 'OR' ? 'OR' : 'AND', children };
}
