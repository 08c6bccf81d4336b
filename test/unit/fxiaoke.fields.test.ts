import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { findField, matchKey, parseDescribe, sameValue, toApiValue } from '../../nodes/Fxiaoke/fields';
import type { FieldInfo } from '../../nodes/Fxiaoke/fields';
import { classifyBody, failureOf, fxiaokeCredentials } from '../../nodes/Fxiaoke/adapter';
import { padTime, unpadTime, cursorOptions } from '../../nodes/Fxiaoke/triggerCursor';
import { dataPath } from '../../nodes/Fxiaoke/client';

const node = { name: 'Fxiaoke' } as INode;
const where = { node, itemIndex: 2, timezone: 'Asia/Shanghai' };
const field = (type: string, extra: Partial<FieldInfo> = {}): FieldInfo => ({ apiName: 'f', label: 'F', type, required: false, unique: false, readonly: false, options: [], ...extra });
const level = field('select_one', { apiName: 'account_level', label: '客户级别', options: [{ label: '重要客户', value: '1' }, { label: '普通客户', value: '2' }] });

describe('values per field type', () => {
	it('numbers from numbers or numeric text; anything else names the field and the item', () => {
		expect(toApiValue(field('currency'), '1,234.50', where)).toBe(1234.5);
		expect(toApiValue(field('number'), 7, where)).toBe(7);
		expect(() => toApiValue(field('number'), 'abc', where)).toThrow(NodeOperationError);
		expect(() => toApiValue(field('number'), 'abc', where)).toThrow('Field F (f): "abc" is not a number (item 3)');
		expect(() => toApiValue(field('number'), true, where)).toThrow(/not a number/);
	});

	it('dates and times become epoch ms (Beijing time unless an offset is given)', () => {
		expect(toApiValue(field('date_time'), '2026-11-20 12:00:00', where)).toBe(Date.UTC(2026, 10, 20, 4, 0, 0));
		expect(toApiValue(field('date'), '2026-11-20T00:00:00Z', where)).toBe(Date.UTC(2026, 10, 20));
		expect(toApiValue(field('date_time'), 1763611200, where)).toBe(1763611200000);
		expect(toApiValue(field('date_time'), '1763611200000', where)).toBe(1763611200000);
		expect(() => toApiValue(field('date'), 'next tuesday', where)).toThrow(/is not a date/);
	});

	it('options by value or label; unknown options refused, not sent', () => {
		expect(toApiValue(level, '1', where)).toBe('1');
		expect(toApiValue(level, '普通客户', where)).toBe('2');
		expect(() => toApiValue(level, '5', where)).toThrow(/"5" is not one of its options \(重要客户=1, 普通客户=2\)/);
		const tags = field('select_many', { options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }] });
		expect(toApiValue(tags, 'A, b', where)).toEqual(['a', 'b']);
	});

	it('booleans, people lists and text', () => {
		expect(toApiValue(field('true_or_false'), '是', where)).toBe(true);
		expect(toApiValue(field('true_or_false'), 'false', where)).toBe(false);
		expect(() => toApiValue(field('true_or_false'), 'maybe', where)).toThrow(/true or false/);
		expect(toApiValue(field('employee'), 'FSUID_1,FSUID_2', where)).toEqual(['FSUID_1', 'FSUID_2']);
		expect(toApiValue(field('text'), 12, where)).toBe('12');
		expect(() => toApiValue(field('text'), { a: 1 }, where)).toThrow(/not an object/);
	});

	it('stored values compare as Fxiaoke returns them: money as text, lists as sets, blanks alike', () => {
		expect(sameValue(field('currency'), '100.00', 100)).toBe(true);
		expect(sameValue(field('currency'), '100.00', 100.5)).toBe(false);
		expect(sameValue(field('employee'), ['b', 'a'], ['a', 'b'])).toBe(true);
		expect(sameValue(field('text'), null, '')).toBe(true);
		expect(sameValue(field('text'), 'x', '')).toBe(false);
		expect(sameValue(field('true_or_false'), true, true)).toBe(true);
	});

	it('match keys: numbers canonical, text trimmed', () => {
		expect(matchKey(field('number'), '012.50')).toBe('12.5');
		expect(matchKey(field('text'), ' C001 ')).toBe('C001');
		expect(matchKey(field('text'), undefined)).toBe('');
	});
});

describe('object descriptions in either layout', () => {
	it('data.describe.fields as a map, and data.fields as a list', () => {
		const a = parseDescribe('AccountObj', { data: { describe: { display_name: '客户', fields: { name: { api_name: 'name', label: '客户名称', type: 'text', is_required: true }, _id: { label: 'ID', type: 'text' } } } } });
		expect(a.label).toBe('客户');
		expect(findField(a, 'name')).toMatchObject({ required: true, readonly: false });
		expect(findField(a, '_id')).toMatchObject({ readonly: true });
		const b = parseDescribe('X__c', { data: { fields: [{ api_name: 'field_a__c', label: 'A', data_type: 'number' }] } });
		expect(b.fields).toEqual([{ apiName: 'field_a__c', label: 'A', type: 'number', required: false, unique: false, readonly: false, options: [] }]);
	});
});

describe('adapter', () => {
	it('classifies by errorCode only (never the message)', () => {
		expect(classifyBody({ errorCode: 0, errorMessage: 'anything' })).toBe('ok');
		expect(classifyBody({ errorCode: '20016' })).toBe('token');
		expect(classifyBody({ errorCode: 20005 })).toBe('token');
		expect(classifyBody({ errorCode: 30004 })).toBe('throttle');
		expect(classifyBody({ errorCode: 30002 })).toBe('quota');
		expect(classifyBody({ errorCode: -1 })).toBe('busy');
		expect(classifyBody({ errorCode: 40000, errorMessage: 'OK' })).toBe('error');
		expect(classifyBody('<html>gateway</html>')).toBe('error');
		expect(classifyBody({ traceId: 't', data: { dataList: [] } })).toBe('ok');
	});

	it('failures carry the code, message, description and a hint where one helps', () => {
		expect(failureOf({ errorCode: 20015, errorMessage: '永久授权码错误', errorDescription: 'permanentCode wrong' })).toEqual({
			code: '20015',
			message: '永久授权码错误 (permanentCode wrong)',
			hint: expect.stringMatching(/Permanent Code/),
		});
		expect(failureOf('<html/>')).toMatchObject({ code: 'UNEXPECTED', hint: expect.stringMatching(/Base URL/) });
	});

	it('credentials: the operator by id or by mobile, base URL without a trailing slash', () => {
		expect(fxiaokeCredentials({ baseUrl: 'https://open.fxiaoke.com/', operatorMode: 'mobile', operatorMobile: ' 138 ', currentOpenUserId: 'FSUID_X' })).toMatchObject({
			baseUrl: 'https://open.fxiaoke.com',
			openUserId: '',
			mobile: '138',
		});
		expect(fxiaokeCredentials({ currentOpenUserId: 'FSUID_X' })).toMatchObject({ baseUrl: 'https://open.fxiaoke.com', openUserId: 'FSUID_X', mobile: '' });
	});

	it('custom objects (…__c) go to the custom paths', () => {
		expect(dataPath('AccountObj', 'query')).toBe('/cgi/crm/v2/data/query');
		expect(dataPath('object_erp_order__c', 'query')).toBe('/cgi/crm/custom/v2/data/query');
	});
});

describe('trigger cursor times', () => {
	it('epoch ms padded to sort as text; overlap subtracts seconds', () => {
		expect(padTime(1763611200000)).toBe('001763611200000');
		expect(padTime(999) < padTime(1000)).toBe(true);
		expect(unpadTime(padTime(1763611200000))).toBe(1763611200000);
		expect(cursorOptions(300).overlapStart(padTime(1763611200000))).toBe(padTime(1763610900000));
	});
});
