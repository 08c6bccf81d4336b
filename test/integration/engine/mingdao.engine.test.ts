/** The Mingdao node and trigger on n8n-core (see test/support/engine), against the Mingdao emulator over HTTP. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startMingdaoEmulator } from '../../emulators/mingdao';
import type { MingdaoEmulator } from '../../emulators/mingdao';
import { runNode, runWebhook, runWorkflow } from '../../support/engine';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { MingdaoTrigger } from '../../../nodes/Mingdao/MingdaoTrigger.node';

let emu: MingdaoEmulator;
let credentials: { mingdaoApi: IDataObject };

beforeAll(async () => {
	emu = await startMingdaoEmulator({ ratePerSecond: 0 });
	credentials = { mingdaoApi: { baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500 } };
});
afterAll(() => emu.close());
beforeEach(() => emu.state.reset({ ratePerSecond: 0 }));

const USERS = { __rl: true, mode: 'id', value: 'xiaoe_users' };
const SOURCES = ['微信', '手机号', 'H5', '其他'];
const users = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ xiaoe_user_id: `u${i}`, nickname: `Nick ${i}`, pay_sum: i * 1.5, source: SOURCES[i % 4] }));
const upsertParameters = {
	resource: 'row',
	operation: 'upsert',
	worksheet: USERS,
	columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['xiaoe_user_id'] },
};
const actions = (out: INodeExecutionData[]) => out.map((o) => o.json.action ?? o.json.error);

describe('Mingdao node on n8n-core', () => {
	it('Create or Update from items: creates, then a re-run changes nothing', async () => {
		const items = users(12);
		const first = await runNode(Mingdao, upsertParameters, { items, credentials });
		expect(actions(first)).toEqual(Array(12).fill('created'));
		expect(first.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const rows = emu.state.listRows('xiaoe_users');
		expect(rows.map((r) => r.xiaoe_user_id).sort()).toEqual(items.map((u) => u.xiaoe_user_id).sort());
		expect(rows.find((r) => r.xiaoe_user_id === 'u3')).toMatchObject({ nickname: 'Nick 3', pay_sum: 4.5 });

		emu.state.resetStats();
		const again = await runNode(Mingdao, upsertParameters, { items, credentials });
		expect(actions(again)).toEqual(Array(12).fill('unchanged'));
		expect(again.map((o) => o.json.rowid)).toEqual(first.map((o) => o.json.rowid));
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
	});

	it('items from a previous node: an expression-built value is compared as Mingdao reads it back', async () => {
		const workflow = (items: IDataObject[]) =>
			runWorkflow({
				nodes: [
					{ name: 'Start', type: 'n8n-nodes-base.manualTrigger' },
					{
						name: 'Mingdao',
						type: 'n8n-nodes-china-saas.mingdao',
						parameters: {
							...upsertParameters,
							columns: {
								mappingMode: 'defineBelow',
								matchingColumns: ['xiaoe_user_id'],
								value: { xiaoe_user_id: '={{ $json.id }}', nickname: '={{ $json.name.toUpperCase() }}', pay_sum: '={{ $json.fen / 100 }}' },
							},
						},
					},
				],
				connections: { Start: { main: [[{ node: 'Mingdao', type: 'main', index: 0 }]] } },
				input: items,
				credentials,
			});
		const items = [
			{ id: 'u1', name: 'ann', fen: 1250 },
			{ id: 'u2', name: 'bob', fen: 300 },
		];
		const first = await workflow(items);
		expect(first.error).toBeUndefined();
		expect(actions(first.output('Mingdao'))).toEqual(['created', 'created']);
		expect(emu.state.listRows('xiaoe_users').find((r) => r.xiaoe_user_id === 'u1')).toMatchObject({ nickname: 'ANN', pay_sum: 12.5 });
		emu.state.resetStats();
		const again = await workflow(items);
		expect(actions(again.output('Mingdao'))).toEqual(['unchanged', 'unchanged']);
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
	});
});

describe('Mingdao Trigger on n8n-core (webhook)', () => {
	const SECRET = 'md-shared-secret-123';

	it('a JSON post with the header secret starts the workflow with the normalised row; the answer is {success:true}', async () => {
		const body = { event: 'updated', worksheetId: 'xiaoe_users', rowId: 'r1', fields: { nickname: 'A', pay_sum: 5 } };
		const call = await runWebhook(MingdaoTrigger, { secret: SECRET }, { headers: { 'X-Mingdao-Secret': SECRET }, body });
		expect(call.error).toBeUndefined();
		expect(call.status).toBe(200);
		expect(call.body).toEqual({ success: true });
		expect(call.items?.map((i) => i.json)).toEqual([{ ...body, receivedAt: expect.stringMatching(/\+08:00$/) }]);
	});

	it('a wrong secret gets 401 and starts nothing', async () => {
		const call = await runWebhook(MingdaoTrigger, { secret: SECRET }, { headers: { 'X-Mingdao-Secret': 'wrong' }, body: { rowId: 'r1' } });
		expect(call.status).toBe(401);
		expect(call.body).toEqual({ success: false, error: 'invalid secret' });
		expect(call.items).toBeUndefined();
	});

	it('a form-encoded post with the secret in the query is read as n8n parses it', async () => {
		const call = await runWebhook(
			MingdaoTrigger,
			{ secret: SECRET },
			{
				query: { secret: SECRET, event: 'add', worksheetId: 'ws1' },
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'rowid=r9&name=B',
			},
		);
		expect(call.status).toBe(200);
		expect(call.items?.map((i) => i.json)).toEqual([{ event: 'created', worksheetId: 'ws1', rowId: 'r9', fields: { name: 'B' }, receivedAt: expect.any(String) }]);
		expect(JSON.stringify(call.items)).not.toContain(SECRET);
	});
});
