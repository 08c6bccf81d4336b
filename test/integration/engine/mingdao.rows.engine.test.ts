/**
 * The Mingdao node on n8n-core (see test/support/engine) against the Mingdao emulator over HTTP: worksheets, reads,
 * batched writes. Per-item values are expressions over the input items, as in a workflow.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { startMingdaoEmulator } from '../../emulators/mingdao';
import type { MingdaoEmulator } from '../../emulators/mingdao';
import { runNode } from '../../support/engine';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { retryPolicy } from '../../../nodes/core/retry';

let emu: MingdaoEmulator;

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	emu = await startMingdaoEmulator({ ratePerSecond: 0 });
});
// Every request the node sent fits the official request schema (the emulator checks answers itself).
afterAll(async () => {
	const violations = emu.state.contract.violations;
	await emu.close();
	expect(violations).toEqual([]);
});
beforeEach(() => emu.state.reset({ ratePerSecond: 0 }));

const USERS = { __rl: true, mode: 'id', value: 'xiaoe_users' };
const creds = (extra: IDataObject = {}) => ({ baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500, ...extra });

function run(
	parameters: IDataObject,
	extra: { items?: IDataObject[]; continueOnFail?: boolean; creds?: IDataObject } = {},
): Promise<INodeExecutionData[]> {
	return runNode(Mingdao, parameters, {
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		credentials: { mingdaoApi: creds(extra.creds) },
		timezone: 'Asia/Shanghai',
	});
}
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error & IDataObject) => e);

async function seed(worksheet: string, rows: IDataObject[]): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < rows.length; i += 500) {
		const r = await axios.post(`${emu.url.replace(/\/api$/, '')}/__emulator/worksheets/${worksheet}/rows`, { rows: rows.slice(i, i + 500) });
		ids.push(...(r.data.rowIds as string[]));
	}
	emu.state.resetStats();
	return ids;
}

const calls = (key: string) => emu.stats().calls[key] ?? 0;
const LIST = 'POST /v3/app/worksheets/:id/rows/list';
const BATCH_CREATE = 'POST /v3/app/worksheets/:id/rows/batch';
const BATCH_UPDATE = 'PATCH /v3/app/worksheets/:id/rows/batch';
const SOURCES = ['微信', '手机号', 'H5', '其他'];

describe('Mingdao node on n8n-core: worksheets', () => {
	it('List gives the worksheets of the app; Get Fields one item per field with options', async () => {
		const list = await run({ resource: 'worksheet', operation: 'list' });
		expect(list.map((o) => o.json.alias)).toEqual(['xiaoe_users', 'xiaoe_orders', 'xiaoe_goods', 'xiaoe_courses']);
		const fields = await run({ resource: 'worksheet', operation: 'getFields', worksheet: USERS });
		expect(fields.map((o) => o.json.alias)).toContain('pay_sum');
		const source = fields.find((o) => o.json.alias === 'source')!.json;
		expect(source).toMatchObject({ name: '来源', type: 'SingleSelect', required: false });
		expect((source.options as IDataObject[]).map((o) => o.label)).toEqual(SOURCES);
		expect(fields.find((o) => o.json.alias === 'xiaoe_user_id')!.json).toMatchObject({ isUnique: true, isTitle: true, isReadOnly: false, isHidden: false });
	});
});

describe('Mingdao node on n8n-core: reading rows', () => {
	const seedUsers = (n: number) =>
		seed(
			'xiaoe_users',
			Array.from({ length: n }, (_, i) => ({
				xiaoe_user_id: `u${i}`,
				pay_sum: i,
				source: [emu.state.optionKey('xiaoe_users', 'source', SOURCES[i % 4])],
				user_created_at: '2026-11-20 08:00:00',
			})),
		);

	it('Return All pages through more than 1000 rows with pages of 1000, simplified', async () => {
		await seedUsers(1203);
		const out = await run({ resource: 'row', operation: 'getMany', worksheet: USERS, returnAll: true });
		expect(out).toHaveLength(1203);
		expect(new Set(out.map((o) => o.json.id)).size).toBe(1203);
		expect(calls(LIST)).toBe(2);
		expect(out[5].json).toMatchObject({ xiaoe_user_id: 'u5', pay_sum: 5, source: '手机号', user_created_at: '2026-11-20T08:00:00+08:00' });
		expect(out[5].json._createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		expect(out[5].json).toMatchObject({ _createdBy: 'API', _owner: '未指定' });
		expect(out[5].json).not.toHaveProperty('rowid');
	});

	it('filters combine with AND and OR; option labels and sort are translated', async () => {
		await seedUsers(1100);
		const and = await run({
			resource: 'row',
			operation: 'getMany',
			worksheet: USERS,
			returnAll: true,
			filters: { conditions: [{ field: 'source', operator: 'eq', value: '微信' }, { field: 'pay_sum', operator: 'ge', value: '1000' }] },
			filterLogic: 'AND',
			sortField: 'pay_sum',
			sortAscending: false,
		});
		const expected = Array.from({ length: 1100 }, (_, i) => i).filter((i) => i % 4 === 0 && i >= 1000).reverse();
		expect(and.map((o) => o.json.pay_sum)).toEqual(expected);
		const or = await run({
			resource: 'row',
			operation: 'getMany',
			worksheet: USERS,
			returnAll: true,
			filters: { conditions: [{ field: 'xiaoe_user_id', operator: 'eq', value: 'u7' }, { field: 'pay_sum', operator: 'between', value: '20,22' }] },
			filterLogic: 'OR',
			sortField: 'pay_sum',
		});
		expect(or.map((o) => o.json.xiaoe_user_id)).toEqual(['u7', 'u20', 'u21', 'u22']);
		const inList = await run({
			resource: 'row',
			operation: 'getMany',
			worksheet: USERS,
			limit: 2,
			filters: { conditions: [{ field: 'xiaoe_user_id', operator: 'in', value: 'u1, u2, u3' }] },
		});
		expect(inList).toHaveLength(2);
	});

	it('Limit asks for only what it needs; Get returns one row; a missing row is error 10007', async () => {
		const ids = await seedUsers(30);
		const out = await run({ resource: 'row', operation: 'getMany', worksheet: USERS, limit: 5 });
		expect(out).toHaveLength(5);
		expect(calls(LIST)).toBe(1);
		const one = await run({ resource: 'row', operation: 'get', worksheet: USERS, rowId: ids[3], options: { simplify: false } });
		expect(one[0].json).toMatchObject({ id: ids[3], _createdAt: expect.any(String), xiaoe_user_id: 'u3', pay_sum: '3' });
		const missing = await run({ resource: 'row', operation: 'get', worksheet: USERS, rowId: 'nope' }, { continueOnFail: true });
		expect(missing[0].json).toMatchObject({ details: { code: '10007' } });
	});

	it('a wrong sign is a NodeApiError with code 10102, and the sign appears nowhere', async () => {
		const error = await failure(run({ resource: 'worksheet', operation: 'list' }, { creds: { signSecret: 'wrong-sign-value' } }));
		expect(error).toMatchObject({ name: 'NodeApiError', apiCode: '10102', message: expect.stringMatching(/10102/) });
		expect(JSON.stringify({ m: error?.message, d: error?.description })).not.toContain('wrong-sign-value');
	});

	it('an unknown worksheet is error 10005 with a hint about the key scope', async () => {
		const error = await failure(run({ resource: 'row', operation: 'getMany', worksheet: { __rl: true, mode: 'id', value: 'nope' }, limit: 1 }));
		expect(error).toMatchObject({ name: 'NodeApiError', apiCode: '10005', description: expect.stringMatching(/scope/) });
	});
});

describe('Mingdao node on n8n-core: writing rows', () => {
	it('Create Many sends 100 rows per call and pairs row ids with items', async () => {
		const items = Array.from({ length: 250 }, (_, i) => ({ xiaoe_user_id: `c${i}`, nickname: `N${i}`, pay_sum: '9.5', not_a_field: 1 }));
		const out = await run({ resource: 'row', operation: 'createMany', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null } }, { items });
		expect(out).toHaveLength(250);
		expect(calls(BATCH_CREATE)).toBe(3);
		const rows = emu.state.listRows('xiaoe_users');
		expect(rows).toHaveLength(250);
		const byId = new Map(rows.map((r) => [r.id, r]));
		out.forEach((o, i) => {
			expect(o.pairedItem).toEqual({ item: i });
			expect(byId.get(o.json.id as string)).toMatchObject({ xiaoe_user_id: `c${i}`, pay_sum: 9.5 });
		});
	});

	it('Create Many: a refused batch (duplicate unique value) is retried row by row; only the bad row fails', async () => {
		await seed('xiaoe_users', [{ xiaoe_user_id: 'taken' }]);
		const items = [{ xiaoe_user_id: 'a' }, { xiaoe_user_id: 'taken' }, { xiaoe_user_id: 'b' }];
		const out = await run(
			{ resource: 'row', operation: 'createMany', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null } },
			{ items, continueOnFail: true },
		);
		expect(out[1].json).toMatchObject({ details: { code: '100005' } });
		expect(out[0].json.action).toBe('created');
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id).sort()).toEqual(['a', 'b', 'taken']);
	});

	it('Create with fields defined below converts labels and dates', async () => {
		const out = await run({
			resource: 'row',
			operation: 'create',
			worksheet: USERS,
			columns: { mappingMode: 'defineBelow', value: { xiaoe_user_id: 'd1', source: 'H5', user_created_at: '2026-11-25T02:00:00Z', company: null, job: '' } },
		});
		const row = emu.state.listRows('xiaoe_users')[0];
		expect(row).toMatchObject({
			id: out[0].json.id,
			source: [emu.state.optionKey('xiaoe_users', 'source', 'H5')],
			user_created_at: '2026-11-25 10:00:00',
			company: null,
		});
	});

	it('Update Many: identical values share one batch call, the rest are single PATCHes', async () => {
		const ids = await seed('xiaoe_users', ['a', 'b', 'c', 'd'].map((x) => ({ xiaoe_user_id: x })));
		const items = [
			{ rowid: ids[0], company: 'Same' },
			{ rowid: ids[1], company: 'Same' },
			{ rowid: ids[2], company: 'Same' },
			{ rowid: ids[3], company: 'Other' },
		];
		const out = await run(
			{
				resource: 'row',
				operation: 'updateMany',
				worksheet: USERS,
				rowId: '={{ $json.rowid }}',
				columns: { mappingMode: 'defineBelow', value: { company: '={{ $json.company }}' } },
			},
			{ items },
		);
		expect(out.map((o) => o.json.action)).toEqual(['updated', 'updated', 'updated', 'updated']);
		expect(calls(BATCH_UPDATE)).toBe(1);
		expect(calls('PATCH /v3/app/worksheets/:id/rows/:rowId')).toBe(1);
		expect(emu.state.listRows('xiaoe_users').map((r) => r.company)).toEqual(['Same', 'Same', 'Same', 'Other']);
	});

	it('Delete removes the rows of all items in one batch call', async () => {
		const ids = await seed('xiaoe_users', ['a', 'b', 'c'].map((x) => ({ xiaoe_user_id: x })));
		const out = await run({ resource: 'row', operation: 'delete', worksheet: USERS, rowId: '={{ $json.id }}' }, { items: ids.map((id) => ({ id })) });
		expect(out.map((o) => o.json)).toEqual(ids.map((id) => ({ action: 'deleted', id })));
		expect(calls('DELETE /v3/app/worksheets/:id/rows/batch')).toBe(1);
		expect(emu.state.listRows('xiaoe_users')).toHaveLength(0);
	});
});
