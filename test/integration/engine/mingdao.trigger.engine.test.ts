/**
 * The Mingdao Trigger on n8n-core (see test/support/engine): what a Mingdao "Send API request" step posts, over real
 * HTTP. The shared secret comes from the Mingdao Webhook credential; bodies that are not records are refused with
 * a reason and start nothing.
 */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';
import { runWebhook } from '../../support/engine';
import type { WebhookRequest } from '../../support/engine';
import { MingdaoTrigger } from '../../../nodes/Mingdao/MingdaoTrigger.node';
import { mingdaoWebhookApiTest } from '../../../nodes/Mingdao/methods/credentialTest';

const SECRET = 'md-shared-secret-123';
const credentials = { mingdaoWebhookApi: { secret: SECRET } };
const post = (request: WebhookRequest, options: IDataObject = {}, store: Record<string, IDataObject> = credentials) =>
	runWebhook(MingdaoTrigger, { options }, { method: 'POST', ...request }, { credentials: store });
const json = (call: { items?: Array<{ json: IDataObject }> }) => call.items?.map((i) => i.json);

describe('Mingdao Trigger on n8n-core: the secret', () => {
	it('a JSON post with the header secret starts the workflow with the normalised row; the answer is {success:true}', async () => {
		const body = { event: 'updated', worksheetId: 'xiaoe_users', rowId: 'r1', fields: { nickname: 'A', pay_sum: 5 } };
		const call = await post({ headers: { 'X-Mingdao-Secret': SECRET }, body });
		expect(call.error).toBeUndefined();
		expect(call.status).toBe(200);
		expect(call.body).toEqual({ success: true });
		expect(json(call)).toEqual([{ ...body, receivedAt: expect.stringMatching(/\+08:00$/) }]);
	});

	it('a missing, wrong or truncated secret gets 401 JSON and starts nothing', async () => {
		for (const headers of [{}, { 'X-Mingdao-Secret': 'wrong' }, { 'X-Mingdao-Secret': SECRET.slice(0, -1) }] as Array<Record<string, string>>) {
			const call = await post({ headers, body: { rowId: 'r1' } });
			expect([headers, call.status, call.body, call.items]).toEqual([headers, 401, { success: false, error: 'invalid secret' }, undefined]);
		}
	});

	it('a form-encoded post with the secret in the query is read as n8n parses it; the secret is not passed on', async () => {
		const call = await post({
			query: { secret: SECRET, event: 'add', worksheetId: 'ws1' },
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'rowid=r9&name=B',
		});
		expect(call.status).toBe(200);
		expect(json(call)).toEqual([{ event: 'created', worksheetId: 'ws1', rowId: 'r9', fields: { name: 'B' }, receivedAt: expect.any(String) }]);
		expect(JSON.stringify(call.items)).not.toContain(SECRET);
	});

	it('without a credential (a workflow from before the secret moved there): 500 "not configured", nothing started', async () => {
		const call = await post({ headers: { 'X-Mingdao-Secret': SECRET }, body: { rowId: 'r1' } }, {}, {});
		expect([call.status, call.body, call.items]).toEqual([500, { success: false, error: 'trigger not configured' }, undefined]);
		// The old node parameter is not read, whatever it holds.
		const legacy = await runWebhook(MingdaoTrigger, { secret: SECRET, options: {} }, { headers: { 'X-Mingdao-Secret': SECRET }, body: { rowId: 'r1' } });
		expect(legacy.status).toBe(500);
		expect(legacy.items).toBeUndefined();
	});

	it('the credential\'s Test button refuses empty, padded and short secrets', async () => {
		const test = (secret: string) => mingdaoWebhookApiTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'c', type: 'mingdaoWebhookApi', data: { secret } });
		expect(await test(SECRET)).toEqual({ status: 'OK', message: expect.stringMatching(/X-Mingdao-Secret/) });
		expect(await test('')).toEqual({ status: 'Error', message: 'The secret is empty' });
		expect(await test(' md-shared-secret-123')).toMatchObject({ status: 'Error', message: expect.stringMatching(/spaces/) });
		expect(await test('short')).toEqual({ status: 'Error', message: 'The secret has 5 characters; use at least 16 random ones' });
	});
});

describe('Mingdao Trigger on n8n-core: bodies', () => {
	const withSecret = (headers: Record<string, string> = {}) => ({ 'X-Mingdao-Secret': SECRET, ...headers });

	it('a bare row with the event in the query, arrays of records, {records:[…]}', async () => {
		const bare = await post({ headers: withSecret(), query: { event: 'add', worksheetId: 'ws1' }, body: { rowid: 'r9', name: 'B' } });
		expect(json(bare)).toEqual([{ event: 'created', worksheetId: 'ws1', rowId: 'r9', fields: { name: 'B' }, receivedAt: expect.any(String) }]);
		const many = await post({ headers: withSecret(), body: [{ event: '3', rowId: 'a', fields: {} }, { event: 'updated', rowId: 'b', fields: { x: 1 } }] });
		expect(json(many)?.map((i) => [i.event, i.rowId])).toEqual([['deleted', 'a'], ['updated', 'b']]);
		const wrapped = await post({ headers: withSecret(), body: { event: 'created', worksheetId: 'w', records: [{ rowId: 'c' }] } });
		expect(json(wrapped)).toEqual([{ event: 'created', worksheetId: 'w', rowId: 'c', fields: {}, receivedAt: expect.any(String) }]);
	});

	it('JSON with a wrong or missing Content-Type is read from the raw body', async () => {
		const text = JSON.stringify({ event: 'updated', rowId: 'r1', fields: { a: 1 } });
		for (const contentType of ['text/plain', 'application/xml', 'application/octet-stream', 'application/x-www-form-urlencoded']) {
			const call = await post({ headers: withSecret({ 'content-type': contentType }), body: text });
			expect([contentType, call.status, json(call)?.map((i) => i.rowId)]).toEqual([contentType, 200, ['r1']]);
		}
		const none = await post({ headers: withSecret(), body: Buffer.from(text) });
		expect([none.status, json(none)?.map((i) => i.rowId)]).toEqual([200, ['r1']]);
	});

	it('form-data (a body type Mingdao\'s step offers): the text fields are the record', async () => {
		const form = ['--b1', 'Content-Disposition: form-data; name="rowid"', '', 'r5', '--b1', 'Content-Disposition: form-data; name="name"', '', '张三', '--b1--', ''].join('\r\n');
		const call = await post({ headers: withSecret({ 'content-type': 'multipart/form-data; boundary=b1' }), query: { event: '1' }, body: form });
		expect([call.status, json(call)]).toEqual([200, [{ event: 'created', worksheetId: '', rowId: 'r5', fields: { name: '张三' }, receivedAt: expect.any(String) }]]);
	});

	it('bodies that are not a record or a list of records: 400 with the reason, nothing started', async () => {
		const refused: Array<[string, RegExp]> = [
			['42', /the body is a JSON number, not a record/],
			['"x"', /a JSON string/],
			['null', /a JSON null/],
			['[]', /the list holds no records/],
			['[{"rowId":"a"}, 7]', /record 2 of the list is a JSON number/],
			['{}', /the record is empty/],
			['{"rowId":', /the body is not JSON/],
			['', /the body is empty/],
		];
		for (const [body, reason] of refused) {
			const call = await post({ headers: withSecret({ 'content-type': 'text/plain' }), body });
			expect([body, call.status, call.body, call.items]).toEqual([body, 400, { success: false, error: expect.stringMatching(reason) }, undefined]);
		}
	});

	it('a body over Max Body Size: 413 with the limit, nothing started', async () => {
		const records = Array.from({ length: 40 }, (_, i) => ({ rowId: `r${i}`, fields: { note: 'x'.repeat(40) } }));
		const call = await post({ headers: withSecret(), body: records }, { maxBodyKb: 1 });
		expect(call.status).toBe(413);
		const kb = Math.ceil(Buffer.byteLength(JSON.stringify(records)) / 1024);
		expect(call.body).toEqual({ success: false, error: `the body has ${kb} KB; this trigger accepts at most 1 KB (option Max Body Size)` });
		expect(call.items).toBeUndefined();
		const fits = await post({ headers: withSecret(), body: records }, { maxBodyKb: 8 });
		expect(json(fits)).toHaveLength(40);
	});

	it('events not chosen in Events are acknowledged and ignored', async () => {
		const ignored = await post({ headers: withSecret(), body: { event: 'deleted', rowId: 'r1', fields: {} } }, { events: ['created', 'updated'] });
		expect([ignored.status, ignored.items]).toEqual([200, undefined]);
		const kept = await post({ headers: withSecret(), body: [{ event: 'created', rowId: 'a' }, { event: 'deleted', rowId: 'b' }] }, { events: ['created'] });
		expect(json(kept)?.map((i) => i.rowId)).toEqual(['a']);
	});
});
