/**
 * Mingdao Create or Update (upsert) on n8n-core (see test/support/engine) against the Mingdao emulator over HTTP:
 * batching, unchanged rows, partial failures, and issue 15's strict values, normalised keys and concurrent runs.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';
import { DEMO_WORKSHEETS, startMingdaoEmulator } from '../../emulators/mingdao';
import type { MingdaoEmulator, MingdaoWorksheetDef } from '../../emulators/mingdao';
import { runMethod, runNode, runWorkflow } from '../../support/engine';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { retryPolicy } from '../../../nodes/core/retry';

let emu: MingdaoEmulator;
let credentials: { mingdaoApi: IDataObject };

/** Two worksheets keyed by `key`: unique in one (不允许重复), not in the other. */
const RACE: MingdaoWorksheetDef[] = [
	{ alias: 'race_unique', name: 'Race (unique key)', fields: [{ alias: 'key', name: 'Key', type: 'Text', unique: true }, { alias: 'n', name: 'N', type: 'Number' }] },
	{ alias: 'race_plain', name: 'Race (plain key)', fields: [{ alias: 'key', name: 'Key', type: 'Text' }, { alias: 'n', name: 'N', type: 'Number' }] },
];
const WORKSHEETS = [...DEMO_WORKSHEETS, ...RACE];

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	emu = await startMingdaoEmulator({ ratePerSecond: 0, worksheets: WORKSHEETS });
	credentials = { mingdaoApi: { baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500 } };
});
afterAll(async () => {
	const violations = emu.state.contract.violations;
	await emu.close();
	expect(violations).toEqual([]);
});
beforeEach(() => emu.state.reset({ ratePerSecond: 0, worksheets: WORKSHEETS }));

const USERS = { __rl: true, mode: 'id', value: 'xiaoe_users' };
const ORDERS = { __rl: true, mode: 'id', value: 'xiaoe_orders' };
const SOURCES = ['微信', '手机号', 'H5', '其他'];
const upsertParameters = {
	resource: 'row',
	operation: 'upsert',
	worksheet: USERS,
	columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['xiaoe_user_id'] },
};
const actions = (out: INodeExecutionData[]) => out.map((o) => o.json.action ?? o.json.error);
const run = (parameters: IDataObject, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
	runNode(Mingdao, parameters, { ...options, credentials, timezone: 'Asia/Shanghai' });
const upsertUsers = (items: IDataObject[], continueOnFail = false) => run(upsertParameters, { items, continueOnFail });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error & IDataObject) => e);
const calls = (key: string) => emu.stats().calls[key] ?? 0;
const LIST = 'POST /v3/app/worksheets/:id/rows/list';
const BATCH_CREATE = 'POST /v3/app/worksheets/:id/rows/batch';

async function seed(worksheet: string, rows: IDataObject[]): Promise<string[]> {
	const r = await axios.post(`${emu.url.replace(/\/api$/, '')}/__emulator/worksheets/${worksheet}/rows`, { rows });
	emu.state.resetStats();
	return r.data.rowIds as string[];
}

describe('Create or Update on n8n-core', () => {
	const users = (n: number, extra: (i: number) => IDataObject = () => ({})) =>
		Array.from({ length: n }, (_, i) => ({
			xiaoe_user_id: `u${i}`,
			nickname: `Nick ${i}`,
			pay_sum: i * 1.5,
			source: SOURCES[i % 4],
			user_created_at: '2026-11-25T10:00:00+08:00',
			...extra(i),
		}));

	it('Put Result in Field: each output item is its input item with the row result under the field', async () => {
		const items = users(3);
		const out = await run({ ...upsertParameters, options: { putResultInField: 'mingdaoUser' } }, { items });
		expect(out.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const rows = emu.state.listRows('xiaoe_users');
		out.forEach((o, i) => {
			const { mingdaoUser, ...rest } = o.json as IDataObject & { mingdaoUser: IDataObject };
			expect(rest).toEqual(items[i]);
			expect(mingdaoUser).toMatchObject({ action: 'created', match: { field: 'xiaoe_user_id', value: `u${i}` } });
			expect(rows.find((r) => r.xiaoe_user_id === `u${i}`)?.id).toBe(mingdaoUser.id);
		});
	});

	it('from items: creates, then a re-run changes nothing', async () => {
		const items = users(12);
		const first = await upsertUsers(items);
		expect(actions(first)).toEqual(Array(12).fill('created'));
		expect(first.map((o) => o.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		const rows = emu.state.listRows('xiaoe_users');
		expect(rows.map((r) => r.xiaoe_user_id).sort()).toEqual(items.map((u) => u.xiaoe_user_id).sort());
		expect(rows.find((r) => r.xiaoe_user_id === 'u3')).toMatchObject({ nickname: 'Nick 3', pay_sum: 4.5 });

		emu.state.resetStats();
		const again = await upsertUsers(items);
		expect(actions(again)).toEqual(Array(12).fill('unchanged'));
		expect(again.map((o) => o.json.id)).toEqual(first.map((o) => o.json.id));
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

		emu.state.reset({ ratePerSecond: 0, worksheets: WORKSHEETS });
		const error = await failure(upsertUsers(items));
		expect(error).toMatchObject({ name: 'NodeOperationError', message: expect.stringMatching(/pay_sum.*item 2/) });
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

describe('issue 15: no silent wrong writes', () => {
	/** The mapper as the editor saves it: the columns (and their types) from getMappingColumns, values below. */
	async function definedBelow(value: IDataObject): Promise<IDataObject> {
		const parameters = { ...upsertParameters, columns: { mappingMode: 'defineBelow', value: null, matchingColumns: ['xiaoe_user_id'] } };
		const { fields } = await runMethod<{ fields: IDataObject[] }>(Mingdao, 'resourceMapping', 'getMappingColumns', parameters, { credentials });
		return { ...upsertParameters, columns: { mappingMode: 'defineBelow', value, matchingColumns: ['xiaoe_user_id'], schema: fields } };
	}

	it('"1e400", 20-digit numbers, plain numbers in date fields: errors naming field and item; the row keeps its values', async () => {
		await seed('xiaoe_users', [{ xiaoe_user_id: 'u1', pay_sum: 5, user_created_at: '2026-01-01 08:00:00' }]);
		const parameters = await definedBelow({ xiaoe_user_id: '={{ $json.id }}', pay_sum: '={{ $json.pay }}', user_created_at: '={{ $json.at }}' });
		// The mapper's column types are text for numbers and dates: n8n passes the values on unconverted.
		expect((parameters.columns as { schema: IDataObject[] }).schema.filter((f) => ['pay_sum', 'user_created_at'].includes(String(f.id)))).toEqual([
			expect.objectContaining({ id: 'pay_sum', type: 'string' }),
			expect.objectContaining({ id: 'user_created_at', type: 'string' }),
		]);
		const items = [
			{ id: 'u1', pay: '1e400' },
			{ id: 'u1', pay: '12345678901234567890' },
			{ id: 'u1', at: 20251201 },
			{ id: 'u1', at: '45992' },
			{ id: 'u1', at: '20251201' },
		];
		const out = await run(parameters, { items, continueOnFail: true });
		expect(out.map((o) => o.json.error)).toEqual([
			expect.stringMatching(/^Field 累计消费 \(pay_sum\): "1e400" is out of range: expected a number .*\(item 1\)$/),
			expect.stringMatching(/^Field 累计消费 \(pay_sum\): "12345678901234567890" cannot be kept exactly .*\(item 2\)$/),
			expect.stringMatching(/^Field 注册时间 \(user_created_at\): 20251201 is a plain number.*\(item 3\)$/),
			expect.stringMatching(/^Field 注册时间 \(user_created_at\): "45992" is a plain number.*\(item 4\)$/),
			expect.stringMatching(/^Field 注册时间 \(user_created_at\): "20251201" is a plain number.*\(item 5\)$/),
		]);
		expect(emu.stats().writes).toEqual({ create: 0, update: 0, delete: 0 });
		expect(emu.state.listRows('xiaoe_users')[0]).toMatchObject({ pay_sum: 5, user_created_at: '2026-01-01 08:00:00' });
	});

	it('epoch numbers in date fields when the user says so (Options › Numbers in Date Fields)', async () => {
		const parameters = await definedBelow({ xiaoe_user_id: '={{ $json.id }}', user_created_at: '={{ $json.at }}' });
		const out = await run({ ...parameters, options: { dateNumbers: 'seconds' } }, { items: [{ id: 'u1', at: 1764547200 }] });
		expect(out[0].json.action).toBe('created');
		expect(emu.state.listRows('xiaoe_users')[0]).toMatchObject({ user_created_at: '2025-12-01 08:00:00' });
	});

	it('keys are trimmed and NFC-normalised alike for the lookup and the write; an empty key is an error', async () => {
		const composed = 'Caf\u00e9-1';
		const decomposed = 'Cafe\u0301-1';
		const first = await upsertUsers([{ xiaoe_user_id: ` ${decomposed}  `, nickname: 'A' }]);
		expect(first[0].json).toMatchObject({ action: 'created', match: { field: 'xiaoe_user_id', value: composed } });
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id)).toEqual([composed]);
		const again = await upsertUsers([{ xiaoe_user_id: composed, nickname: 'A' }, { xiaoe_user_id: `${decomposed}\t`, nickname: 'A' }]);
		expect(actions(again)).toEqual(['unchanged', 'unchanged']);
		const blank = await upsertUsers([{ xiaoe_user_id: '   ', nickname: 'B' }, { xiaoe_user_id: 'u9', nickname: 'C' }], true);
		expect(blank.map((o) => o.json.error ?? o.json.action)).toEqual([
			'Field 用户ID (xiaoe_user_id): the value to match on is empty (or only spaces) (item 1)',
			'created',
		]);
		expect(emu.state.listRows('xiaoe_users').map((r) => r.xiaoe_user_id)).toEqual([composed, 'u9']);
	});
});

/** The same Mingdao node class, loaded a second time with its own core: its key locks are another process's. */
function secondProcessNode(): new () => INodeType {
	const workflow = jest.requireActual('n8n-workflow');
	let Loaded!: new () => INodeType;
	jest.isolateModules(() => {
		// One n8n-workflow for both (n8n-core checks the errors' classes); everything of ours loaded afresh.
		jest.doMock('n8n-workflow', () => workflow);
		Loaded = (require('../../../nodes/Mingdao/Mingdao.node') as { Mingdao: new () => INodeType }).Mingdao;
	});
	return class SecondProcess extends Loaded {
		constructor() {
			super();
			this.description = { ...this.description, name: 'mingdaoSecondProcess', defaults: { name: 'Mingdao B' } };
		}
	};
}

describe('issue 15: two runs upserting the same keys at once', () => {
	const KEYS = Array.from({ length: 30 }, (_, i) => `k${i}`);
	const upsertRace = (alias: string) => ({
		resource: 'row',
		operation: 'upsert',
		worksheet: { __rl: true, mode: 'id', value: alias },
		columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['key'] },
	});
	const items = (n: number) => KEYS.map((key) => ({ key, n }));
	const perKey = (alias: string) => {
		const counts = new Map<string, number>();
		for (const r of emu.state.listRows(alias)) counts.set(String(r.key), (counts.get(String(r.key)) ?? 0) + 1);
		return counts;
	};

	it.each(['race_unique', 'race_plain'])('one process (%s): the key locks make the second run wait, then update', async (alias) => {
		emu.state.setFaults({ latencyMs: 40 });
		const [a, b] = await Promise.all([run(upsertRace(alias), { items: items(1) }), run(upsertRace(alias), { items: items(2) })]);
		expect([...a, ...b].filter((o) => o.json.error)).toEqual([]);
		expect([...perKey(alias).values()]).toEqual(KEYS.map(() => 1));
		expect(new Set([...a, ...b].map((o) => o.json.action))).toEqual(new Set(['created', 'updated']));
	});

	it('two processes, unique key: the run whose create is refused (100005) looks the rows up and updates them', async () => {
		const SecondProcess = secondProcessNode();
		// Both look-ups are answered together, before either run writes: the race is certain, not likely.
		emu.state.setFaults({ listBarrier: 2 });
		const [a, b] = await Promise.all([
			run(upsertRace('race_unique'), { items: items(1) }),
			runNode(SecondProcess, upsertRace('race_unique'), { items: items(2), credentials }),
		]);
		expect([...a, ...b].filter((o) => o.json.error)).toEqual([]);
		expect([...perKey('race_unique').values()]).toEqual(KEYS.map(() => 1));
		expect(calls(BATCH_CREATE)).toBeGreaterThanOrEqual(2);
		// One run created every row; the other was refused and turned every item into an update.
		const byRun = [a, b].map((out) => [...new Set(out.map((o) => o.json.action))].sort());
		expect(byRun.sort()).toEqual([['created'], ['updated']]);
	});

	it('two processes, key not unique: both create (what the README warns about: make the key field unique)', async () => {
		const SecondProcess = secondProcessNode();
		emu.state.setFaults({ listBarrier: 2 });
		await Promise.all([
			run(upsertRace('race_plain'), { items: items(1) }),
			runNode(SecondProcess, upsertRace('race_plain'), { items: items(2), credentials }),
		]);
		expect([...perKey('race_plain').values()]).toEqual(KEYS.map(() => 2));
	});
});
