/** The Mingdao trigger: shared-secret check and normalisation of what "Send API request" posts. */
import type { IDataObject } from 'n8n-workflow';
import { MingdaoTrigger } from '../../nodes/Mingdao/MingdaoTrigger.node';
import { webhookContext } from '../support/context';
import type { CapturedResponse } from '../support/context';

const SECRET = 'md-shared-secret-123';

async function call(options: { body?: unknown; headers?: Record<string, string>; query?: IDataObject; events?: string[] }) {
	const response: CapturedResponse = {};
	const ctx = webhookContext({
		parameters: { secret: SECRET, options: options.events ? { events: options.events } : {} },
		body: options.body,
		headers: options.headers,
		query: options.query,
		response,
	});
	const result = await new MingdaoTrigger().webhook.call(ctx);
	const items = result.workflowData?.[0].map((i) => i.json) ?? [];
	return { result, response, items };
}

describe('Mingdao trigger', () => {
	it('rejects a missing or wrong secret with 401 JSON and starts nothing', async () => {
		const attempts: Array<Record<string, string>> = [{}, { 'X-Mingdao-Secret': 'wrong' }, { 'X-Mingdao-Secret': SECRET.slice(0, -1) }];
		for (const headers of attempts) {
			const { result, response } = await call({ body: { rowId: 'r1' }, headers });
			expect(response).toEqual({ statusCode: 401, body: { success: false, error: 'invalid secret' } });
			expect(result.workflowData).toBeUndefined();
			expect(result.noWebhookResponse).toBe(true);
		}
	});

	it('accepts the recommended shape with the header secret and answers {success:true}', async () => {
		const body = { event: 'updated', worksheetId: 'xiaoe_users', rowId: 'r1', fields: { nickname: 'A', pay_sum: 5 } };
		const { response, items } = await call({ body, headers: { 'X-Mingdao-Secret': SECRET } });
		expect(response).toEqual({ statusCode: 200, body: { success: true } });
		expect(items).toEqual([{ event: 'updated', worksheetId: 'xiaoe_users', rowId: 'r1', fields: { nickname: 'A', pay_sum: 5 }, receivedAt: expect.stringMatching(/\+08:00$/) }]);
	});

	it('accepts a bare row with the secret and event in the query, and arrays of records', async () => {
		const bare = await call({ body: { rowid: 'r9', name: 'B' }, query: { secret: SECRET, event: 'add', worksheetId: 'ws1' } });
		expect(bare.items).toEqual([{ event: 'created', worksheetId: 'ws1', rowId: 'r9', fields: { name: 'B' }, receivedAt: expect.any(String) }]);
		expect(JSON.stringify(bare.items)).not.toContain(SECRET);
		const many = await call({
			body: [{ event: '3', rowId: 'a', fields: {} }, { event: 'updated', rowId: 'b', fields: { x: 1 } }],
			headers: { 'x-mingdao-secret': SECRET },
		});
		expect(many.items.map((i) => [i.event, i.rowId])).toEqual([['deleted', 'a'], ['updated', 'b']]);
	});

	it('ignores events not chosen in Events (acknowledged, nothing started)', async () => {
		const { response, result } = await call({ body: { event: 'deleted', rowId: 'r1', fields: {} }, headers: { 'X-Mingdao-Secret': SECRET }, events: ['created', 'updated'] });
		expect(response.statusCode).toBe(200);
		expect(result.workflowData).toBeUndefined();
		const kept = await call({ body: [{ event: 'created', rowId: 'a' }, { event: 'deleted', rowId: 'b' }], headers: { 'X-Mingdao-Secret': SECRET }, events: ['created'] });
		expect(kept.items.map((i) => i.rowId)).toEqual(['a']);
	});
});
