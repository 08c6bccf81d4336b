/** Mingdao value conversion: user values → v3 write values, v3 reads → the same canonical form. */
import { DateTime } from 'luxon';
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { normalizeRead, sameValue, SKIP, toWriteValue } from '../../nodes/Mingdao/values';
import { readWorksheet } from '../../nodes/Mingdao/worksheet';
import type { Field } from '../../nodes/Mingdao/worksheet';
import { simplifyValue } from '../../nodes/Mingdao/rows';

const node = { name: 'Mingdao', type: 'mingdao', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const ctx = { node, itemIndex: 2, timezone: 'Europe/Berlin' };
const field = (type: string, extra: Partial<Field> = {}): Field => ({
	id: `id_${type}`,
	alias: `a_${type.toLowerCase()}`,
	name: `名称 ${type}`,
	type,
	required: false,
	isUnique: false,
	isTitle: false,
	isReadOnly: false,
	isHidden: false,
	options: [],
	...extra,
});
const select = (type: string) => field(type, { options: [{ key: 'k1', value: '微信', deleted: false }, { key: 'k2', value: 'H5', deleted: false }, { key: 'k3', value: '其他', deleted: false }] });
const write = (f: Field, v: unknown) => toWriteValue(f, v, ctx);

describe('toWriteValue', () => {
	test('text, number and currency', () => {
		expect(write(field('Text'), 'abc')).toBe('abc');
		expect(write(field('PhoneNumber'), 13900000000)).toBe('13900000000');
		expect(write(field('Number'), '12.5')).toBe(12.5);
		expect(write(field('Currency'), 3)).toBe(3);
		expect(() => write(field('Currency'), 'abc')).toThrow(NodeOperationError);
		expect(() => write(field('Currency'), 'abc')).toThrow(/名称 Currency \(a_currency\).*"abc".*a number.*\(item 3\)/);
	});

	test('empty leaves the field alone, null clears it', () => {
		expect(write(field('Text'), undefined)).toBe(SKIP);
		expect(write(field('Text'), '')).toBe(SKIP);
		expect(write(field('Text'), null)).toBeNull();
		expect(write(select('MultipleSelect'), [])).toBe(SKIP);
	});

	test('dates in Beijing time', () => {
		expect(write(field('DateTime'), '2026-11-25T10:00:00+08:00')).toBe('2026-11-25 10:00:00');
		expect(write(field('DateTime'), '2026-11-25T02:00:00Z')).toBe('2026-11-25 10:00:00');
		expect(write(field('DateTime'), '2026-11-25 10:00:00')).toBe('2026-11-25 10:00:00');
		// ISO without offset is in the workflow's zone (Berlin here: UTC+1 in November)
		expect(write(field('DateTime'), '2026-11-25T03:00:00')).toBe('2026-11-25 10:00:00');
		expect(write(field('DateTime'), DateTime.fromISO('2026-11-25T02:00:00Z'))).toBe('2026-11-25 10:00:00');
		// Epoch numbers only when the user says so (Options › Numbers in Date Fields).
		expect(toWriteValue(field('DateTime'), Date.UTC(2026, 10, 25, 2), { ...ctx, epoch: 'milliseconds' })).toBe('2026-11-25 10:00:00');
		expect(() => write(field('DateTime'), Date.UTC(2026, 10, 25, 2))).toThrow(/plain number/);
		expect(write(field('Date'), '2026-11-25')).toBe('2026-11-25');
		expect(write(field('Date'), '2026-11-24T20:00:00Z')).toBe('2026-11-25');
		expect(() => write(field('Date'), '2026-02-30')).toThrow(/expected a date/);
		expect(() => write(field('DateTime'), 'soon')).toThrow(/item 3/);
	});

	test('selects take labels or keys; unknown labels list the valid ones', () => {
		expect(write(select('SingleSelect'), '微信')).toEqual(['k1']);
		expect(write(select('Dropdown'), 'k2')).toEqual(['k2']);
		expect(write(select('MultipleSelect'), '微信, H5')).toEqual(['k1', 'k2']);
		expect(write(select('MultipleSelect'), ['H5', 'k3'])).toEqual(['k2', 'k3']);
		expect(() => write(select('SingleSelect'), '抖音')).toThrow(/valid: 微信, H5, 其他/);
		expect(() => write(select('SingleSelect'), ['微信', 'H5'])).toThrow(/single option/);
	});

	test('checkbox, relation, collaborator', () => {
		expect(write(field('Checkbox'), true)).toBe(1);
		expect(write(field('Checkbox'), 'false')).toBe(0);
		expect(write(field('Checkbox'), '1')).toBe(1);
		expect(() => write(field('Checkbox'), 'maybe')).toThrow(NodeOperationError);
		expect(write(field('Relation'), 'r1')).toEqual(['r1']);
		expect(write(field('Relation'), ['r1', 'r2', 'r1'])).toEqual(['r1', 'r2']);
		expect(write(field('Relation'), [{ sid: 'r1', name: 'x' }])).toEqual(['r1']);
		expect(write(field('Collaborator'), [{ accountId: 'acc_1' }])).toEqual(['acc_1']);
	});
});

describe('normalizeRead meets the write form', () => {
	test.each([
		[field('Number'), '12.5', 12.5],
		[select('SingleSelect'), [{ key: 'k1', value: '微信' }], ['k1']],
		[field('Relation'), [{ sid: 'r1', name: 'A' }], ['r1']],
		[field('Collaborator'), [{ accountId: 'acc_1', name: '张三' }], ['acc_1']],
		[field('Checkbox'), '1', 1],
		[field('Checkbox'), '0', 0],
		[field('DateTime'), '2026-11-25 10:00', '2026-11-25 10:00:00'],
		[field('Text'), '', null],
	])('%#', (f, read, canonical) => {
		expect(normalizeRead(f, read)).toEqual(canonical);
		expect(sameValue(f, normalizeRead(f, read), canonical)).toBe(true);
	});

	test('multi-value order does not count; numbers compare as numbers', () => {
		const multi = select('MultipleSelect');
		expect(sameValue(multi, ['k2', 'k1'], ['k1', 'k2'])).toBe(true);
		expect(sameValue(field('Number'), 12.5, 12.50)).toBe(true);
		expect(sameValue(field('Text'), 'a', 'b')).toBe(false);
		expect(sameValue(field('Text'), null, '')).toBe(false);
	});
});

describe('simplified read values', () => {
	test('labels, ids, names, booleans, ISO times', () => {
		expect(simplifyValue(select('SingleSelect'), [{ key: 'k1', value: '微信' }])).toBe('微信');
		expect(simplifyValue(select('MultipleSelect'), [{ key: 'k1', value: '微信' }, { key: 'k2', value: 'H5' }])).toEqual(['微信', 'H5']);
		expect(simplifyValue(field('Relation'), [{ sid: 'r1', name: 'A' }])).toEqual(['r1']);
		expect(simplifyValue(field('Collaborator'), [{ accountId: 'acc_1', name: '张三' }])).toEqual(['张三']);
		expect(simplifyValue(field('Checkbox'), '0')).toBe(false);
		expect(simplifyValue(field('Currency'), '99.9')).toBe(99.9);
		expect(simplifyValue(field('DateTime'), '2026-11-25 10:00:00')).toBe('2026-11-25T10:00:00+08:00');
	});
});

describe('readWorksheet', () => {
	test('the reference\'s names (worksheetId, isUnique, isReadOnly, isHidden, subType), type as a name', () => {
		const ws = readWorksheet(node, {
			worksheetId: 'w1',
			name: 'Orders',
			alias: 'orders',
			fields: [
				{ id: 'f1', name: 'No', alias: 'no', type: 'Text', required: true, isUnique: true, isTitle: true, isReadOnly: false, isHidden: false },
				{ id: 'f2', name: 'At', alias: 'at', type: 'DateTime', subType: 6, isReadOnly: true, isHidden: true },
				{
					id: 'f3',
					name: 'State',
					alias: 'state',
					type: 'SingleSelect',
					options: [{ key: 'k1', value: 'Open', index: '1', isDeleted: 'false' }, { key: 'k2', value: 'Old', index: 2, isDeleted: true }],
				},
			],
		});
		expect(ws).toMatchObject({ id: 'w1', alias: 'orders', name: 'Orders' });
		expect(ws.fields[0]).toMatchObject({ type: 'Text', required: true, isUnique: true, isTitle: true, isReadOnly: false, isHidden: false });
		expect(ws.fields[1]).toMatchObject({ type: 'DateTime', subType: 6, isReadOnly: true, isHidden: true });
		expect(ws.fields[2].options).toEqual([{ key: 'k1', value: 'Open', deleted: false }, { key: 'k2', value: 'Old', deleted: true }]);
		// A deleted option labels old values but cannot be written.
		expect(() => write(ws.fields[2], 'Old')).toThrow(/valid: Open/);
	});

	test('type as a number (the reference\'s own example: 2) or a numeric string; older id/unique names', () => {
		const ws = readWorksheet(node, { id: 'w2', fields: [{ id: 'a', type: 2, unique: true }, { id: 'b', type: '36' }, { id: 'c', type: 4 }, { id: 'd', type: 999 }] });
		expect(ws.id).toBe('w2');
		expect(ws.fields.map((f) => f.type)).toEqual(['Text', 'Checkbox', 'LandlinePhone', '999']);
		expect(ws.fields[0].isUnique).toBe(true);
	});

	test('without worksheetId (or id) the answer is refused, naming the key', () => {
		expect(() => readWorksheet(node, { name: 'x', fields: [] })).toThrow(/unexpected response: worksheetId: Required/);
	});
});

/**
 * Issue 15, strict conversion: a value that cannot be written exactly is an error naming the field, the item and the
 * expected format; never a cleared field, a guessed epoch or a rounded number. (The README's bad-input table.)
 */
describe('strict conversion: what cannot be written exactly is an error', () => {
	const refused: Array<[string, unknown, RegExp]> = [
		['Number', '1e400', /Field 名称 Number \(a_number\): "1e400" is out of range: expected a number .*\(item 3\)$/],
		['Number', '1e-400', /"1e-400" cannot be kept exactly as a number \(it would become 0\)/],
		['Number', '12345678901234567890', /"12345678901234567890" cannot be kept exactly as a number \(it would become 12345678901234567000\).*Text field/],
		['Currency', '0.12345678901234567891', /cannot be kept exactly/],
		['Number', 12345678901234567890, /12345678901234567000 is beyond ±9007199254740991.*may have been rounded/],
		['Number', Infinity, /Infinity is not a finite number/],
		['Number', NaN, /NaN is not a finite number/],
		['Number', '1,234.5', /"1,234.5" is not valid: expected a number, e.g. 12.5/],
		['Number', true, /true is not valid: expected a number/],
		['Text', 12345678901234567890, /beyond ±9007199254740991.*pass long numbers .* as strings/],
		['Date', 20251201, /20251201 is a plain number.*Numbers in Date Fields.*\(item 3\)$/],
		['Date', '20251201', /"20251201" is a plain number/],
		['DateTime', 45992, /45992 is a plain number/],
		['DateTime', 1764547200, /is a plain number/],
		['Date', '2025/12/01', /"2025\/12\/01" is not in a date format this node reads: expected a date: YYYY-MM-DD/],
		['DateTime', '2026-11-25T25:00:00Z', /is not a valid date and time/],
		['DateTime', '2026-13-01 10:00', /is not a valid date and time: expected a date and time: YYYY-MM-DD HH:mm\[:ss\] \(Beijing time\)/],
		['Date', '2026-02-30', /is not a calendar date/],
		['Date', 'next friday', /is not in a date format/],
	];
	test.each(refused)('%s ← %p', (type, input, message) => {
		const error = (() => {
			try {
				write(field(type), input);
			} catch (e) {
				return e as Error;
			}
			return undefined;
		})();
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error!.message).toMatch(message);
	});

	test('exact values pass unchanged: decimals, exponents, the largest exact integer, long IDs as text', () => {
		expect(write(field('Number'), '0.1')).toBe(0.1);
		expect(write(field('Number'), ' 12.50 ')).toBe(12.5);
		expect(write(field('Number'), '1e3')).toBe(1000);
		expect(write(field('Number'), '-0')).toBe(0);
		expect(write(field('Number'), '9007199254740991')).toBe(9007199254740991);
		expect(write(field('Currency'), 9007199254740991)).toBe(9007199254740991);
		expect(write(field('Number'), '0.30000000000000004')).toBe(0.30000000000000004);
		expect(write(field('Text'), '12345678901234567890')).toBe('12345678901234567890');
		expect(write(field('PhoneNumber'), 13900000000)).toBe('13900000000');
	});

	test('dates: ISO and YYYY-MM-DD[ HH:mm[:ss]] only; epoch only when chosen, in the unit chosen', () => {
		expect(write(field('DateTime'), '2026-11-25 10:00')).toBe('2026-11-25 10:00:00');
		expect(write(field('Date'), '2026-11-25 23:30:00')).toBe('2026-11-25');
		expect(write(field('DateTime'), '2026-11-25T10:00:00.250+08:00')).toBe('2026-11-25 10:00:00');
		expect(write(field('Date'), new Date('2026-11-24T20:00:00Z'))).toBe('2026-11-25');
		const seconds = { ...ctx, epoch: 'seconds' as const };
		expect(toWriteValue(field('DateTime'), 1764547200, seconds)).toBe('2025-12-01 08:00:00');
		expect(toWriteValue(field('DateTime'), '1764547200', seconds)).toBe('2025-12-01 08:00:00');
		// What the user asked for, even when it is surprising: 20251201 seconds after 1970.
		expect(toWriteValue(field('Date'), 20251201, seconds)).toBe('1970-08-23');
		expect(() => toWriteValue(field('Date'), 1.5, seconds)).toThrow(/not a whole number of seconds/);
		expect(toWriteValue(field('Date'), 1764547200000, { ...ctx, epoch: 'milliseconds' })).toBe('2025-12-01');
	});

	test('reading back: a number Mingdao holds that a float cannot keep stays text', () => {
		expect(simplifyValue(field('Number'), '12345678901234567890')).toBe('12345678901234567890');
		expect(simplifyValue(field('Number'), '12.50')).toBe(12.5);
	});
});
