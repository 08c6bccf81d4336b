/**
 * The Kingdee Trigger's pure rules: Kingdee datetimes as cursor times (no zone conversion, fraction kept as
 * precise as answered), FilterString literals, the key-cursor page filter, read order and grouping of entry rows.
 */
import { DateTime } from 'luxon';
import {
	cursorOptions,
	cursorTime,
	cursorTimeOf,
	groupRows,
	isAfter,
	orderString,
	pageFilter,
	queryFields,
	timeLiteral,
	type ChangeSpec,
} from '../../nodes/KingdeeK3Cloud/changes';
import datetimes from '../fixtures/kingdee/datetimes.json';

const spec = (extra: Partial<ChangeSpec> = {}): ChangeSpec => ({
	formId: 'SAL_DELIVERYNOTICE',
	idField: 'FID',
	timeField: 'FModifyDate',
	fields: ['FBillNo'],
	filter: '',
	zone: 'Asia/Shanghai',
	...extra,
});

describe('cursor times', () => {
	it('every captured FModifyDate reads as wall-clock time with a 7-digit fraction, and goes back as precise as it came', () => {
		for (const { answered, cursor, literal } of datetimes.cases) {
			expect(cursorTime(answered, 'Asia/Shanghai')).toBe(cursor);
			expect(timeLiteral(cursor)).toBe(literal);
		}
	});

	it('sorts as text in time order, also across fraction lengths', () => {
		const times = ['2019-02-13T15:46:44.72', '2019-02-13T15:46:44.7', '2019-02-13T15:46:44', '2019-02-13T15:46:44.723'].map(
			(t) => cursorTime(t, 'Asia/Shanghai')!,
		);
		expect([...times].sort()).toEqual([times[2], times[1], times[0], times[3]]);
	});

	it('/Date(ms)/ answers (ISO with an offset after fromKingdee) and start dates are taken into the server zone', () => {
		expect(cursorTime('2026-11-20T04:00:00.000+00:00', 'Asia/Shanghai')).toBe('2026-11-20 12:00:00.0000000');
		expect(cursorTimeOf(DateTime.fromISO('2026-11-20T12:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-20 20:00:00.0000000');
		expect(cursorTime('', 'Asia/Shanghai')).toBeUndefined();
		expect(cursorTime('not a time', 'Asia/Shanghai')).toBeUndefined();
	});

	it('the overlap window goes back in wall-clock seconds, keeping the fraction', () => {
		expect(cursorOptions(300).overlapStart('2026-11-20 00:02:00.7200000')).toBe('2026-11-19 23:57:00.7200000');
		expect(cursorOptions(300).overlapStart('')).toBe('');
	});
});

describe('pages', () => {
	it('the first page starts at the time, later pages after the last row: time, then internal id', () => {
		expect(pageFilter(spec(), '2026-11-20 10:00:00.0000000')).toBe("FModifyDate >= '2026-11-20 10:00:00'");
		expect(pageFilter(spec({ filter: "FDocumentStatus = 'C'" }), '2026-11-20 10:00:00.5000000', { time: '2026-11-20 10:00:01.0030000', id: '100042' })).toBe(
			"(FDocumentStatus = 'C') AND (FModifyDate > '2026-11-20 10:00:01.003' OR (FModifyDate = '2026-11-20 10:00:01.003' AND FID > 100042))",
		);
		expect(pageFilter(spec(), '')).toBe('');
	});

	it('with an entry, rows are ordered and continued by entry id inside a record', () => {
		const s = spec({ entry: { key: 'FEntity', fields: ['FQty'] } });
		expect(queryFields(s)).toEqual(['FID', 'FModifyDate', 'FBillNo', 'FEntity_FEntryID', 'FQty']);
		expect(orderString(s)).toBe('FModifyDate ASC, FID ASC, FEntity_FEntryID ASC');
		expect(pageFilter(s, '', { time: '2026-11-20 10:00:00.0000000', id: '7', entryId: '30' })).toBe(
			"(FModifyDate > '2026-11-20 10:00:00' OR (FModifyDate = '2026-11-20 10:00:00' AND (FID > 7 OR (FID = 7 AND FEntity_FEntryID > 30))))",
		);
	});

	it('a page must end after the previous one (numbers compared as numbers)', () => {
		const t = '2026-11-20 10:00:00.0000000';
		expect(isAfter(undefined, { time: t, id: '1' })).toBe(true);
		expect(isAfter({ time: t, id: '9' }, { time: t, id: '10' })).toBe(true);
		expect(isAfter({ time: t, id: '10' }, { time: t, id: '10' })).toBe(false);
		expect(isAfter({ time: t, id: '10', entryId: '5' }, { time: t, id: '10', entryId: '6' })).toBe(true);
		expect(isAfter({ time: '2026-11-20 10:00:01.0000000', id: '1' }, { time: t, id: '99' })).toBe(false);
	});
});

describe('grouping', () => {
	it('one record per internal id with its entry rows, rows without id or time left out', () => {
		const s = spec({ fields: ['FBillNo', 'FCustomerID.FNumber'], entry: { key: 'FEntity', fields: ['FMaterialID.FNumber', 'FQty'] } });
		const row = (id: number, entry: number, qty: number) => ({
			FID: id,
			FModifyDate: '2026-11-20T10:00:00.72',
			FBillNo: `FH${id}`,
			'FCustomerID.FNumber': 'C1',
			FEntity_FEntryID: entry,
			'FMaterialID.FNumber': 'M1',
			FQty: qty,
		});
		const records = groupRows(s, [row(1, 11, 1), row(1, 12, 2), row(2, 21, 3), { FID: 3, FModifyDate: '' }]);
		expect(records.map((r) => [r.id, r.time])).toEqual([
			['1', '2026-11-20 10:00:00.7200000'],
			['2', '2026-11-20 10:00:00.7200000'],
		]);
		expect(records[0].record).toEqual({
			FID: 1,
			FModifyDate: '2026-11-20T10:00:00.72',
			FBillNo: 'FH1',
			'FCustomerID.FNumber': 'C1',
			FEntity: [
				{ FEntryID: 11, 'FMaterialID.FNumber': 'M1', FQty: 1 },
				{ FEntryID: 12, 'FMaterialID.FNumber': 'M1', FQty: 2 },
			],
		});
	});
});
