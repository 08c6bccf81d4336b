/** Plain values ↔ Kingdee models, answer reading, and the comparison the upsert uses. Pure functions. */
import { DateTime } from 'luxon';
import { flatKeys, fromKingdee, ModelError, rowsToObjects, toModel } from '../../nodes/KingdeeK3Cloud/values';
import { asBool, asNumber, asText, describeErrors, readAnswer, rowsOfAnswer } from '../../nodes/KingdeeK3Cloud/answers';
import { quote, sameValue } from '../../nodes/KingdeeK3Cloud/upsertStore';
import { cookiesOf, sessionHeaders } from '../../nodes/KingdeeK3Cloud/session';
import { formInfo } from '../../nodes/KingdeeK3Cloud/forms';

describe('toModel', () => {
	it('nests dotted keys as base data references, also in entry rows, and merges them', () => {
		expect(
			toModel({
				FNumber: 'C1',
				'FCustId.FNumber': 'C001',
				FSaleOrgId: { FNumber: '100' },
				'FSaleOrgId.FName': 'x',
				FEntity: [{ 'FMaterialId.FNumber': 'M1', FQty: 2 }],
			}),
		).toEqual({
			FNumber: 'C1',
			FCustId: { FNumber: 'C001' },
			FSaleOrgId: { FNumber: '100', FName: 'x' },
			FEntity: [{ FMaterialId: { FNumber: 'M1' }, FQty: 2 }],
		});
	});

	it('converts dates with an offset to Beijing wall-clock time; leaves dates without one as written', () => {
		expect(
			toModel({
				a: '2026-11-19T18:30:00Z',
				b: '2026-11-20T08:00:00+09:00',
				c: '2026-11-20',
				d: '2026-11-20 10:00:00',
				e: DateTime.fromISO('2026-01-01T00:00:00', { zone: 'UTC' }),
				f: new Date(Date.UTC(2026, 0, 1)),
			}),
		).toEqual({
			a: '2026-11-20 02:30:00',
			b: '2026-11-20 07:00:00',
			c: '2026-11-20',
			d: '2026-11-20 10:00:00',
			e: '2026-01-01 08:00:00',
			f: '2026-01-01 08:00:00',
		});
	});

	it('refuses a key given both as a value and as a reference', () => {
		expect(() => toModel({ FCustId: 5, 'FCustId.FNumber': 'C1' })).toThrow(ModelError);
		expect(() => toModel({ FCustId: 5, 'FCustId.FNumber': 'C1' })).toThrow(
			'Model.FCustId is given both as a value and as FCustId.FNumber',
		);
	});

	it('flatKeys gives query-style keys and entries apart', () => {
		const { fields, entries } = flatKeys(toModel({ FNumber: 'C1', 'FGroup.FNumber': 'G', FEntity: [{ FQty: 1 }] }));
		expect([...fields]).toEqual([
			['FNumber', 'C1'],
			['FGroup.FNumber', 'G'],
		]);
		expect([...entries.keys()]).toEqual(['FEntity']);
	});
});

describe('answers', () => {
	it('reads booleans, numbers and ids in either spelling', () => {
		expect([asBool(true), asBool('true'), asBool('False'), asBool(''), asBool(0), asBool('x')]).toEqual([
			true,
			true,
			false,
			false,
			false,
			undefined,
		]);
		expect([asNumber(14), asNumber('14'), asNumber(''), asNumber(null)]).toEqual([14, 14, undefined, undefined]);
		expect([asText(100074), asText('100074'), asText(''), asText(0), asText(null)]).toEqual([
			'100074',
			'100074',
			undefined,
			undefined,
			undefined,
		]);
	});

	it('tells query rows, statuses (also wrapped [[…]]) and view records apart', () => {
		expect(readAnswer([['a', 1]])).toEqual({ kind: 'rows', rows: [['a', 1]] });
		expect(readAnswer([])).toEqual({ kind: 'rows', rows: [] });
		const wrapped = readAnswer([[{ Result: { ResponseStatus: { IsSuccess: false, MsgCode: 1, Errors: [{ Message: 'x' }] } } }]]);
		expect(wrapped).toMatchObject({
			kind: 'status',
			status: { isSuccess: false, msgCode: 1, errors: [{ message: 'x', index: 0 }] },
		});
		expect(readAnswer({ Result: { ResponseStatus: null, Result: { Id: 1 } } })).toMatchObject({ kind: 'view', bill: { Id: 1 } });
		expect(readAnswer('<html>')).toEqual({ kind: 'unknown' });
	});

	it('rowsOfAnswer: every row of a successful answer, matched by number where DIndex is missing', () => {
		const body = {
			Result: {
				ResponseStatus: {
					IsSuccess: true,
					SuccessEntitys: [
						{ Id: 2, Number: 'B' },
						{ Id: 1, Number: 'A' },
					],
				},
			},
		};
		expect(rowsOfAnswer({ statusCode: 200, headers: {}, body }, 2, { by: 'number', values: ['A', 'B'] })).toEqual([
			{ index: 0, ok: true, id: '1', number: 'A' },
			{ index: 1, ok: true, id: '2', number: 'B' },
		]);
	});

	it('describes errors as "FieldName: Message", the first five', () => {
		const errors = Array.from({ length: 7 }, (_, i) => ({ fieldName: i ? `F${i}` : undefined, message: `m${i}`, index: i }));
		expect(describeErrors(errors)).toBe('m0; F1: m1; F2: m2; F3: m3; F4: m4; … (2 more)');
	});

	it('collapses multi-language values to the credential language and /Date(ms)/ to ISO', () => {
		expect(
			fromKingdee(
				{
					Name: [
						{ Key: 2052, Value: '甲' },
						{ Key: 1033, Value: 'A' },
					],
					D: '/Date(1735689600000+0800)/',
					L: [{ Id: 1 }],
				},
				1033,
			),
		).toEqual({ Name: 'A', D: '2025-01-01T08:00:00.000+08:00', L: [{ Id: 1 }] });
		expect(
			rowsToObjects(
				['FNumber', 'FName'],
				[
					['C1', '甲'],
					['C2', null],
				],
			),
		).toEqual([
			{ FNumber: 'C1', FName: '甲' },
			{ FNumber: 'C2', FName: null },
		]);
	});
});

describe('upsert comparison', () => {
	it('compares meanings: dates in either spelling, numbers, blanks, booleans', () => {
		expect(sameValue('2026-11-20T00:00:00', '2026-11-20')).toBe(true);
		expect(sameValue('2026-11-20T10:00:00', '2026-11-20 10:00')).toBe(true);
		expect(sameValue('2026-11-20T10:00:01', '2026-11-20 10:00:00')).toBe(false);
		expect(sameValue(2.5, '2.50')).toBe(true);
		expect(sameValue(0, '')).toBe(false);
		expect(sameValue(' ', '')).toBe(true);
		expect(sameValue(null, undefined)).toBe(true);
		expect(sameValue(true, 'true')).toBe(true);
		expect(sameValue('甲', '乙')).toBe(false);
		expect(quote("O'Brien")).toBe("'O''Brien'");
	});

	it('knows the key fields of common forms and guesses the rest', () => {
		expect(formInfo('bd_customer')).toMatchObject({ idField: 'FCUSTID', numberField: 'FNumber' });
		expect(formInfo('SAL_SaleOrder')).toMatchObject({ idField: 'FID', numberField: 'FBillNo' });
		expect(formInfo('BD_Unknown')).toMatchObject({ idField: 'FID', numberField: 'FNumber' });
		expect(formInfo('XY_Bill')).toMatchObject({ idField: 'FID', numberField: 'FBillNo' });
	});
});

describe('session cookies', () => {
	it('keeps name=value of every Set-Cookie and sends them after Theme=standard, as the Python SDK does', () => {
		const cookies = cookiesOf({
			statusCode: 200,
			headers: { 'set-cookie': ['kdservice-sessionid=abc-1; path=/', 'ASP.NET_SessionId=xyz; path=/; HttpOnly'] },
			body: {},
		});
		expect(cookies).toEqual(['kdservice-sessionid=abc-1', 'ASP.NET_SessionId=xyz']);
		expect(sessionHeaders({ token: 'abc-1', cookies, expiresInSec: 900 })).toEqual({
			'kdservice-sessionid': 'abc-1',
			Cookie: 'Theme=standard;kdservice-sessionid=abc-1;ASP.NET_SessionId=xyz',
		});
		expect(
			cookiesOf({
				statusCode: 200,
				headers: { 'set-cookie': 'a=1; expires=Thu, 01 Jan 2026 00:00:00 GMT, b=2; path=/' },
				body: {},
			}),
		).toEqual(['a=1', 'b=2']);
	});
});
