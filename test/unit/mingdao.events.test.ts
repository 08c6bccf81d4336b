/** The Mingdao Trigger's body rules: what counts as records, and how records become events. */
import { normalizeEvent, readRecords, toEvents } from '../../nodes/Mingdao/events';

const at = '2026-11-25T10:00:00+08:00';
const records = (raw: string, contentType = 'application/json') => readRecords({ raw: Buffer.from(raw), contentType });

describe('readRecords', () => {
	test('JSON is read whatever the Content-Type says, with or without a BOM', () => {
		for (const contentType of ['application/json', '', 'text/plain', 'application/xml', 'application/octet-stream']) {
			expect([contentType, records('{"event":"updated","rowId":"r1"}', contentType)]).toEqual([
				contentType,
				{ ok: true, records: [{ event: 'updated', rowId: 'r1' }], shared: {} },
			]);
		}
		expect(records('\uFEFF[{"rowId":"a"},{"rowId":"b"}]')).toEqual({ ok: true, records: [{ rowId: 'a' }, { rowId: 'b' }], shared: {} });
		expect(records('{"event":"2","records":[{"rowId":"a"}]}')).toMatchObject({ ok: true, records: [{ rowId: 'a' }], shared: { event: '2' } });
	});

	test('form fields under a form Content-Type (and JSON sent with one)', () => {
		expect(records('rowid=r9&name=B', 'application/x-www-form-urlencoded; charset=utf-8')).toEqual({ ok: true, records: [{ rowid: 'r9', name: 'B' }], shared: {} });
		expect(records('{"rowId":"r1"}', 'application/x-www-form-urlencoded')).toMatchObject({ ok: true, records: [{ rowId: 'r1' }] });
		// Multipart parsed by n8n ({data, files}, no raw bytes), or left to the node (Read the Body Unparsed).
		expect(readRecords({ parsed: { data: { rowid: 'r2' }, files: {} }, contentType: 'multipart/form-data; boundary=x' })).toMatchObject({
			ok: true,
			records: [{ rowid: 'r2' }],
		});
		const form = [
			'--XyZ',
			'Content-Disposition: form-data; name="event"',
			'',
			'updated',
			'--XyZ',
			'Content-Disposition: form-data; name="rowid"',
			'',
			'r3',
			'--XyZ',
			'Content-Disposition: form-data; name="tag"',
			'',
			'a',
			'--XyZ',
			'Content-Disposition: form-data; name="tag"',
			'',
			'b',
			'--XyZ',
			'Content-Disposition: form-data; name="file"; filename="x.txt"',
			'Content-Type: text/plain',
			'',
			'ignored',
			'--XyZ--',
			'',
		].join('\r\n');
		expect(records(form, 'multipart/form-data; boundary=XyZ')).toEqual({ ok: true, records: [{ event: 'updated', rowid: 'r3', tag: ['a', 'b'] }], shared: {} });
		expect(records(form, 'multipart/form-data')).toEqual({ ok: false, reason: 'the multipart body has no boundary or no fields' });
	});

	test('bytes that are not UTF-8 are refused, not read with replacement characters', () => {
		expect(readRecords({ raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), contentType: 'application/json' })).toEqual({
			ok: false,
			reason: 'the body is not UTF-8 text',
		});
	});

	test.each([
		['', /the body is empty/],
		['   ', /the body is empty/],
		['42', /the body is a JSON number, not a record/],
		['"text"', /a JSON string/],
		['true', /a JSON boolean/],
		['null', /a JSON null/],
		['{}', /the record is empty/],
		['[]', /the list holds no records/],
		['[{"rowId":"a"}, 3]', /record 2 of the list is a JSON number/],
		['[{"rowId":"a"}, {}]', /record 2 of the list is empty/],
		['[[{"rowId":"a"}]]', /record 1 of the list is a JSON list/],
		['{"records":"a"}', /"records" is a string, not a list of records/],
		['{"rowId":', /the body is not JSON \(/],
		['rowid=r9', /the body is not JSON/],
	])('refused: %p', (raw, reason) => {
		const verdict = records(raw);
		expect(verdict.ok).toBe(false);
		expect(!verdict.ok && verdict.reason).toMatch(reason);
	});
});

describe('toEvents', () => {
	test('events and record shapes', () => {
		expect(normalizeEvent('1')).toBe('created');
		expect(normalizeEvent('修改')).toBe('updated');
		expect(normalizeEvent('DELETE')).toBe('deleted');
		expect(normalizeEvent('archived')).toBe('archived');
		expect(toEvents([{ rowid: 'r1', name: 'A' }], {}, { event: 'add', worksheetId: 'ws' }, at)).toEqual([
			{ event: 'created', worksheetId: 'ws', rowId: 'r1', fields: { name: 'A' }, receivedAt: at },
		]);
		const parsed = records('[{"event":"updated","rowId":"r2","fields":{"x":1}}]');
		expect(parsed.ok && toEvents(parsed.records, parsed.shared, {}, at)[0]).toMatchObject({ event: 'updated', rowId: 'r2', fields: { x: 1 } });
	});
});
