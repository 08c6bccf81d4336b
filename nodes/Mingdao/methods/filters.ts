import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { allowedOperators, OPERATORS, operatorsFor } from '../filters';
import { keyOf, labelOf } from '../worksheet';
import { currentWorksheet } from './worksheets';

/** The filter rows of Get Many: which fields can be filtered, and per row the operators its field takes. */

const operatorNames = (ops: string[] | undefined) =>
	ops === undefined
		? 'any'
		: ops.length
			? ops.map((op) => OPERATORS.find((o) => o.value === op)?.name.replace(/ \(.*\)$/, '') ?? op).join(', ')
			: 'none (cannot be filtered)';

/** Fields for filter and sort pickers, plus the system columns; each says which operators Mingdao takes on it. */
export async function getFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const ws = await currentWorksheet(this);
	if (!ws) return [];
	return [
		{ name: 'Row ID', value: 'rowid', description: 'Operators: Equals, Not Equals, Is Any Of, Is None Of' },
		{ name: 'Created Time', value: 'ctime', description: 'Operators: Between, Not Between' },
		{ name: 'Updated Time', value: 'utime', description: 'Operators: Between, Not Between' },
		...ws.fields.map((f) => ({
			name: `${labelOf(f)} · ${f.type}`,
			value: keyOf(f),
			description: `Operators: ${operatorNames(operatorsFor(f.type))}`,
		})),
	];
}

/**
 * The operators of one condition row, for the field chosen in that row (`&field`, resolved by n8n relative to the
 * row). All operators while no field (or an expression) is chosen; the run-time check stays for those.
 */
export async function getFilterOperators(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const ref = String(this.getCurrentNodeParameter('&field') ?? '').trim();
	if (!ref || ref.startsWith('=')) return OPERATORS;
	const ws = await currentWorksheet(this).catch(() => undefined);
	return ws ? allowedOperators(ws, ref) : OPERATORS;
}
