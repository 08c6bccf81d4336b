/**
 * The Mingdao emulator over real HTTP: auth, v3 rows, filters, validation, v2, faults, rate limit, control API.
 * Every v3 answer here also passes the emulator's own check against the official reference (see index.ts).
 */
import axios, { type AxiosInstance } from 'axios';
import { startMingdaoEmulator, type MingdaoEmulator, type MingdaoWorksheetDef } from './mingdao';

const KEY = { 'HAP-Appkey': 'emu_appkey', 'HAP-Sign': 'emu_sign' };
const V2 = { appKey: 'emu_appkey', sign: 'emu_sign' };

/** A worksheet with every supported type, for format and validation tests. */
const KITCHEN: MingdaoWorksheetDef[] = [
	{
		alias: 'people',
		name: 'People',
		fields: [{ alias: 'pname', name: 'Name', type: 'Text', isTitle: true }],
	},
	{
		alias: 'all_types',
		name: 'All types',
		fields: [
			{ alias: 'code', name: 'Code', type: 'Text', required: true, unique: true },
			{ alias: 'num', name: 'Num', type: 'Number' },
			{ alias: 'mail', name: 'Mail', type: 'Email' },
			{ alias: 'day', name: 'Day', type: 'Date' },
			{ alias: 'at', name: 'At', type: 'DateTime' },
			{ alias: 'tags', name: 'Tags', type: 'MultipleSelect', options: [{ key: 'k_a', value: 'A' }, { key: 'k_b', value: 'B' }, { key: 'k_old', value: 'Old', deleted: true }] },
			{ alias: 'drop', name: 'Drop', type: 'Dropdown', options: [{ value: 'X' }] },
			{ alias: 'done', name: 'Done', type: 'Checkbox' },
			{ alias: 'owner', name: 'Owner', type: 'Collaborator' },
			{ alias: 'person', name: 'Person', type: 'Relation', dataSource: 'people' },
			{ alias: 'seq', name: 'Seq', type: 'AutoNumber' },
			{ alias: 'calc', name: 'Calc', type: 'Formula' },
		],
	},
];

describe('Mingdao emulator', () => {
	let emu: MingdaoEmulator;
	let http: AxiosInstance;
	const ws = (alias: string) => `/v3/app/worksheets/${alias}`;
	const v2 = (op: string, body: object) => http.post(`/v2/open/worksheet/${op}`, { ...V2, ...body }).then((r) => r.data);

	beforeAll(async () => {
		emu = await startMingdaoEmulator();
		http = axios.create({ baseURL: emu.url, headers: KEY, validateStatus: () => true });
	});
	afterAll(() => emu.close());
	beforeEach(() => emu.state.reset());

	/** Worksheets of GET /v3/app: items of type 0 in sections and child sections. */
	const sheetsOf = (app: any): any[] =>
		app.sections.flatMap((s: any) => [...s.items.filter((i: any) => i.type === 0), ...sheetsOf({ sections: s.childSections ?? [] })]);

	const createUser = async (id: string, extra: object[] = []) => {
		const r = await http.post(`${ws('xiaoe_users')}/rows`, { fields: [{ id: 'xiaoe_user_id', value: id }, ...extra] });
		expect(r.data).toMatchObject({ success: true, error_code: 1 });
		return r.data.data.id as string;
	};

	test('auth: v3 headers and v2 body; errors are HTTP 200 envelopes', async () => {
		const bad = await http.get('/v3/app', { headers: { 'HAP-Appkey': 'nope', 'HAP-Sign': 'emu_sign' } });
		expect(bad.status).toBe(200);
		expect(bad.data).toEqual({ success: false, error_code: 10101, error_msg: 'AppKey 不存在: nope' });
		expect((await http.get('/v3/app', { headers: { 'HAP-Sign': 'wrong' } })).data.error_code).toBe(10102);
		expect((await http.post('/v2/open/worksheet/getWorksheetInfo', { appKey: 'emu_appkey', sign: 'x', worksheetId: 'xiaoe_users' })).data.error_code).toBe(10102);
		const app = (await http.get('/v3/app')).data;
		expect(app.success).toBe(true);
		expect(app.data.name).toBe('Xiaoe Demo');
		expect(sheetsOf(app.data).map((w: any) => w.alias)).toEqual(['xiaoe_users', 'xiaoe_orders', 'xiaoe_goods', 'xiaoe_courses']);
		// A custom page (type 1) and the child section's own item (type 2) sit beside the worksheets.
		expect(app.data.sections[0].items.map((i: any) => i.type)).toEqual([1, 0, 0, 2]);
		expect(app.data.sections[0].childSections[0].items.map((i: any) => i.alias)).toEqual(['xiaoe_goods', 'xiaoe_courses']);
		expect((await http.get('/v3/app/worksheets/nope')).data.error_code).toBe(10005);
	});

	test('structure by alias and id; ids stable across restarts', async () => {
		const s = (await http.get(ws('xiaoe_orders'))).data.data;
		expect(s.worksheetId).toMatch(/^[0-9a-f]{24}$/);
		expect(s).not.toHaveProperty('id');
		expect((await http.get(`/v3/app/worksheets/${s.worksheetId}`)).data.data).toEqual(s);
		const state = s.fields.find((f: any) => f.alias === 'order_state');
		expect(state.type).toBe('SingleSelect');
		expect(state.options.map((o: any) => o.value)).toEqual(['待付款', '待成交', '待发货', '已发货', '已完成', '已关闭']);
		expect(state.options[0]).toEqual({ key: expect.stringMatching(/^[0-9a-f-]{36}$/), value: '待付款', index: '1', isDeleted: 'false' });
		const buyer = s.fields.find((f: any) => f.alias === 'buyer');
		expect(buyer.dataSource).toBe(emu.state.getWorksheet('xiaoe_users')!.worksheetId);
		expect(s.fields.find((f: any) => f.alias === 'order_id')).toMatchObject({ isTitle: true, isUnique: true, isReadOnly: false, isHidden: false, type: 'Text' });
		expect(s.fields.find((f: any) => f.alias === 'created_at')).toMatchObject({ type: 'DateTime', subType: 6 });
		const other = await startMingdaoEmulator();
		try {
			expect(other.state.getWorksheet('xiaoe_orders')).toEqual(s);
		} finally {
			await other.close();
		}
	});

	test('create and read back: v3 read formats', async () => {
		const userId = await createUser('u_1', [{ id: 'nickname', value: '小鹅' }]);
		expect(userId).toMatch(/^[0-9a-f-]{36}$/);
		const paid = emu.state.optionKey('xiaoe_orders', 'order_state', '已完成')!;
		const r = await http.post(`${ws('xiaoe_orders')}/rows`, {
			fields: [
				{ id: 'order_id', value: 'o_1' },
				{ id: 'amount', value: 12.5 },
				{ id: 'order_state', value: [paid] },
				{ id: 'created_at', value: '2024-05-01 10:00:00' },
				{ id: 'buyer', value: [userId] },
			],
			triggerWorkflow: false,
		});
		const rowId = r.data.data.id;
		const row = (await http.get(`${ws('xiaoe_orders')}/rows/${rowId}`)).data.data;
		expect(row).toMatchObject({
			id: rowId,
			_createdBy: { accountId: 'user-api', fullname: 'API' },
			_owner: { accountId: 'user-undefined' },
			order_id: 'o_1',
			amount: '12.5',
			order_state: [{ key: paid, value: '已完成' }],
			created_at: '2024-05-01 10:00:00',
			buyer: [{ sid: userId, name: 'u_1' }],
			title: '',
		});
		expect(row._createdAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		expect(row).not.toHaveProperty('rowid');
		// As stored: canonical values keyed by alias.
		expect(emu.state.listRows('xiaoe_orders')[0]).toMatchObject({ amount: 12.5, order_state: [paid], buyer: [userId] });
		const byId = (await http.post(`${ws('xiaoe_orders')}/rows/list`, { pageIndex: 1, pageSize: 10, useFieldIdAsKey: true, fields: ['order_id'] })).data.data;
		const orderIdField = emu.state.getWorksheet('xiaoe_orders')!.fields[0].id;
		expect(Object.keys(byId.rows[0]).sort()).toEqual(['_createdAt', '_createdBy', '_owner', '_updatedAt', '_updatedBy', orderIdField, 'id'].sort());
	});

	test('all field types: write forms, read forms, read-only fields', async () => {
		await emu.state.reset({ worksheets: KITCHEN });
		const [p] = (await http.post(`${ws('people')}/rows/batch`, { rows: [{ fields: [{ id: 'pname', value: 'Ann' }] }] })).data.data.rowIds;
		const r = await http.post(`${ws('all_types')}/rows`, {
			fields: [
				{ id: 'code', value: 'c1' },
				{ id: 'num', value: '3.25' },
				{ id: 'mail', value: 'a@b.cn' },
				{ id: 'day', value: '2024-02-29' },
				{ id: 'at', value: '2024-02-29 08:05' },
				{ id: 'tags', value: ['k_a', 'k_b'] },
				{ id: 'done', value: true },
				{ id: 'owner', value: ['acc_2'] },
				{ id: 'person', value: [p] },
			],
		});
		expect(r.data.success).toBe(true);
		const row = (await http.get(`${ws('all_types')}/rows/${r.data.data.id}`)).data.data;
		expect(row).toMatchObject({
			num: '3.25',
			day: '2024-02-29',
			at: '2024-02-29 08:05:00',
			tags: [{ key: 'k_a', value: 'A' }, { key: 'k_b', value: 'B' }],
			drop: [],
			done: '1',
			owner: [{ accountId: 'acc_2', name: '李四' }],
			person: [{ sid: p, name: 'Ann' }],
			seq: '1',
			calc: '',
		});
		const err = async (fields: object[]) => (await http.post(`${ws('all_types')}/rows`, { fields: [{ id: 'code', value: 'cx' }, ...fields] })).data;
		for (const f of [
			{ id: 'seq', value: 5 },
			{ id: 'calc', value: 'x' },
			{ id: 'num', value: 'abc' },
			{ id: 'day', value: '2024-02-30' },
			{ id: 'at', value: '2024-02-01T10:00:00Z' },
			{ id: 'tags', value: ['A'] },
			{ id: 'tags', value: ['k_old'] },
			{ id: 'owner', value: ['acc_99'] },
			{ id: 'done', value: 'yes' },
			{ id: 'mail', value: 'not-mail' },
			{ id: 'nope', value: 1 },
		]) {
			const e = await err([f]);
			expect([f.id, e.error_code]).toEqual([f.id, 10002]);
			expect(e.error_msg).toContain(f.id);
		}
		expect((await http.post(`${ws('all_types')}/rows`, { fields: [{ id: 'num', value: 1 }] })).data.error_code).toBe(430019);
		expect((await err([])).success).toBe(true);
		expect((await err([])).error_code).toBe(100005);
	});

	test('checkbox and multi-select filters follow the per-type table; structure flags', async () => {
		await emu.state.reset({ worksheets: KITCHEN });
		for (const [code, done, tags] of [['a', true, ['k_a']], ['b', false, ['k_a', 'k_b']], ['c', true, []]] as const) {
			await http.post(`${ws('all_types')}/rows`, { fields: [{ id: 'code', value: code }, { id: 'done', value: done }, { id: 'tags', value: tags }] });
		}
		const q = async (operator: string, field: string, value?: string[]) => {
			const r = await http.post(`${ws('all_types')}/rows/list`, { pageIndex: 1, pageSize: 10, filter: { type: 'group', logic: 'AND', children: [{ type: 'condition', field, operator, value }] } });
			return r.data.success ? r.data.data.rows.map((x: any) => x.code) : r.data.error_code;
		};
		expect(await q('isnotempty', 'done')).toEqual(['a', 'c']);
		expect(await q('isempty', 'done')).toEqual(['b']);
		expect(await q('eq', 'done', ['1'])).toBe(10001);
		expect(await q('concurrent', 'tags', ['k_a', 'k_b'])).toEqual(['b']);
		expect(await q('in', 'tags', ['k_b'])).toEqual(['b']);
		expect(await q('isempty', 'tags')).toEqual(['c']);
		expect(await q('isempty', 'seq')).toEqual([]); // AutoNumber: "same as Text"
		const s = (await http.get(ws('all_types'))).data.data;
		expect(s.fields.find((f: any) => f.alias === 'tags').options[2]).toEqual({ key: 'k_old', value: 'Old', index: '3', isDeleted: 'true' });
		expect(s.fields.find((f: any) => f.alias === 'person')).toMatchObject({ type: 'Relation', subType: 2, dataSource: emu.state.getWorksheet('people')!.worksheetId, sourceField: '' });
	});

	test('error styles: the three forms of a failed call', async () => {
		const missing = () => http.get(`${ws('xiaoe_users')}/rows/nope`).then((r) => r.data);
		expect(await missing()).toEqual({ success: false, error_code: 10007, error_msg: '记录不存在或已删除: nope' });
		emu.state.setFaults({ errorStyle: 'code_msg' });
		expect(await missing()).toEqual({ success: false, code: 10007, msg: '记录不存在或已删除: nope', data: {} });
		emu.state.setFaults({ errorStyle: 'errorCode' });
		expect(await missing()).toEqual({ errorCode: 10007, errorMsg: '记录不存在或已删除: nope' });
		expect(emu.state.contract.violations.filter((v) => v.kind === 'response')).toEqual([]);
	});

	test('validation errors name the field; unique and relation checks', async () => {
		const u = await createUser('u_1');
		const dup = await http.post(`${ws('xiaoe_users')}/rows`, { fields: [{ id: 'xiaoe_user_id', value: 'u_1' }] });
		expect(dup.data).toMatchObject({ success: false, error_code: 100005 });
		expect(dup.data.error_msg).toContain('xiaoe_user_id');
		const label = await http.post(`${ws('xiaoe_orders')}/rows`, { fields: [{ id: 'order_state', value: ['已完成'] }] });
		expect(label.data.error_code).toBe(10002);
		expect(label.data.error_msg).toContain('order_state');
		const rel = await http.post(`${ws('xiaoe_orders')}/rows`, { fields: [{ id: 'buyer', value: ['00000000-0000-0000-0000-000000000000'] }] });
		expect(rel.data.error_code).toBe(10002);
		expect(rel.data.error_msg).toContain('buyer');
		expect((await http.post(`${ws('xiaoe_orders')}/rows`, { fields: 'x' })).data.error_code).toBe(10001);
		// Updating a row to its own unique value is fine; to another row's is not.
		const u2 = await createUser('u_2');
		expect((await http.patch(`${ws('xiaoe_users')}/rows/${u}`, { fields: [{ id: 'xiaoe_user_id', value: 'u_1' }] })).data.success).toBe(true);
		expect((await http.patch(`${ws('xiaoe_users')}/rows/${u2}`, { fields: [{ id: 'xiaoe_user_id', value: 'u_1' }] })).data.error_code).toBe(100005);
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id)).toEqual(['u_1', 'u_2']);
	});

	test('batch create: ≤100, all-or-nothing, stats count one write', async () => {
		const rows = (n: number, from = 0) =>
			Array.from({ length: n }, (_, i) => ({ fields: [{ id: 'goods_id', value: `g_${from + i}` }, { id: 'price', value: i }] }));
		emu.state.resetStats();
		const r = await http.post(`${ws('xiaoe_goods')}/rows/batch`, { rows: rows(80), triggerWorkflow: false });
		expect(r.data.data.rowIds).toHaveLength(80);
		const s = emu.stats();
		expect(s.writes).toEqual({ create: 1, update: 0, delete: 0 });
		expect(s.rowsCreated).toBe(80);
		expect(s.calls['POST /v3/app/worksheets/:id/rows/batch']).toBe(1);
		expect((await http.post(`${ws('xiaoe_goods')}/rows/batch`, { rows: rows(101, 100) })).data.error_code).toBe(10001);
		// One duplicate inside the batch (g_200 twice) → nothing is written.
		const bad = [...rows(3, 200), ...rows(1, 200)];
		expect((await http.post(`${ws('xiaoe_goods')}/rows/batch`, { rows: bad })).data.error_code).toBe(100005);
		expect(emu.state.listRows('xiaoe_goods')).toHaveLength(80);
	});

	test('list: paging, sorts, total, search, page size limit', async () => {
		await http.post(`${ws('xiaoe_goods')}/rows/batch`, {
			rows: Array.from({ length: 25 }, (_, i) => ({ fields: [{ id: 'goods_id', value: `g_${i}` }, { id: 'price', value: i % 5 }, { id: 'title', value: i === 7 ? 'Special 课程' : 't' }] })),
		});
		const list = (body: object) => http.post(`${ws('xiaoe_goods')}/rows/list`, { pageIndex: 1, pageSize: 50, ...body }).then((r) => r.data);
		const p3 = (await list({ pageIndex: 3, pageSize: 10, includeTotalCount: true })).data;
		expect(p3.total).toBe('25'); // a string, as the reference's schema types it
		expect((await list({ pageIndex: 1, pageSize: 10 })).data).not.toHaveProperty('total');
		expect(p3.rows.map((r: any) => r.goods_id)).toEqual(['g_20', 'g_21', 'g_22', 'g_23', 'g_24']);
		const sorted = (await list({ sorts: [{ field: 'price', isAsc: false }, { field: 'goods_id', isAsc: true }], pageSize: 3 })).data;
		expect(sorted.rows.map((r: any) => r.goods_id)).toEqual(['g_14', 'g_19', 'g_24']);
		expect((await list({ search: 'special' })).data.rows.map((r: any) => r.goods_id)).toEqual(['g_7']);
		expect((await list({ pageSize: 1001 })).error_code).toBe(10001);
		expect((await list({ pageIndex: 0 })).error_code).toBe(10001);
	});

	test('v3 filters: in with hundreds of keys, groups, operators', async () => {
		const users: string[] = [];
		for (let i = 0; i < 3; i++) users.push(await createUser(`u_${i}`));
		const keys = Object.fromEntries(['待付款', '已完成', '已关闭'].map((l) => [l, emu.state.optionKey('xiaoe_orders', 'order_state', l)!]));
		const states = ['待付款', '已完成', '已关闭'];
		await http.post(`${ws('xiaoe_orders')}/rows/batch`, {
			rows: Array.from({ length: 30 }, (_, i) => ({
				fields: [
					{ id: 'order_id', value: `o_${i}` },
					{ id: 'amount', value: i * 10 },
					{ id: 'order_state', value: [keys[states[i % 3]]] },
					{ id: 'created_at', value: `2024-05-${String(i + 1).padStart(2, '0')} 12:00:00` },
					{ id: 'buyer', value: i < 29 ? [users[i % 3]] : [] },
					{ id: 'title', value: i % 2 ? `Course ${i}` : '' },
				],
			})),
		});
		const q = async (children: object[], logic = 'AND') => {
			const r = await http.post(`${ws('xiaoe_orders')}/rows/list`, { filter: { type: 'group', logic, children }, pageIndex: 1, pageSize: 1000 });
			if (!r.data.success) return r.data.error_code as number;
			return r.data.data.rows.map((x: any) => x.order_id as string);
		};
		const c = (field: string, operator: string, value?: string[]) => ({ type: 'condition', field, operator, value });
		// The upsert lookup: hundreds of keys in one eq condition (Text has no `in` in the official table).
		const many = Array.from({ length: 500 }, (_, i) => `o_${i * 7}`);
		expect(await q([c('order_id', 'eq', many)])).toEqual(['o_0', 'o_7', 'o_14', 'o_21', 'o_28']);
		expect(await q([c('order_id', 'in', many)])).toBe(10001);
		expect(await q([c('order_id', 'eq', ['o_3'])])).toEqual(['o_3']);
		expect((await q([c('order_id', 'ne', many)])).length).toBe(25);
		expect(await q([c('amount', 'gt', ['250'])])).toEqual(['o_26', 'o_27', 'o_28', 'o_29']);
		expect(await q([c('amount', 'ge', ['270'])])).toEqual(['o_27', 'o_28', 'o_29']);
		expect(await q([c('amount', 'le', ['10'])])).toEqual(['o_0', 'o_1']);
		expect(await q([c('amount', 'gte', ['270'])])).toBe(10001); // v3 says ge/le
		expect(await q([c('amount', 'between', ['10', '30'])])).toEqual(['o_1', 'o_2', 'o_3']);
		expect(await q([c('amount', 'eq', ['20', '40.0'])])).toEqual(['o_2', 'o_4']);
		expect(await q([c('amount', 'in', ['20'])])).toBe(10001);
		expect(await q([c('amount', 'gt', [250 as any])])).toBe(10001); // values are strings
		expect((await q([c('order_state', 'eq', [keys['已关闭']])])).length).toBe(10);
		expect(await q([c('order_state', 'eq', ['已关闭'])])).toEqual([]); // labels do not match: keys only
		expect((await q([c('order_state', 'in', [keys['已关闭'], keys['待付款']])])).length).toBe(20);
		expect(await q([c('order_state', 'contains', [keys['已关闭']])])).toBe(10001);
		expect((await q([c('buyer', 'in', [users[1]])])).length).toBe(10);
		expect(await q([c('buyer', 'isempty')])).toEqual(['o_29']);
		expect((await q([c('title', 'isempty')])).length).toBe(15);
		expect(await q([c('title', 'contains', ['course 1'])])).toEqual(['o_1', 'o_11', 'o_13', 'o_15', 'o_17', 'o_19']);
		// Dates: between / notbetween only.
		expect(await q([c('created_at', 'between', ['2024-05-02', '2024-05-03'])])).toEqual(['o_1', 'o_2']);
		expect((await q([c('created_at', 'notbetween', ['2024-05-02', '2024-05-30'])]))).toEqual(['o_0']);
		expect(await q([c('created_at', 'eq', ['2024-05-03'])])).toBe(10001);
		expect(await q([c('created_at', 'ge', ['2024-05-29'])])).toBe(10001);
		expect(await q([c('utime', 'between', ['2000-01-01', '2999-01-01'])])).toHaveLength(30);
		const row0 = emu.state.listRows('xiaoe_orders')[0].id as string;
		expect(await q([c('rowid', 'in', [row0])])).toEqual(['o_0']);
		// Nested OR of ANDs.
		const nested = await q(
			[
				{ type: 'group', logic: 'AND', children: [c('amount', 'lt', ['20']), c('order_state', 'eq', [keys['待付款']])] },
				{ type: 'group', logic: 'AND', children: [c('order_id', 'startswith', ['o_2']), c('amount', 'ge', ['280'])] },
			],
			'OR',
		);
		expect(nested).toEqual(['o_0', 'o_28', 'o_29']);
		// Errors.
		expect(await q([c('order_id', 'like', ['x'])])).toBe(10001);
		expect(await q([c('nope', 'eq', ['x'])])).toBe(10001);
		expect(await q([c('order_id', 'eq', 'o_1' as any)])).toBe(10001);
		expect(await q([c('order_id', 'eq', ['o_1']), { type: 'group', logic: 'AND', children: [] }])).toBe(10001);
		const deep = { type: 'group', logic: 'AND', children: [{ type: 'group', logic: 'AND', children: [c('order_id', 'eq', ['o_1'])] }] };
		expect(await q([deep])).toBe(10001);
	});

	test('update single and batch (same values), delete single and batch, stats', async () => {
		const ids = (await http.post(`${ws('xiaoe_courses')}/rows/batch`, {
			rows: ['r1', 'r2', 'r3', 'r4'].map((id) => ({ fields: [{ id: 'resource_id', value: id }] })),
		})).data.data.rowIds as string[];
		emu.state.resetStats();
		expect((await http.patch(`${ws('xiaoe_courses')}/rows/${ids[0]}`, { fields: [{ id: 'title', value: 'A' }] })).data).toMatchObject({ success: true, data: { id: ids[0] } });
		expect((await http.patch(`${ws('xiaoe_courses')}/rows/batch`, { rowIds: ids.slice(1), fields: [{ id: 'price', value: 9.9 }] })).data.data).toEqual({
			successfulRowIds: ids.slice(1),
			failedRowIds: [],
		});
		expect(emu.state.listRows('xiaoe_courses').map((r) => [r.title, r.price])).toEqual([['A', null], [null, 9.9], [null, 9.9], [null, 9.9]]);
		// A missing row fails alone; a refused row (fault) likewise; the others are updated.
		emu.state.setFaults({ refuseUpdateRowIds: [ids[1]] });
		const partial = await http.patch(`${ws('xiaoe_courses')}/rows/batch`, { rowIds: [ids[0], 'missing', ids[1]], fields: [{ id: 'price', value: 1 }] });
		expect(partial.data).toMatchObject({ success: true, data: { successfulRowIds: [ids[0]], failedRowIds: ['missing', ids[1]] } });
		emu.state.setFaults({ refuseUpdateRowIds: [] });
		expect(emu.state.listRows('xiaoe_courses').map((r) => r.price)).toEqual([1, 9.9, 9.9, 9.9]);
		expect((await http.patch(`${ws('xiaoe_courses')}/rows/batch`, { rowIds: ids, fields: [{ id: 'resource_id', value: 'same' }] })).data.error_code).toBe(100005);
		expect((await http.delete(`${ws('xiaoe_courses')}/rows/${ids[0]}`)).data.success).toBe(true);
		expect((await http.get(`${ws('xiaoe_courses')}/rows/${ids[0]}`)).data.error_code).toBe(10007);
		expect((await http.delete(`${ws('xiaoe_courses')}/rows/${ids[0]}`)).data.error_code).toBe(10007);
		expect((await http.delete(`${ws('xiaoe_courses')}/rows/batch`, { data: { rowIds: ids.slice(1, 3), permanent: true } })).data.success).toBe(true);
		expect(emu.state.listRows('xiaoe_courses').map((r) => r.resource_id)).toEqual(['r4']);
		const s = emu.stats();
		expect(s.writes).toEqual({ create: 0, update: 3, delete: 2 });
		expect([s.rowsUpdated, s.rowsDeleted, s.reads]).toEqual([5, 3, 0]);
		expect(s.calls['PATCH /v3/app/worksheets/:id/rows/batch']).toBe(3);
		expect(s.calls['GET /v3/app/worksheets/:id/rows/:rowId']).toBe(1);
	});

	test('v2: info, add, filter, edit, delete, get', async () => {
		const info = await v2('getWorksheetInfo', { worksheetId: 'xiaoe_orders' });
		expect(info.success).toBe(true);
		const ctl = (alias: string) => info.data.controls.find((x: any) => x.alias === alias);
		expect(ctl('amount').type).toBe(8);
		expect(ctl('order_state').type).toBe(9);
		const done = ctl('order_state').options.find((o: any) => o.value === '已完成').key;
		const user = await v2('addRow', { worksheetId: 'xiaoe_users', controls: [{ controlId: 'xiaoe_user_id', value: 'u_1' }] });
		const id = await v2('addRow', {
			worksheetId: 'xiaoe_orders',
			controls: [
				{ controlId: 'order_id', value: 'o_1' },
				{ controlId: 'amount', value: '666.66' },
				{ controlId: 'order_state', value: done },
				{ controlId: 'buyer', value: JSON.stringify([user.data]) },
			],
		});
		expect(id.data).toMatch(/^[0-9a-f-]{36}$/);
		const added = await v2('addRows', {
			worksheetId: 'xiaoe_orders',
			returnRowIds: true,
			rows: [2, 3, 4].map((n) => [{ controlId: 'order_id', value: `o_${n}` }, { controlId: 'amount', value: String(n) }]),
		});
		expect(added.data).toHaveLength(3);
		const rows = await v2('getFilterRows', {
			worksheetId: 'xiaoe_orders',
			pageSize: 10,
			pageIndex: 1,
			listType: 1,
			filters: [
				{ controlId: 'amount', dataType: 8, spliceType: 1, filterType: 13, value: '2' },
				{ controlId: 'order_id', dataType: 2, spliceType: 2, filterType: 2, value: 'o_1' },
			],
		});
		expect(rows.data.total).toBe(3);
		const first = rows.data.rows[0];
		expect(first[ctl('order_id').controlId]).toBe('o_1');
		expect(first[ctl('amount').controlId]).toBe('666.66');
		expect(JSON.parse(first[ctl('order_state').controlId])).toEqual([done]);
		expect(JSON.parse(first[ctl('buyer').controlId])).toEqual([{ sid: user.data, name: 'u_1' }]);
		expect((await v2('getFilterRows', { worksheetId: 'xiaoe_orders', filters: [{ controlId: 'order_state', filterType: 2, value: done }] })).data.total).toBe(1);
		expect((await v2('getFilterRows', { worksheetId: 'xiaoe_orders', pageSize: 5000 })).error_code).toBe(10001);
		expect((await v2('editRow', { worksheetId: 'xiaoe_orders', rowId: id.data, controls: [{ controlId: 'title', value: 'T' }] })).data).toBe(true);
		expect((await v2('editRows', { worksheetId: 'xiaoe_orders', rowIds: added.data, controls: [{ controlId: 'title', value: 'B' }] })).data).toBe(true);
		const got = await v2('getRowByIdPost', { worksheetId: 'xiaoe_orders', rowId: id.data });
		expect(got.data[ctl('title').controlId]).toBe('T');
		expect((await v2('deleteRow', { worksheetId: 'xiaoe_orders', rowId: added.data.slice(0, 2).join(',') })).data).toBe(true);
		expect(emu.state.listRows('xiaoe_orders').map((r) => [r.order_id, r.title])).toEqual([['o_1', 'T'], ['o_4', 'B']]);
		expect((await v2('getRowByIdPost', { worksheetId: 'xiaoe_orders', rowId: added.data[0] })).error_code).toBe(10007);
		expect((await v2('addRow', { worksheetId: 'nope', controls: [] })).error_code).toBe(10005);
	});

	test('rate limit: over ratePerSecond answers 51 and counts throttled', async () => {
		emu.state.reset({ ratePerSecond: 5 });
		const codes = [];
		for (let i = 0; i < 7; i++) codes.push((await http.get('/v3/app')).data.error_code);
		expect(codes).toEqual([1, 1, 1, 1, 1, 51, 51]);
		expect(emu.stats().throttled).toBe(2);
		expect((await http.get('/v3/app')).data.error_msg).toBe('请求过于频繁');
		await new Promise((r) => setTimeout(r, 1050));
		expect((await http.get('/v3/app')).data.error_code).toBe(1);
	});

	test('faults: 502 every N calls, throttle every N, latency', async () => {
		emu.state.setFaults({ serverErrorEveryNCalls: 2 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await http.get('/v3/app')).status);
		expect(statuses).toEqual([200, 502, 200, 502]);
		emu.state.setFaults({ serverErrorEveryNCalls: 0, throttleEveryNCalls: 3, latencyMs: 40 });
		const t0 = Date.now();
		const codes = [];
		for (let i = 0; i < 3; i++) codes.push((await http.get('/v3/app')).data.error_code);
		expect(codes).toEqual([1, 1, 51]);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
	});

	test('test control: listBarrier holds list answers until that many wait; maxConcurrent counts overlaps', async () => {
		const list = () => http.post('/v3/app/worksheets/xiaoe_users/rows/list', { pageIndex: 1, pageSize: 10 });
		emu.state.setFaults({ listBarrier: 2, latencyMs: 0 });
		emu.state.resetStats();
		const t0 = Date.now();
		const [a, b] = await Promise.all([list(), new Promise((r) => setTimeout(r, 300)).then(list)]);
		expect([a.data.error_code, b.data.error_code]).toEqual([1, 1]);
		// The first waited for the second (sent 300 ms later), not for the 3 s timeout.
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		expect(Date.now() - t0).toBeLessThan(2500);
		expect(emu.stats().maxConcurrent).toBe(2);
		const alone = Date.now();
		expect((await list()).data.error_code).toBe(1);
		expect(Date.now() - alone).toBeGreaterThanOrEqual(2900);
		emu.state.setFaults({ listBarrier: 0 });
	});

	test('control API over HTTP, never counted in stats', async () => {
		const ctl = axios.create({ baseURL: emu.url.replace(/\/api$/, '/__emulator'), validateStatus: () => true });
		await createUser('u_1');
		expect((await ctl.get('/worksheets')).data.map((w: any) => w.alias)).toContain('xiaoe_users');
		expect((await ctl.get('/worksheets/xiaoe_users/rows')).data).toEqual([expect.objectContaining({ xiaoe_user_id: 'u_1' })]);
		expect((await ctl.get('/worksheets/nope/rows')).status).toBe(404);
		const seeded = await ctl.post('/worksheets/xiaoe_users/rows', { rows: [{ xiaoe_user_id: 'u_2', pay_sum: '3' }] });
		expect(seeded.data.rowIds).toHaveLength(1);
		const stats = (await ctl.get('/stats')).data;
		expect(stats.writes.create).toBe(1);
		expect(stats.calls).toEqual({ 'POST /v3/app/worksheets/:id/rows': 1 });
		await ctl.post('/reset-stats');
		expect((await ctl.get('/stats')).data.calls).toEqual({});
		expect((await ctl.post('/faults', { throttleEveryNCalls: 1 })).data).toMatchObject({ throttleEveryNCalls: 1, latencyMs: 0 });
		expect((await http.get('/v3/app')).data.error_code).toBe(51);
		await ctl.post('/reset', { appKey: 'other', worksheets: KITCHEN });
		expect((await http.get('/v3/app')).data.error_code).toBe(10101);
		const other = await http.get('/v3/app', { headers: { 'HAP-Appkey': 'other' } });
		expect(sheetsOf(other.data.data).map((w: any) => w.alias)).toEqual(['people', 'all_types']);
		expect((await ctl.get('/worksheets/xiaoe_users/rows')).status).toBe(404);
	});
});
