/**
 * The Kingdee K3Cloud node against the emulator over HTTP: query paging, save and batch save with per-row
 * results, upsert by number (second run writes nothing, re-run resends only the failed row), both auth modes,
 * session expiry mid-run, throttling, lost answers, status flow, push, view, custom calls.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';
import { KingdeeK3Cloud } from '../../nodes/KingdeeK3Cloud/KingdeeK3Cloud.node';
import { sessionCache } from '../../nodes/core/sessionCache';
import { retryPolicy } from '../../nodes/core/retry';
import { executeContext } from '../support/context';
import { kingdeeCreds } from '../emulators/kingdee/testing';
import { startKingdeeEmulator, type KingdeeEmulator } from '../emulators/kingdee';

let emu: KingdeeEmulator;
const node = new KingdeeK3Cloud();
const original = { ...retryPolicy };

beforeAll(async () => {
	emu = await startKingdeeEmulator();
	Object.assign(retryPolicy, { baseDelayMs: 5, maxDelayMs: 20 });
});
afterAll(async () => {
	Object.assign(retryPolicy, original);
	await emu.close();
});
beforeEach(() => {
	emu.state.reset({});
	sessionCache.clear();
});

type Params = Record<string, unknown>;

async function run(
	parameters: Params | ((i: number) => Params),
	options: { items?: IDataObject[]; continueOnFail?: boolean; creds?: ICredentialDataDecryptedObject } = {},
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { kingdeeK3CloudApi: options.creds ?? kingdeeCreds(emu.url) },
	});
	const [out] = await node.execute.call(ctx);
	return out;
}

const json = (out: INodeExecutionData[]) => out.map((o) => o.json);
const requests = (service: string) => emu.stats().requests.filter((r) => r.service === service);

describe('Query', () => {
	it('Return All pages with StartRow/Limit and outputs one object per row, keyed by field key', async () => {
		emu.state.reset({ customers: 450 });
		const out = json(
			await run({
				resource: 'form',
				operation: 'query',
				formId: 'BD_Customer',
				fieldKeys: 'FCUSTID, FNumber,FName,FCreateOrgId.FNumber',
				filterString: '',
				orderString: 'FNumber ASC',
				returnAll: true,
				options: { pageSize: 100 },
			}),
		);
		expect(out).toHaveLength(450);
		expect(out[0]).toEqual({ FCUSTID: expect.any(Number), FNumber: 'C0001', FName: '客户1', 'FCreateOrgId.FNumber': '100' });
		expect(out.map((c) => c.FNumber)).toEqual(emu.state.list('BD_Customer').map((c) => c.number));
		expect(emu.stats().calls.ExecuteBillQuery).toBe(5);
	});

	it("Limit stops early; a filter that names an unknown field fails with Kingdee's code and message", async () => {
		emu.state.reset({ customers: 80 });
		const out = await run({
			resource: 'form',
			operation: 'query',
			formId: 'BD_Customer',
			fieldKeys: 'FNumber',
			filterString: "FNumber >= 'C0010'",
			returnAll: false,
			limit: 30,
			options: { pageSize: 20 },
		});
		expect(json(out).map((c) => c.FNumber)).toEqual(Array.from({ length: 30 }, (_, i) => `C${String(i + 10).padStart(4, '0')}`));
		await expect(
			run({ resource: 'form', operation: 'query', formId: 'BD_Customer', fieldKeys: 'FNope', returnAll: true }),
		).rejects.toThrow(/API error 9: .*FNope/);
	});
});

describe('Save and Batch Save', () => {
	it('Save writes plain values: dotted keys become base data references, dates with an offset become Beijing time', async () => {
		emu.state.reset({ customers: 2 });
		const out = json(
			await run({
				resource: 'form',
				operation: 'save',
				formId: { __rl: true, mode: 'list', value: 'SAL_SaleOrder' },
				model: JSON.stringify({
					FDate: '2026-11-19T18:30:00.000Z',
					'FCustId.FNumber': 'C0002',
					'FSaleOrgId.FNumber': '100',
					FSaleOrderEntry: [{ 'FMaterialId.FNumber': 'M003', FQty: 4, FTaxPrice: 9.5 }],
				}),
				options: {},
			}),
		);
		expect(out).toEqual([{ formId: 'SAL_SaleOrder', id: expect.stringMatching(/^\d+$/), number: 'XSDD000001' }]);
		const [order] = emu.state.list('SAL_SaleOrder');
		expect(order.values.FDate).toBe('2026-11-20T02:30:00');
		expect(order.values.FCustId).toBe(emu.state.byNumber('BD_Customer', 'C0002')!.id);
		expect(order.entries.FSaleOrderEntry[0].values).toMatchObject({ FQty: 4, FTaxPrice: 9.5 });
	});

	it('Save sends IsDeleteEntry false unless asked: updating one entry row keeps the others', async () => {
		emu.state.reset({ customers: 1 });
		const model = {
			FDate: '2026-11-20',
			'FCustId.FNumber': 'C0001',
			'FSaleOrgId.FNumber': '100',
			FSaleOrderEntry: [
				{ 'FMaterialId.FNumber': 'M001', FQty: 1 },
				{ 'FMaterialId.FNumber': 'M002', FQty: 2 },
			],
		};
		const [{ json: saved }] = await run({ resource: 'form', operation: 'save', formId: 'SAL_SaleOrder', model, options: {} });
		const line = emu.state.list('SAL_SaleOrder')[0].entries.FSaleOrderEntry[0].entryId;
		await run({
			resource: 'form',
			operation: 'save',
			formId: 'SAL_SaleOrder',
			model: { FID: Number(saved.id), FSaleOrderEntry: [{ FEntryID: line, FQty: 7 }] },
			options: {},
		});
		expect(emu.state.list('SAL_SaleOrder')[0].entries.FSaleOrderEntry.map((l) => l.values.FQty)).toEqual([7, 2]);
	});

	it("a refused Save names Kingdee's field and message; with Continue On Fail it becomes that item's error", async () => {
		const out = json(
			await run(
				{ resource: 'form', operation: 'save', formId: 'BD_Customer', model: { FNumber: 'K1' }, options: {} },
				{ continueOnFail: true },
			),
		);
		expect(out).toEqual([
			{
				error: 'Kingdee K3Cloud (金蝶云星空) API error 500: FName: 字段“客户名称”是必填项',
				details: { code: '500', description: 'FName: 字段“客户名称”是必填项' },
			},
		]);
	});

	const customers = [
		{ FNumber: 'K1', FName: 'A' },
		{ FNumber: 'K2', FName: '' },
		{ FNumber: 'K3', FName: 'C' },
		{ FNumber: 'K4', FName: 'D' },
	];

	it.each([false, true])(
		'Batch Save with one bad row (all-or-nothing server: %s): only that item fails, the others are saved',
		async (allOrNothing) => {
			emu.state.reset({ batchAllOrNothing: allOrNothing });
			const out = json(
				await run(
					(i) => ({
						resource: 'form',
						operation: 'batchSave',
						formId: 'BD_Customer',
						model: customers[i],
						batchSize: 100,
						options: {},
					}),
					{ items: customers, continueOnFail: true },
				),
			);
			expect(out.map((o) => o.number ?? o.error)).toEqual([
				'K1',
				'Kingdee K3Cloud (金蝶云星空) API error 500: FName: 字段“客户名称”是必填项',
				'K3',
				'K4',
			]);
			expect(emu.state.list('BD_Customer').map((c) => c.number)).toEqual(['K1', 'K3', 'K4']);
			// A whole-batch refusal is retried row by row; a partial answer is not resent at all.
			expect(requests('batchsave').map((r) => r.rows)).toEqual(allOrNothing ? [4, 1, 1, 1, 1] : [4]);
		},
	);
});

describe('Upsert by number', () => {
	const upsert = (models: IDataObject[], extra: Params = {}, creds?: ICredentialDataDecryptedObject) =>
		run(
			(i) => ({
				resource: 'form',
				operation: 'upsert',
				formId: 'BD_Customer',
				model: models[i],
				matchField: '',
				idField: '',
				batchSize: 100,
				options: {},
				...extra,
			}),
			{
				items: models,
				continueOnFail: true,
				creds,
			},
		).then(json);
	const models = [
		{ FNumber: 'K1', FName: '甲', FShortName: 'a', 'FCreateOrgId.FNumber': '100', FCreditAmount: 1000 },
		{ FNumber: 'K2', FName: '乙', FShortName: 'b', 'FCreateOrgId.FNumber': '100', FCreditAmount: 0 },
		{ FNumber: 'K3', FName: '丙', FShortName: 'c', 'FCreateOrgId.FNumber': '101', FCreditAmount: 2.5 },
	];

	it('creates, then writes nothing on a second run, then updates only the changed field', async () => {
		const first = await upsert(models);
		expect(first.map((o) => [o.action, o.number])).toEqual([
			['created', 'K1'],
			['created', 'K2'],
			['created', 'K3'],
		]);
		expect(first[0].id).toBe(String(emu.state.byNumber('BD_Customer', 'K1')!.id));
		emu.state.resetStats();

		const second = await upsert(models);
		expect(second.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
		expect(emu.stats().calls).toEqual({ ExecuteBillQuery: 1 });

		const third = await upsert([models[0], { ...models[1], FShortName: 'B2' }, models[2]]);
		expect(third.map((o) => [o.action, o.changed])).toEqual([
			['unchanged', []],
			['updated', ['FShortName']],
			['unchanged', []],
		]);
		expect(emu.state.byNumber('BD_Customer', 'K2')!.values).toMatchObject({ FName: '乙', FShortName: 'B2' });
		expect(emu.stats().created).toBe(0);
		expect(emu.stats().updated).toBe(1);
		expect(emu.state.list('BD_Customer')).toHaveLength(3);
	});

	it('a bad row fails only its item; after fixing it, a re-run sends only that row', async () => {
		const bad = [models[0], { ...models[1], 'FCreateOrgId.FNumber': 'NOPE' }, models[2]];
		const first = await upsert(bad);
		expect(first.map((o) => o.action ?? o.error)).toEqual(['created', expect.stringMatching(/FCreateOrgId: .*NOPE/), 'created']);
		emu.state.resetStats();
		const second = await upsert(models);
		expect(second.map((o) => o.action)).toEqual(['unchanged', 'created', 'unchanged']);
		expect(requests('batchsave').map((r) => r.rows)).toEqual([1]);
		expect(emu.state.list('BD_Customer')).toHaveLength(3);
	});

	it('an answer lost after the write landed is looked up again: nothing is created twice', async () => {
		emu.state.reset({ faults: { dropAfterWriteEveryNCalls: 1 } });
		const out = await upsert(models);
		expect(out.map((o) => o.action)).toEqual(['created', 'created', 'created']);
		expect(emu.stats().requests.filter((r) => r.service === 'batchsave')).toHaveLength(1);
		expect(emu.state.list('BD_Customer')).toHaveLength(3);
	});

	it('session lost right before a write (MsgCode 1): logged in again and the write sent once more, created once', async () => {
		emu.state.reset({ faults: { expireSessionsEveryNCalls: 2 } }); // session call 1 lookup, 2 BatchSave
		const out = await upsert(models, {}, kingdeeCreds(emu.url, 'appSecretLogin'));
		expect(out.map((o) => o.action)).toEqual(['created', 'created', 'created']);
		expect(requests('batchsave').map((r) => [r.rows, r.ok])).toEqual([
			[3, false],
			[3, true],
		]);
		expect(emu.stats().logins).toBe(2);
		expect(emu.state.list('BD_Customer')).toHaveLength(3);
	});

	it('a record created by someone else between look-up and create is looked up again and updated, not duplicated', async () => {
		emu.state.beforeNextWrite = () => {
			const org = emu.state.byNumber('ORG_Organizations', '100')!.id;
			emu.state.insert({
				id: emu.state.newId(),
				formId: 'BD_Customer',
				number: 'K2',
				status: 'A',
				forbid: 'A',
				values: { FName: 'other', FCreateOrgId: org },
				entries: {},
				createDate: '',
				modifyDate: '',
				approveDate: null,
			});
		};
		const out = await upsert(models);
		expect(out.map((o) => o.action)).toEqual(['created', 'updated', 'created']);
		expect(emu.state.list('BD_Customer').map((c) => [c.number, c.values.FName])).toEqual([
			['K2', '乙'],
			['K1', '甲'],
			['K3', '丙'],
		]);
	});

	it('answers in the official template style (strings for booleans and ids) work the same', async () => {
		emu.state.reset({ answerStyle: 'template' });
		expect((await upsert(models)).map((o) => o.action)).toEqual(['created', 'created', 'created']);
		expect((await upsert(models)).map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
	});

	it('session mode: one login for the whole run; sessions expired mid-run are renewed once, nothing lost or doubled', async () => {
		const creds = kingdeeCreds(emu.url, 'appSecretLogin');
		await upsert(models.slice(0, 2), {}, creds);
		expect(emu.stats().logins).toBe(1);
		emu.state.expireSessions();
		const out = await upsert([...models, { FNumber: 'K4', FName: '丁' }], {}, creds);
		expect(out.map((o) => o.action)).toEqual(['unchanged', 'unchanged', 'created', 'created']);
		expect(emu.stats().logins).toBe(2);
		expect(emu.stats().contextLost).toBe(1);
		expect(emu.state.list('BD_Customer').map((c) => c.number)).toEqual(['K1', 'K2', 'K3', 'K4']);
	});
});

describe('authentication', () => {
	const view = (creds: ICredentialDataDecryptedObject) =>
		run(
			{ resource: 'form', operation: 'view', formId: 'BD_MATERIAL', by: 'number', number: 'M001', isSortBySeq: false },
			{ creds },
		);

	it('password login works and re-uses its session', async () => {
		const creds = kingdeeCreds(emu.url, 'passwordLogin');
		await view(creds);
		await view(creds);
		expect(emu.stats().logins).toBe(1);
		expect(emu.stats().requests.every((r) => r.auth === 'session')).toBe(true);
	});

	it('a signature mismatch fails with the code, a hint what to check, and no secret in the message', async () => {
		const creds = kingdeeCreds(emu.url, 'signature', { appSecret: 'ffffffffffffffffffffffffffffffff' });
		const error = await view(creds).catch((e) => e);
		expect(error.message).toBe('Kingdee K3Cloud (金蝶云星空) API error 1: 会话信息已丢失，请重新登录');
		expect(error.description).toMatch(/Data Center ID .*App ID and App Secret.*第三方系统登录授权/);
		expect(JSON.stringify(error)).not.toContain('ffffffffffffffffffffffffffffffff');
		expect(emu.stats().signatureFailures).toEqual({ 'X-Kd-Signature': 1 });
	});

	it('a malformed App ID is refused before anything is sent', async () => {
		await expect(view(kingdeeCreds(emu.url, 'signature', { appId: '100001_short' }))).rejects.toThrow(
			/App ID: the part after "_" has 5 characters instead of 32/,
		);
		expect(emu.stats().calls).toEqual({});
	});

	it('a locked user gets the lock message as the error, with the unlock hint', async () => {
		emu.state.users.get('demo')!.locked = true;
		const error = await view(kingdeeCreds(emu.url, 'passwordLogin')).catch((e) => e);
		expect(error.message).toMatch(/could not log in: 该用户登录失败次数超限/);
		expect(error.description).toMatch(/locked/);
	});
});

describe('throttling and status flow', () => {
	it('MsgCode 14 is retried (also for writes: Kingdee did not run them), nothing written twice', async () => {
		emu.state.reset({ faults: { throttleEveryNCalls: 2 } });
		const models = [
			{ FNumber: 'K1', FName: 'x' },
			{ FNumber: 'K2', FName: 'y' },
		];
		const out = json(
			await run((i) => ({ resource: 'form', operation: 'save', formId: 'BD_Customer', model: models[i], options: {} }), {
				items: models,
			}),
		);
		expect(out.map((o) => o.number)).toEqual(['K1', 'K2']);
		expect(emu.stats().throttled).toBe(1);
		expect(emu.stats().calls.Save).toBe(3);
		expect(emu.state.list('BD_Customer')).toHaveLength(2);
	});

	it('Submit, Audit, Push and View: per-item results by number, the delivery notice created from the order', async () => {
		emu.state.reset({ customers: 2 });
		const orders = [1, 2].map((n) => ({
			FDate: '2026-11-20',
			'FCustId.FNumber': `C000${n}`,
			'FSaleOrgId.FNumber': '100',
			FSaleOrderEntry: [{ 'FMaterialId.FNumber': 'M001', FQty: n }],
		}));
		const saved = json(
			await run(
				(i) => ({
					resource: 'form',
					operation: 'batchSave',
					formId: 'SAL_SaleOrder',
					model: orders[i],
					batchSize: 100,
					options: {},
				}),
				{ items: orders },
			),
		);
		const numbers = saved.map((s) => String(s.number));
		const action = (operation: string, items: string[]) =>
			run(
				(i) => ({
					resource: 'form',
					operation,
					formId: 'SAL_SaleOrder',
					by: 'number',
					number: items[i],
					batchSize: 100,
					options: {},
				}),
				{ items: items.map(() => ({})), continueOnFail: true },
			).then(json);
		expect(await action('audit', numbers)).toEqual(
			numbers.map((n) => ({
				error: `Kingdee K3Cloud (金蝶云星空) API error 500: 销售订单“${n}”的单据状态为“创建”，不能审核`,
				details: expect.objectContaining({ code: '500' }),
			})),
		);
		expect((await action('submit', numbers)).map((o) => o.number)).toEqual(numbers);
		expect((await action('audit', numbers)).map((o) => o.number)).toEqual(numbers);
		expect(requests('audit').map((r) => r.rows)).toEqual([2, 1, 1, 2]);

		const pushed = json(
			await run({
				resource: 'form',
				operation: 'push',
				formId: 'SAL_SaleOrder',
				pushBy: 'numbers',
				numbers: numbers.join(','),
				targetFormId: 'SAL_DELIVERYNOTICE',
				ruleId: '',
				options: {},
			}),
		);
		expect(pushed).toEqual([
			{ formId: 'SAL_DELIVERYNOTICE', id: expect.any(String), number: 'FHTZD000001', sourceFormId: 'SAL_SaleOrder' },
			{ formId: 'SAL_DELIVERYNOTICE', id: expect.any(String), number: 'FHTZD000002', sourceFormId: 'SAL_SaleOrder' },
		]);
		const [viewed] = json(
			await run({ resource: 'form', operation: 'view', formId: 'SAL_DELIVERYNOTICE', by: 'number', number: 'FHTZD000002' }),
		);
		expect(viewed).toMatchObject({
			BillNo: 'FHTZD000002',
			DocumentStatus: 'A',
			CustomerID: { Number: 'C0002', Name: '客户2' },
			Entity: [{ Qty: 2, SrcBillNo: numbers[1], MaterialID: { Number: 'M001', Name: '物料1' } }],
		});

		const deleted = json(
			await run({
				resource: 'form',
				operation: 'delete',
				formId: 'SAL_DELIVERYNOTICE',
				by: 'number',
				number: 'FHTZD000001',
				batchSize: 100,
				options: {},
			}),
		);
		expect(deleted).toEqual([{ formId: 'SAL_DELIVERYNOTICE', id: expect.any(String), number: 'FHTZD000001' }]);
		expect(emu.state.list('SAL_DELIVERYNOTICE').map((d) => d.number)).toEqual(['FHTZD000002']);
	});

	it('Custom Service Call reaches any service with the same authentication; query answers come as {result}', async () => {
		const out = json(
			await run({
				resource: 'custom',
				operation: 'call',
				service: 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery',
				body: { data: { FormId: 'BD_MATERIAL', FieldKeys: 'FNumber', Limit: 2 } },
				write: false,
			}),
		);
		expect(out).toEqual([{ result: [['M001'], ['M002']] }]);
	});
});
