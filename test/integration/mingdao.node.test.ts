/** The Mingdao node in-process against the Mingdao emulator over real HTTP: reads, batched writes, upsert. */
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { DEMO_WORKSHEETS, startMingdaoEmulator } from '../emulators/mingdao';
import type { MingdaoEmulator, MingdaoWorksheetDef } from '../emulators/mingdao';
import { executeContext } from '../support/context';
import { Mingdao } from '../../nodes/Mingdao/Mingdao.node';
import { retryPolicy } from '../../nodes/core/retry';

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
const ORDERS = { __rl: true, mode: 'id', value: 'xiaoe_orders' };
const creds = (extra: IDataObject = {}) => ({ baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500, ...extra });

async function run(
	parameters: IDataObject | ((i: number) => IDataObject),
	extra: { items?: IDataObject[]; continueOnFail?: boolean; creds?: IDataObject } = {},
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({
		parameters,
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		credentials: { mingdaoApi: creds(extra.creds) as never },
	});
	const [out] = await new Mingdao().execute.call(ctx);
	return out;
}

const upsertUsers = (items: IDataObject[], continueOnFail = false) =>
	run(
		{ resource: 'row', operation: 'upsert', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['xiaoe_user_id'] } },
		{ items, continueOnFail },
	);

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

describe('Mingdao node: worksheets', () => {
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

describe('Mingdao node: reading rows', () => {
	const seedUsers = (n: number) =>
		seed('xiaoe_users', Array.from({ length: n }, (_, i) => ({
			xiaoe_user_id: `u${i}`,
			pay_sum: i,
			source: [emu.state.optionKey('xiaoe_users', 'source', SOURCES[i % 4])],
			user_created_at: '2026-11-20 08:00:00',
		})));

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
			resource: 'row', operation: 'getMany', worksheet: USERS, returnAll: true,
			filters: { conditions: [{ field: 'source', operator: 'eq', value: '微信' }, { field: 'pay_sum', operator: 'ge', value: '1000' }] },
			filterLogic: 'AND', sortField: 'pay_sum', sortAscending: false,
		});
		const expected = Array.from({ length: 1100 }, (_, i) => i).filter((i) => i % 4 === 0 && i >= 1000).reverse();
		expect(and.map((o) => o.json.pay_sum)).toEqual(expected);
		const or = await run({
			resource: 'row', operation: 'getMany', worksheet: USERS, returnAll: true,
			filters: { conditions: [{ field: 'xiaoe_user_id', operator: 'eq', value: 'u7' }, { field: 'pay_sum', operator: 'between', value: '20,22' }] },
			filterLogic: 'OR', sortField: 'pay_sum',
		});
		expect(or.map((o) => o.json.xiaoe_user_id)).toEqual(['u7', 'u20', 'u21', 'u22']);
		const inList = await run({
			resource: 'row', operation: 'getMany', worksheet: USERS, limit: 2,
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
		const error = await run({ resource: 'worksheet', operation: 'list' }, { creds: { signSecret: 'wrong-sign-value' } }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.apiCode).toBe('10102');
		expect(error.message).toMatch(/10102/);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain('wrong-sign-value');
	});

	it('an unknown worksheet is error 10005 with a hint about the key scope', async () => {
		const error = await run({ resource: 'row', operation: 'getMany', worksheet: { __rl: true, mode: 'id', value: 'nope' }, limit: 1 }).catch((e) => e);
		expect(error.apiCode).toBe('10005');
		expect(error.description).toMatch(/scope/);
	});
});

describe('Mingdao node: writing rows', () => {
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
		const out = await run({ resource: 'row', operation: 'createMany', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null } }, { items, continueOnFail: true });
		expect(out[1].json).toMatchObject({ details: { code: '100005' } });
		expect(out[0].json.action).toBe('created');
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id).sort()).toEqual(['a', 'b', 'taken']);
	});

	it('Create with fields defined below converts labels and dates', async () => {
		const out = await run({
			resource: 'row', operation: 'create', worksheet: USERS,
			columns: { mappingMode: 'defineBelow', value: { xiaoe_user_id: 'd1', source: 'H5', user_created_at: '2026-11-25T02:00:00Z', company: null, job: '' } },
		});
		const row = emu.state.listRows('xiaoe_users')[0];
		expect(row).toMatchObject({ id: out[0].json.id, source: [emu.state.optionKey('xiaoe_users', 'source', 'H5')], user_created_at: '2026-11-25 10:00:00', company: null });
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
			(i) => ({ resource: 'row', operation: 'updateMany', worksheet: USERS, rowId: items[i].rowid, columns: { mappingMode: 'defineBelow', value: { company: items[i].company } } }),
			{ items },
		);
		expect(out.map((o) => o.json.action)).toEqual(['updated', 'updated', 'updated', 'updated']);
		expect(calls(BATCH_UPDATE)).toBe(1);
		expect(calls('PATCH /v3/app/worksheets/:id/rows/:rowId')).toBe(1);
		expect(emu.state.listRows('xiaoe_users').map((r) => r.company)).toEqual(['Same', 'Same', 'Same', 'Other']);
	});

	it('Delete removes the rows of all items in one batch call', async () => {
		const ids = await seed('xiaoe_users', ['a', 'b', 'c'].map((x) => ({ xiaoe_user_id: x })));
		const out = await run((i) => ({ resource: 'row', operation: 'delete', worksheet: USERS, rowId: ids[i] }), { items: [{}, {}, {}] });
		expect(out.map((o) => o.json)).toEqual(ids.map((id) => ({ action: 'deleted', id })));
		expect(calls('DELETE /v3/app/worksheets/:id/rows/batch')).toBe(1);
		expect(emu.state.listRows('xiaoe_users')).toHaveLength(0);
	});
});

describe('Mingdao node: upsert', () => {
	const users = (n: number, extra: (i: number) => IDataObject = () => ({})) =>
		Array.from({ length: n }, (_, i) => ({ xiaoe_user_id: `u${i}`, nickname: `Nick ${i}`, pay_sum: i * 1.5, source: SOURCES[i % 4], user_created_at: '2026-11-25T10:00:00+08:00', ...extra(i) }));

	it('first run creates one row per distinct key, a re-run writes nothing, 3 changes write 3 updates', async () => {
		const items = [...users(8), { xiaoe_user_id: 'u1', company: 'Dup' }, { xiaoe_user_id: 'u2', nickname: 'Later wins' }];
		const first = await upsertUsers(items);
		expect(first).toHaveLength(10);
		expect(first.filter((o) => o.json.action === 'created')).toHaveLength(10);
		expect(first[8].json.id).toBe(first[1].json.id);
		expect(first[0].json).toEqual({ action: 'created', id: expect.any(String), match: { field: 'xiaoe_user_id', value: 'u0' }, changed: [] });
		const rows = emu.state.listRows('xiaoe_users');
		expect(rows).toHaveLength(8);
		expect(rows.find((r) => r.xiaoe_user_id === 'u2')!.nickname).toBe('Later wins');
		expect(rows.find((r) => r.xiaoe_user_id === 'u1')!.company).toBe('Dup');

		emu.state.resetStats();
		const again = await upsertUsers(items);
		expect(again.map((o) => o.json.action)).toEqual(Array(10).fill('unchanged'));
		expect(again.map((o) => o.json.id)).toEqual(first.map((o) => o.json.id));
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });

		emu.state.resetStats();
		const changed = items.map((item, i) => ({ ...item, ...(i === 3 ? { pay_sum: 99 } : i === 4 ? { source: '其他' } : i === 6 ? { nickname: 'New' } : {}) }));
		const third = await upsertUsers(changed);
		expect(third.filter((o) => o.json.action === 'updated').map((o) => [o.json.match, o.json.changed])).toEqual([
			[{ field: 'xiaoe_user_id', value: 'u3' }, ['pay_sum']],
			[{ field: 'xiaoe_user_id', value: 'u4' }, ['source']],
			[{ field: 'xiaoe_user_id', value: 'u6' }, ['nickname']],
		]);
		expect(emu.stats().rowsUpdated).toBe(3);
		expect(emu.stats().rowsCreated).toBe(0);
		expect(emu.state.listRows('xiaoe_users')).toHaveLength(8);
	});

	it('a bad value fails only its item with Continue On Fail; without it the node stops before writing', async () => {
		const items: IDataObject[] = users(5);
		items[1].pay_sum = 'abc';
		items[3].source = '抖音';
		const out = await upsertUsers(items, true);
		expect(out.map((o) => o.json.action ?? 'error')).toEqual(['created', 'error', 'created', 'error', 'created']);
		expect(out[1].json.error).toMatch(/累计消费 \(pay_sum\).*"abc".*\(item 2\)/);
		expect(out[3].json.error).toMatch(/来源 \(source\).*valid: 微信, 手机号, H5, 其他.*\(item 4\)/);
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id).sort()).toEqual(['u0', 'u2', 'u4']);

		emu.state.reset({ ratePerSecond: 0 });
		const error = await upsertUsers(items).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/pay_sum.*item 2/);
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
		expect(emu.state.listRows('xiaoe_users')).toHaveLength(0);
	});

	it('1500 keys are looked up in at most 4 list calls and created 100 per call', async () => {
		await upsertUsers(users(1500));
		expect(calls(LIST)).toBeLessThanOrEqual(4);
		expect(calls(BATCH_CREATE)).toBe(15);
		emu.state.resetStats();
		const again = await upsertUsers(users(1500));
		expect(again.every((o) => o.json.action === 'unchanged')).toBe(true);
		expect(calls(LIST)).toBeLessThanOrEqual(4);
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
	});

	it('throttling (error 51) is retried with backoff and writes nothing twice', async () => {
		emu.state.setFaults({ throttleEveryNCalls: 2 });
		const out = await upsertUsers(users(320));
		expect(out.every((o) => o.json.action === 'created')).toBe(true);
		expect(emu.stats().throttled).toBeGreaterThan(0);
		const rows = emu.state.listRows('xiaoe_users');
		expect(rows).toHaveLength(320);
		expect(new Set(rows.map((r) => r.xiaoe_user_id)).size).toBe(320);
	});

	it('relations and numbers compare with what Mingdao reads back (no spurious updates)', async () => {
		const userIds = await seed('xiaoe_users', [{ xiaoe_user_id: 'u1' }, { xiaoe_user_id: 'u2' }]);
		const orders = [
			{ order_id: 'o1', amount: '12.50', buyer: userIds[0], order_state: '已完成', paid_at: '2026-11-25T10:00:00+08:00' },
			{ order_id: 'o2', amount: 3, buyer: [userIds[1]], order_state: '待付款' },
		];
		const params = { resource: 'row', operation: 'upsert', worksheet: ORDERS, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['order_id'] } };
		const first = await run(params, { items: orders });
		expect(first.map((o) => o.json.action)).toEqual(['created', 'created']);
		emu.state.resetStats();
		const again = await run(params, { items: orders });
		expect(again.map((o) => o.json.action)).toEqual(['unchanged', 'unchanged']);
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
		const read = await run({ resource: 'row', operation: 'getMany', worksheet: ORDERS, returnAll: true });
		expect(read[0].json).toMatchObject({ order_id: 'o1', amount: 12.5, buyer: [userIds[0]], order_state: '已完成', paid_at: '2026-11-25T10:00:00+08:00' });
	});
});

/** A worksheet with the field kinds the per-type operator table treats differently. */
const TASKS: MingdaoWorksheetDef = {
	alias: 'tasks',
	name: 'Tasks',
	childSection: 'Ops 运营',
	fields: [
		{ alias: 'task', name: '任务', type: 'Text', unique: true, isTitle: true },
		{ alias: 'points', name: '分数', type: 'Number' },
		{ alias: 'due', name: '截止', type: 'Date' },
		{ alias: 'done', name: '完成', type: 'Checkbox' },
		{ alias: 'stage', name: '阶段', type: 'SingleSelect', options: [{ value: '新' }, { value: '进行中' }, { value: '旧阶段', deleted: true }] },
		{ alias: 'secret', name: '内部', type: 'Text', hidden: true },
		{ alias: 'locked', name: '锁定', type: 'Text', readOnly: true },
	],
};
const TASKS_RL = { __rl: true, mode: 'id', value: 'tasks' };

describe('Mingdao node: the official per-type filters, structure and partial failures', () => {
	beforeEach(async () => {
		emu.state.reset({ ratePerSecond: 0, worksheets: [...DEMO_WORKSHEETS, TASKS] });
		await seed('tasks', Array.from({ length: 10 }, (_, i) => ({
			task: `t${i}`,
			points: i,
			due: `2026-03-${String(i + 1).padStart(2, '0')}`,
			done: i % 3 === 0,
			stage: [emu.state.optionKey('tasks', 'stage', i < 5 ? '新' : '进行中')],
		})));
	});
	const getMany = (conditions: IDataObject[], extra: IDataObject = {}) =>
		run({ resource: 'row', operation: 'getMany', worksheet: TASKS_RL, returnAll: true, filters: { conditions }, ...extra });
	const tasks = (out: INodeExecutionData[]) => out.map((o) => o.json.task);

	it('each field type takes the operators of its row in the table: checkbox empty/not empty, dates between', async () => {
		expect(tasks(await getMany([{ field: 'done', operator: 'isnotempty' }]))).toEqual(['t0', 't3', 't6', 't9']);
		expect(tasks(await getMany([{ field: 'done', operator: 'isempty' }])).length).toBe(6);
		expect(tasks(await getMany([{ field: 'due', operator: 'between', value: '2026-03-02,2026-03-04' }]))).toEqual(['t1', 't2', 't3']);
		expect(tasks(await getMany([{ field: 'due', operator: 'notbetween', value: '2026-03-02,2026-03-10' }]))).toEqual(['t0']);
		expect(tasks(await getMany([{ field: 'points', operator: 'ge', value: '8' }]))).toEqual(['t8', 't9']);
		expect(tasks(await getMany([{ field: 'points', operator: 'le', value: '1' }]))).toEqual(['t0', 't1']);
		expect(tasks(await getMany([{ field: 'task', operator: 'in', value: 't2,t7,t99' }]))).toEqual(['t2', 't7']);
		expect(tasks(await getMany([{ field: 'task', operator: 'notin', value: 't0,t1,t2,t3,t4,t5,t6,t7' }]))).toEqual(['t8', 't9']);
		expect(tasks(await getMany([{ field: 'stage', operator: 'in', value: '进行中' }, { field: 'points', operator: 'lt', value: '7' }]))).toEqual(['t5', 't6']);
		// Sorted, and the simplified output of a checkbox.
		const sorted = await getMany([], { sortField: 'points', sortAscending: false, limit: 1, returnAll: false });
		expect(sorted[0].json).toMatchObject({ task: 't9', done: true });
	});

	it('a combination the table does not list stops before any call, naming the condition, field and allowed operators', async () => {
		emu.state.resetStats();
		const error = await getMany([{ field: 'task', operator: 'eq', value: 't1' }, { field: 'done', operator: 'eq', value: 'true' }]).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Filters › condition 2: 完成 (done) is a Checkbox field: Mingdao does not accept "Equals" on it; use Is Empty, Is Not Empty (item 1)');
		const date = await getMany([{ field: 'due', operator: 'gt', value: '2026-03-05' }]).catch((e) => e);
		expect(date.message).toMatch(/截止 \(due\) is a Date field: .*use Between, Not Between/);
		expect(emu.stats().calls[LIST] ?? 0).toBe(0);
	});

	it('Get Fields and the mapper: isUnique, read-only and hidden fields, deleted options left out', async () => {
		const fields = await run({ resource: 'worksheet', operation: 'getFields', worksheet: TASKS_RL });
		const byAlias = Object.fromEntries(fields.map((o) => [o.json.alias, o.json]));
		expect(byAlias.task).toMatchObject({ isUnique: true, isTitle: true, isReadOnly: false, isHidden: false });
		expect(byAlias.secret).toMatchObject({ isHidden: true });
		expect(byAlias.locked).toMatchObject({ isReadOnly: true });
		expect(byAlias.due).toMatchObject({ type: 'Date', subType: 3 });
		expect((byAlias.stage.options as IDataObject[]).map((o) => o.label)).toEqual(['新', '进行中']);
		const bad = await run(
			{ resource: 'row', operation: 'create', worksheet: TASKS_RL, columns: { mappingMode: 'defineBelow', value: { task: 'x', stage: '旧阶段' } } },
			{ continueOnFail: true },
		);
		expect(bad[0].json.error).toMatch(/阶段 \(stage\).*valid: 新, 进行中/);
		const list = await run({ resource: 'worksheet', operation: 'list' });
		expect(list.find((o) => o.json.alias === 'tasks')!.json).toMatchObject({ section: 'Xiaoe Demo / Ops 运营' });
	});

	it('Upsert: a row Mingdao lists in failedRowIds is an error of its items, the others are updated', async () => {
		emu.state.resetStats();
		const locked = emu.state.listRows('tasks').find((r) => r.task === 't5')!.id as string;
		emu.state.setFaults({ refuseUpdateRowIds: [locked] });
		// t4, t5 (twice) and t6 need the same change: one PATCH rows/batch, which fails t5.
		const out = await run(
			{ resource: 'row', operation: 'upsert', worksheet: TASKS_RL, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['task'] } },
			{ items: [{ task: 't4', points: 60 }, { task: 't5', points: 60 }, { task: 't5', points: 60 }, { task: 't6', points: 60 }, { task: 'new' }], continueOnFail: true },
		);
		expect(emu.stats().calls[BATCH_UPDATE]).toBe(1);
		expect(out.map((o) => o.json.action ?? o.json.details)).toEqual([
			'updated',
			{ code: 'failedRowIds', description: expect.stringMatching(/no reason per row/) },
			{ code: 'failedRowIds', description: expect.any(String) },
			'updated',
			'created',
		]);
		expect(out[1].json.error).toBe(`Mingdao (明道云) API error failedRowIds: row ${locked} was not updated (Mingdao listed it in failedRowIds)`);
		const points = Object.fromEntries(emu.state.listRows('tasks').map((r) => [r.task, r.points]));
		expect([points.t4, points.t5, points.t6]).toEqual([60, 5, 60]);
		// Without Continue On Fail the node stops with that error.
		const stopped = await run(
			{ resource: 'row', operation: 'upsert', worksheet: TASKS_RL, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['task'] } },
			{ items: [{ task: 't4', points: 70 }, { task: 't5', points: 70 }] },
		).catch((e) => e);
		expect(stopped).toBeInstanceOf(NodeApiError);
		expect(stopped.message).toMatch(/was not updated/);
	});
});
