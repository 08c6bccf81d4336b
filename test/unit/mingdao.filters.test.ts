/** Get Many's filter and the upsert lookup: Mingdao's per-type operators, ge/le, text "any of" as eq. */
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import type { Field, Worksheet } from '../../nodes/Mingdao/worksheet';
import { allowedOperators, buildFilter, operatorsFor } from '../../nodes/Mingdao/filters';
import { keyValue, lookupFilter, matchKey } from '../../nodes/Mingdao/upsertStore';

const node = { name: 'Mingdao', type: 'mingdao', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const field = (alias: string, type: string, extra: Partial<Field> = {}): Field => ({
	id: `id_${alias}`,
	alias,
	name: alias.toUpperCase(),
	type,
	required: false,
	isUnique: false,
	isTitle: false,
	isReadOnly: false,
	isHidden: false,
	options: [],
	...extra,
});
const ws: Worksheet = {
	id: 'ws',
	alias: 'sheet',
	name: 'Sheet',
	fields: [
		field('code', 'Text'),
		field('amount', 'Number'),
		field('day', 'Date'),
		field('at', 'DateTime'),
		field('done', 'Checkbox'),
		field('state', 'SingleSelect', { options: [{ key: 'k1', value: 'Open', deleted: false }, { key: 'k2', value: 'Closed', deleted: false }] }),
		field('seen', 'Lookup'),
		field('shape', 'SomethingNew'),
	],
};
const build = (conditions: Array<{ field: string; operator: string; value?: unknown }>, logic = 'AND') =>
	buildFilter(node, ws, conditions, logic, { itemIndex: 1, timezone: 'UTC' }) as { logic: string; children: Array<Record<string, unknown>> };
const one = (field: string, operator: string, value?: unknown) => build([{ field, operator, value }]).children[0];

describe('buildFilter', () => {
	it('sends ge/le (and reads the gte/lte older versions saved as ge/le)', () => {
		expect(one('amount', 'ge', '10')).toEqual({ type: 'condition', field: 'id_amount', operator: 'ge', value: ['10'] });
		expect(one('amount', 'le', ' 2.50 ')).toEqual({ type: 'condition', field: 'id_amount', operator: 'le', value: ['2.5'] });
		expect(one('amount', 'gte', '10').operator).toBe('ge');
		expect(one('amount', 'lte', '10').operator).toBe('le');
	});

	it('text "is any of" / "is none of" go out as eq / ne with all the values, as Mingdao\'s generator sends them', () => {
		expect(one('code', 'in', 'a, b,c')).toEqual({ type: 'condition', field: 'id_code', operator: 'eq', value: ['a', 'b', 'c'] });
		expect(one('code', 'notin', ['a', 'b'])).toEqual({ type: 'condition', field: 'id_code', operator: 'ne', value: ['a', 'b'] });
		// Option fields keep in/notin, with labels turned into keys.
		expect(one('state', 'in', 'Open,Closed')).toEqual({ type: 'condition', field: 'id_state', operator: 'in', value: ['k1', 'k2'] });
		// The row id column keeps `in`.
		expect(one('rowid', 'in', 'r1,r2')).toEqual({ type: 'condition', field: 'rowid', operator: 'in', value: ['r1', 'r2'] });
	});

	it('dates: between / not between only, in Beijing time', () => {
		expect(one('day', 'between', '2026-01-01,2026-01-31').value).toEqual(['2026-01-01', '2026-01-31']);
		expect(one('at', 'notbetween', '2026-01-01T00:00:00Z, 2026-01-02T00:00:00Z').value).toEqual(['2026-01-01 08:00:00', '2026-01-02 08:00:00']);
		expect(one('utime', 'between', '2026-01-01T00:00:00Z,2026-01-02T00:00:00Z').value).toEqual(['2026-01-01 08:00:00', '2026-01-02 08:00:00']);
		expect(() => one('day', 'gt', '2026-01-01')).toThrow(
			'Filters › condition 1: DAY (day) is a Date field: Mingdao does not accept "Greater Than" on it; use Between, Not Between (item 2)',
		);
		expect(() => one('at', 'eq', '2026-01-01')).toThrow(/DateTime field: Mingdao does not accept "Equals" on it; use Between, Not Between/);
		expect(() => one('day', 'between', '2026-01-01')).toThrow(/needs two values/);
	});

	it('checkbox: only is empty / is not empty', () => {
		expect(one('done', 'isnotempty')).toEqual({ type: 'condition', field: 'id_done', operator: 'isnotempty', value: [] });
		let error: Error | undefined;
		try {
			one('done', 'eq', 'true');
		} catch (e) {
			error = e as Error;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toBe('Filters › condition 1: DONE (done) is a Checkbox field: Mingdao does not accept "Equals" on it; use Is Empty, Is Not Empty (item 2)');
	});

	it('other refusals name the condition, the field and what its type allows', () => {
		expect(() => build([{ field: 'code', operator: 'eq', value: 'x' }, { field: 'code', operator: 'gt', value: 'x' }])).toThrow(
			/^Filters › condition 2: CODE \(code\) is a Text field: Mingdao does not accept "Greater Than" on it; use Equals, Not Equals, Contains, Contains All Of, .*Is Any Of, Is None Of \(item 2\)$/,
		);
		expect(() => one('amount', 'in', '1,2')).toThrow(/Number field: Mingdao does not accept "Is Any Of"/);
		expect(() => one('amount', 'eq', 'ten')).toThrow(/"ten" is not valid: expected a number/);
		expect(() => one('seen', 'isempty')).toThrow(/SEEN \(seen\) is a Lookup field, which Mingdao's API cannot filter on/);
		expect(() => one('state', 'contains', 'Open')).toThrow(/SingleSelect field/);
		expect(() => one('nope', 'eq', 'x')).toThrow(/"nope" is not a field of worksheet Sheet/);
		expect(() => one('code', 'like', 'x')).toThrow(/unknown operator "like"/);
		// A type the official table does not know is not second-guessed.
		expect(one('shape', 'contains', 'x')).toMatchObject({ operator: 'contains', value: ['x'] });
	});

	it('operatorsFor follows the table (text-like types add Is Any Of / Is None Of)', () => {
		expect(operatorsFor('Checkbox')).toEqual(['isempty', 'isnotempty']);
		expect(operatorsFor('Email')).toEqual(expect.arrayContaining(['eq', 'contains', 'in', 'notin']));
		expect(operatorsFor('Number')).not.toContain('in');
		expect(operatorsFor('SomethingNew')).toBeUndefined();
	});
});

describe('the upsert lookup', () => {
	it('text match fields: one eq condition with all the keys (no `in`: the table lists none for Text)', () => {
		expect(lookupFilter(field('code', 'Text'), ['a', 'b', 'c'])).toEqual({
			type: 'group',
			logic: 'AND',
			children: [{ type: 'condition', field: 'id_code', operator: 'eq', value: ['a', 'b', 'c'] }],
		});
	});

	it('number match fields: an OR group of single-value eq conditions', () => {
		expect(lookupFilter(field('amount', 'Number'), ['1', '2.5'])).toEqual({
			type: 'group',
			logic: 'OR',
			children: [
				{ type: 'condition', field: 'id_amount', operator: 'eq', value: ['1'] },
				{ type: 'condition', field: 'id_amount', operator: 'eq', value: ['2.5'] },
			],
		});
	});
});

describe('the operators offered per condition row', () => {
	const values = (ref: string) => allowedOperators(ws, ref).map((o) => o.value);
	it('only the field type\'s operators, in the UI\'s words; all of them for unknown types and fields', () => {
		expect(values('done')).toEqual(['isempty', 'isnotempty']);
		expect(values('day')).toEqual(['between', 'notbetween']);
		expect(values('code')).toEqual(expect.arrayContaining(['eq', 'in', 'notin', 'contains', 'startswith']));
		expect(values('code')).not.toContain('gt');
		expect(values('amount')).toEqual(['between', 'eq', 'gt', 'ge', 'isempty', 'isnotempty', 'lt', 'le', 'notbetween', 'ne']);
		expect(values('rowid')).toEqual(['eq', 'in', 'notin', 'ne']);
		expect(values('seen')).toEqual([]);
		expect(values('shape')).toHaveLength(19);
		expect(values('nope')).toHaveLength(19);
		expect(allowedOperators(ws, 'done')[0]).toEqual({ name: 'Is Empty', value: 'isempty' });
	});
});

describe('upsert keys (issue 15): trimmed and NFC-normalised for the write and the lookup alike', () => {
	const code = field('code', 'Text');
	it('the same key whatever the spaces and the Unicode composition', () => {
		const composed = 'Caf\u00e9-1';
		const decomposed = 'Cafe\u0301-1';
		expect(keyValue(code, `  ${decomposed} `)).toBe(composed);
		expect(matchKey(code, decomposed)).toBe(matchKey(code, composed));
		expect(matchKey(code, ' A1\t')).toBe('A1');
		expect(matchKey(code, '   ')).toBe('');
		expect(matchKey(code, '')).toBe('');
		expect(matchKey(code, null)).toBe('');
	});
	it('numbers are keys as numbers: 12.50 and "12.5" are one key; text is not trimmed for number fields', () => {
		const amount = field('amount', 'Number');
		expect(matchKey(amount, 12.5)).toBe('12.5');
		expect(matchKey(amount, '12.50')).toBe('12.5');
		expect(keyValue(amount, 7)).toBe(7);
	});
});
