/**
 * The Kingdee emulator against the recorded SDK vectors and the documented semantics: signature checks, sessions
 * with idle expiry, Save / IsDeleteEntry / NeedUpDateFields, BatchSave per row, the status flow, ExecuteBillQuery
 * filtering and paging, call limits and faults.
 */
import axios from 'axios';
import * as vectors from '../fixtures/kingdee/signature-vectors.json';
import { startKingdeeEmulator, verifySignature, type KingdeeEmulator } from './kingdee';
import type { EmuRequest } from './common/server';
import { signedCall, STUB } from './kingdee/testing';

let emu: KingdeeEmulator;
beforeAll(async () => {
	emu = await startKingdeeEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.state.reset({}));

const requestOf = (vector: (typeof vectors.vectors)[number], headers: Record<string, string> = vector.headers): EmuRequest => ({
	method: 'POST',
	path: decodeURIComponent(new URL(vector.inputs.request_url).pathname),
	query: {},
	headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
	body: {},
	rawBody: '{}',
	remoteAddress: '127.0.0.1',
});

describe('signature check (independent of the node, replaying the official SDK vectors)', () => {
	it.each(vectors.vectors.slice(0, 2).map((v) => [v.name, v] as const))('accepts the recorded headers of "%s"', (_, vector) => {
		expect(verifySignature(emu.state, requestOf(vector), vector.inputs.unix_time)).toEqual({
			ok: true,
			user: vector.inputs.user_name,
			via: 'signature',
		});
	});

	it.each(['X-Api-Signature', 'X-Kd-Signature', 'X-Kd-Appdata', 'x-api-timestamp', 'X-Api-ClientID'])(
		'refuses the request when %s is changed by one character',
		(name) => {
			const vector = vectors.vectors[0];
			const headers: Record<string, string> = { ...vector.headers };
			const value = headers[name];
			headers[name] = value.slice(0, 4) + (value[4] === 'A' ? 'B' : 'A') + value.slice(5);
			expect(verifySignature(emu.state, requestOf(vector, headers), vector.inputs.unix_time).ok).toBe(false);
		},
	);

	it('refuses a stale timestamp (more than the allowed clock skew)', () => {
		const vector = vectors.vectors[0];
		expect(verifySignature(emu.state, requestOf(vector), vector.inputs.unix_time + 301)).toEqual({
			ok: false,
			reason: 'timestamp',
		});
	});

	it("refuses the Python SDK's empty-key signature for a malformed AppID (the server decodes the part it was given)", () => {
		const vector = vectors.vectors[2];
		emu.state.apps.set(vector.inputs.app_id, vector.inputs.app_secret);
		expect(verifySignature(emu.state, requestOf(vector), vector.inputs.unix_time)).toEqual({
			ok: false,
			reason: 'X-Api-Signature',
		});
	});

	it('answers an unsigned request with the captured 会话信息已丢失 (MsgCode 1), wrapped [[…]] for ExecuteBillQuery', async () => {
		const res = await axios.post(
			`${emu.url}/${STUB}.ExecuteBillQuery.common.kdsvc`,
			{ data: { FormId: 'BD_Customer', FieldKeys: 'FNumber' } },
			{ validateStatus: () => true },
		);
		expect(res.status).toBe(200);
		expect(res.data).toEqual([
			[
				{
					Result: {
						ResponseStatus: {
							ErrorCode: 500,
							IsSuccess: false,
							Errors: [{ FieldName: null, Message: '会话信息已丢失，请重新登录', DIndex: 0 }],
							SuccessEntitys: [],
							SuccessMessages: [],
							MsgCode: 1,
						},
					},
				},
			],
		]);
	});
});

describe('sessions', () => {
	const loginBody = (parameters: unknown[]) => ({
		format: 1,
		useragent: 'ApiClient',
		rid: 'x',
		parameters,
		timestamp: '2026-01-01',
		v: '1.0',
	});

	it('LoginByAppSecret sets kdservice-sessionid; the session works until it has been idle for 20 minutes', async () => {
		const res = await axios.post(
			`${emu.url}/Kingdee.BOS.WebApi.ServicesStub.AuthService.LoginByAppSecret.common.kdsvc`,
			loginBody(['6512345678abcd', 'demo', '100001_MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1u', '0123456789abcdef0123456789abcdef', 2052]),
		);
		expect(res.data.LoginResultType).toBe(1);
		const cookies = res.headers['set-cookie'] as string[];
		const sid = /kdservice-sessionid=([^;]+)/.exec(cookies.join(';'))![1];
		expect(sid).toBe(res.data.KDSVCSessionId);
		const query = () =>
			axios.post(
				`${emu.url}/${STUB}.ExecuteBillQuery.common.kdsvc`,
				{ data: { FormId: 'BD_MATERIAL', FieldKeys: 'FNumber', Limit: 2 } },
				{ headers: { 'kdservice-sessionid': sid } },
			);
		expect((await query()).data).toEqual([['M001'], ['M002']]);
		emu.state.clockOffsetMs += 19 * 60_000;
		expect((await query()).data).toEqual([['M001'], ['M002']]); // used again: idle time restarts
		emu.state.clockOffsetMs += 20 * 60_000 + 1000;
		expect((await query()).data[0][0].Result.ResponseStatus.MsgCode).toBe(1);
	});

	it('ValidateUser: a wrong password counts; the fifth locks the user with a clear message', async () => {
		const login = (password: string) =>
			axios.post(
				`${emu.url}/Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc`,
				loginBody(['6512345678abcd', 'demo', password, 2052]),
			);
		for (let i = 0; i < 5; i++) expect((await login('wrong')).data.LoginResultType).toBe(0);
		const locked = await login('emu_password');
		expect(locked.data).toMatchObject({ LoginResultType: 0, Message: expect.stringMatching(/锁定/) });
		expect(
			(
				await axios.post(
					`${emu.url}/Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc`,
					loginBody(['nope', 'demo', 'x', 2052]),
				)
			).data.Message,
		).toMatch(/数据中心/);
	});
});

describe('Save semantics', () => {
	const save = (model: unknown, extra: Record<string, unknown> = {}, service = 'Save', formid = 'SAL_SaleOrder') =>
		signedCall(emu.url, `${STUB}.${service}`, { formid, data: { ...extra, Model: model } }).then((r) => r.data);
	const order = {
		FDate: '2026-11-20',
		FCustId: { FNumber: 'C0001' },
		FSaleOrgId: { FNumber: '100' },
		FSaleOrderEntry: [
			{ FMaterialId: { FNumber: 'M001' }, FQty: 2, FTaxPrice: 10 },
			{ FMaterialId: { FNumber: 'M002' }, FQty: 1, FTaxPrice: 20 },
		],
	};

	it('creates with the captured success shape (numbers, booleans, MsgCode 0, no ErrorCode) and a generated bill number', async () => {
		emu.state.reset({ customers: 1 });
		const answer = await save(order);
		expect(answer).toEqual({
			Result: {
				ResponseStatus: {
					IsSuccess: true,
					Errors: [],
					SuccessEntitys: [{ Id: expect.any(Number), Number: 'XSDD000001', DIndex: 0 }],
					SuccessMessages: [],
					MsgCode: 0,
				},
				Id: answer.Result.ResponseStatus.SuccessEntitys[0].Id,
				Number: 'XSDD000001',
				NeedReturnData: [{}],
			},
		});
	});

	it('answers a validation failure like the captured one (ErrorCode 500, Id "", no Number) naming the field', async () => {
		emu.state.reset({ customers: 1 });
		const answer = await save({ ...order, FSaleOrderEntry: [{ FMaterialId: { FNumber: 'M001' }, FQty: 0 }] });
		expect(answer.Result).toEqual({
			ResponseStatus: {
				ErrorCode: 500,
				IsSuccess: false,
				Errors: [{ FieldName: 'FQty', Message: expect.stringMatching(/第1行分录/), DIndex: 0 }],
				SuccessEntitys: [],
				SuccessMessages: [],
			},
			Id: '',
			NeedReturnData: [{}],
		});
	});

	it('IsDeleteEntry defaults to true: an update that sends one entry row deletes the others; false keeps them', async () => {
		emu.state.reset({ customers: 1 });
		const id = (await save(order)).Result.Id;
		const [before] = emu.state.list('SAL_SaleOrder');
		const firstLine = before.entries.FSaleOrderEntry[0].entryId;
		await save({ FID: id, FNote: 'kept', FSaleOrderEntry: [{ FEntryID: firstLine, FQty: 5 }] }, { IsDeleteEntry: false });
		expect(emu.state.list('SAL_SaleOrder')[0].entries.FSaleOrderEntry.map((l) => l.values.FQty)).toEqual([5, 1]);
		await save({ FID: id, FSaleOrderEntry: [{ FEntryID: firstLine, FQty: 6 }] });
		expect(emu.state.list('SAL_SaleOrder')[0].entries.FSaleOrderEntry.map((l) => l.values.FQty)).toEqual([6]);
	});

	it('NeedUpDateFields limits an update to the listed fields', async () => {
		emu.state.reset({ customers: 1 });
		const id = (await save({ FNumber: 'K1', FName: 'A', FShortName: 'a' }, {}, 'Save', 'BD_Customer')).Result.Id;
		await save({ FCUSTID: id, FName: 'B', FShortName: 'b' }, { NeedUpDateFields: ['FShortName'] }, 'Save', 'BD_Customer');
		expect(emu.state.byId('BD_Customer', id)!.values).toMatchObject({ FName: 'A', FShortName: 'b' });
	});

	it('BatchSave saves good rows and reports the bad one by DIndex; all-or-nothing mode saves none', async () => {
		const models = [{ FNumber: 'K1', FName: 'A' }, { FNumber: 'K2' }, { FNumber: 'K3', FName: 'C' }];
		const answer = await save(models, {}, 'BatchSave', 'BD_Customer');
		expect(answer.Result.ResponseStatus).toMatchObject({
			IsSuccess: false,
			Errors: [{ FieldName: 'FName', DIndex: 1 }],
			SuccessEntitys: [
				{ Number: 'K1', DIndex: 0 },
				{ Number: 'K3', DIndex: 2 },
			],
		});
		expect(emu.state.list('BD_Customer').map((c) => c.number)).toEqual(['K1', 'K3']);
		emu.state.reset({ batchAllOrNothing: true });
		const none = await save(models, {}, 'BatchSave', 'BD_Customer');
		expect(none.Result.ResponseStatus.SuccessEntitys).toEqual([]);
		expect(emu.state.list('BD_Customer')).toEqual([]);
	});

	it('status flow Save → Submit → Audit; an audited bill cannot be saved or deleted; UnAudit reopens it', async () => {
		emu.state.reset({ customers: 1 });
		const { Id: id, Number: number } = (await save(order)).Result;
		const op = (service: string, data: Record<string, unknown>) =>
			signedCall(emu.url, `${STUB}.${service}`, { formid: 'SAL_SaleOrder', data }).then((r) => r.data.Result.ResponseStatus);
		expect(await op('Audit', { Numbers: [number] })).toMatchObject({
			IsSuccess: false,
			Errors: [{ Message: expect.stringMatching(/创建/) }],
		});
		expect(await op('Submit', { Numbers: [number] })).toMatchObject({
			IsSuccess: true,
			SuccessEntitys: [{ Id: id, Number: number, DIndex: 0 }],
		});
		expect(await op('Audit', { Ids: String(id) })).toMatchObject({ IsSuccess: true });
		expect((await save({ FID: id, FNote: 'x' })).Result.ResponseStatus).toMatchObject({ IsSuccess: false, MsgCode: 12 });
		expect(await op('Delete', { Numbers: [number] })).toMatchObject({ IsSuccess: false });
		expect(await op('UnAudit', { Numbers: [number] })).toMatchObject({ IsSuccess: true });
		expect(emu.state.byId('SAL_SaleOrder', id)!.status).toBe('D');
	});

	it('Push turns an audited sales order into a delivery notice (ConvertResponseStatus + ResponseStatus)', async () => {
		emu.state.reset({ customers: 1 });
		const { Number: number } = (await save(order)).Result;
		for (const s of ['Submit', 'Audit'])
			await signedCall(emu.url, `${STUB}.${s}`, { formid: 'SAL_SaleOrder', data: { Numbers: [number] } });
		const res = (
			await signedCall(emu.url, `${STUB}.Push`, {
				formid: 'SAL_SaleOrder',
				data: { Numbers: [number], TargetFormId: 'SAL_DELIVERYNOTICE', IsEnableDefaultRule: true },
			})
		).data;
		expect(res.Result.ConvertResponseStatus).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Number: number }] });
		expect(res.Result.ResponseStatus).toMatchObject({ IsSuccess: true, SuccessEntitys: [{ Number: 'FHTZD000001', DIndex: 0 }] });
		const [notice] = emu.state.list('SAL_DELIVERYNOTICE');
		expect(notice.entries.FEntity.map((l) => [l.values.FQty, l.values.FSrcBillNo])).toEqual([
			[2, number],
			[1, number],
		]);
	});

	it("answers in the official template's string style when asked", async () => {
		emu.state.reset({ customers: 1, answerStyle: 'template' });
		const answer = await save(order);
		expect(answer.Result).toMatchObject({
			ResponseStatus: {
				ErrorCode: '',
				IsSuccess: 'true',
				MsgCode: '0',
				SuccessEntitys: [{ Id: expect.stringMatching(/^\d+$/) }],
			},
			Id: expect.stringMatching(/^\d+$/),
		});
	});
});

describe('ExecuteBillQuery', () => {
	const q = (data: Record<string, unknown>) => signedCall(emu.url, `${STUB}.ExecuteBillQuery`, { data }).then((r) => r.data);

	it('filters with the SQL-like string and the array form, orders and pages with StartRow/Limit', async () => {
		emu.state.reset({ customers: 25 });
		expect(
			await q({
				FormId: 'BD_Customer',
				FieldKeys: 'FNumber,FName',
				FilterString: "FNumber IN ('C0003','C0001') OR FName LIKE '客户2_'",
				OrderString: 'FNumber DESC',
				Limit: 3,
			}),
		).toEqual([
			['C0025', '客户25'],
			['C0024', '客户24'],
			['C0023', '客户23'],
		]);
		expect(
			await q({
				FormId: 'BD_Customer',
				FieldKeys: 'FNumber',
				FilterString: [{ Left: '(', FieldName: 'FNumber', Compare: '67', Value: 'C0002', Right: ')', Logic: 0 }],
			}),
		).toEqual([['C0002']]);
		const page = await q({ FormId: 'BD_Customer', FieldKeys: 'FCUSTID,FNumber,FCreateOrgId.FNumber', StartRow: 20, Limit: 10 });
		expect(page).toHaveLength(5);
		expect(page[0]).toEqual([expect.any(Number), 'C0021', '100']);
	});

	it('one row per entry line for entry fields; an unknown field key is MsgCode 9 wrapped [[…]]', async () => {
		emu.state.reset({ customers: 1 });
		await signedCall(emu.url, `${STUB}.Save`, {
			formid: 'SAL_SaleOrder',
			data: {
				Model: {
					FDate: '2026-11-20',
					FCustId: { FNumber: 'C0001' },
					FSaleOrgId: { FNumber: '100' },
					FSaleOrderEntry: [
						{ FMaterialId: { FNumber: 'M001' }, FQty: 2 },
						{ FMaterialId: { FNumber: 'M003' }, FQty: 3 },
					],
				},
			},
		});
		expect(
			await q({
				FormId: 'SAL_SaleOrder',
				FieldKeys: 'FBillNo,FSaleOrderEntry_FEntryID,FMaterialId.FNumber,FQty',
				FilterString: 'FQty >= 2',
			}),
		).toEqual([
			['XSDD000001', expect.any(Number), 'M001', 2],
			['XSDD000001', expect.any(Number), 'M003', 3],
		]);
		const bad = await q({ FormId: 'SAL_SaleOrder', FieldKeys: 'FNope' });
		expect(bad[0][0].Result.ResponseStatus).toMatchObject({ IsSuccess: false, MsgCode: 9 });
	});

	it('caps Limit at the server maximum', async () => {
		emu.state.reset({ customers: 30, maxQueryLimit: 20 });
		expect(await q({ FormId: 'BD_Customer', FieldKeys: 'FNumber', Limit: 100 })).toHaveLength(20);
	});
});

describe('limits and faults', () => {
	it('MsgCode 14 when a caller exceeds the call limit; injected 500s and throttles; a dropped write is still applied', async () => {
		emu.state.reset({ callsPerSecond: 2 });
		const codes = [];
		for (let i = 0; i < 3; i++)
			codes.push(
				(await signedCall(emu.url, `${STUB}.View`, { formid: 'BD_MATERIAL', data: { Number: 'M001' } })).data.Result
					.ResponseStatus?.MsgCode,
			);
		expect(codes).toEqual([undefined, undefined, 14]);
		emu.state.reset({ faults: { serverErrorEveryNCalls: 1 } });
		expect((await signedCall(emu.url, `${STUB}.View`, { formid: 'BD_MATERIAL', data: { Number: 'M001' } })).status).toBe(500);
		emu.state.reset({ faults: { dropAfterWriteEveryNCalls: 1 } });
		await expect(
			signedCall(emu.url, `${STUB}.Save`, { formid: 'BD_Customer', data: { Model: { FNumber: 'K9', FName: 'x' } } }),
		).rejects.toThrow();
		expect(emu.state.byNumber('BD_Customer', 'K9')).toBeDefined();
		expect(emu.stats().calls).toMatchObject({ Save: 1 });
	});
});
