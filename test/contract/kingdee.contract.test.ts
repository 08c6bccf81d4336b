/**
 * Contract tests for Kingdee K3Cloud, from the primary sources copied into test/fixtures/kingdee/:
 *  (a) every official template and captured answer goes through the client's parsing and an operation's output;
 *  (b) every answer the emulator gives in a representative run fits schemas written from those fixtures;
 *  (c) every request the node sends fits the documented request shapes (services, wrappers, data fields).
 */
import type { IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { z } from 'zod';
import * as responses from '../fixtures/kingdee/responses.json';
import * as requestsDoc from '../fixtures/kingdee/requests.json';
import { KingdeeK3Cloud } from '../../nodes/KingdeeK3Cloud/KingdeeK3Cloud.node';
import { kingdeeAdapter } from '../../nodes/KingdeeK3Cloud/adapter';
import { kingdeeCredentials } from '../../nodes/KingdeeK3Cloud/credentials';
import { login } from '../../nodes/KingdeeK3Cloud/session';
import { sessionCache } from '../../nodes/core/sessionCache';
import { retryPolicy } from '../../nodes/core/retry';
import { startHttpServer, type RunningServer } from '../emulators/common/server';
import { startKingdeeEmulator, type KingdeeEmulator } from '../emulators/kingdee';
import { executeContext, httpRequest } from '../support/context';
import { kingdeeCreds } from '../emulators/kingdee/testing';

const node = new KingdeeK3Cloud();
Object.assign(retryPolicy, { baseDelayMs: 5, maxDelayMs: 20 });

interface Exchange {
	url: string;
	body: unknown;
	status: number;
	answer: unknown;
}

async function run(
	url: string,
	parameters: Record<string, unknown> | ((i: number) => Record<string, unknown>),
	options: {
		items?: IDataObject[];
		mode?: 'signature' | 'appSecretLogin' | 'passwordLogin';
		log?: Exchange[];
		continueOnFail?: boolean;
	} = {},
): Promise<INodeExecutionData[]> {
	const ctx = executeContext({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { kingdeeK3CloudApi: kingdeeCreds(url, options.mode) },
	});
	(ctx.helpers as { httpRequest: unknown }).httpRequest = async (o: IHttpRequestOptions) => {
		const response = (await httpRequest(o)) as { body: unknown; statusCode: number };
		options.log?.push({ url: String(o.url), body: o.body, status: response.statusCode, answer: response.body });
		return response;
	};
	const [out] = await node.execute.call(ctx);
	return out;
}

// ---- (a) official examples through the client ---------------------------------------------------------------

describe('(a) official templates and captured answers through the client', () => {
	let server: RunningServer;
	let answer: unknown = {};
	beforeAll(async () => {
		server = await startHttpServer(() => ({ body: answer }));
	});
	afterAll(() => server.close());
	beforeEach(() => sessionCache.clear());
	const url = () => `${server.url}/k3cloud`;
	const creds = (mode: 'signature' | 'appSecretLogin' = 'signature') => kingdeeCredentials(kingdeeCreds(url(), mode));
	const exchange = (
		body: unknown,
		mode: 'signature' | 'appSecretLogin' = 'signature',
		requestBody: unknown = { formid: 'X', data: {} },
	) => ({
		request: { method: 'POST' as const, path: '/x', body: requestBody, idempotent: false },
		creds: creds(mode),
		response: { statusCode: 200, headers: {}, body },
	});

	it('captured Save success → {formId, id, number}', async () => {
		answer = responses.captured.saveSuccess.body;
		const out = await run(url(), {
			resource: 'form',
			operation: 'save',
			formId: 'AP_PAYBILL',
			model: { FDate: '2026-01-01' },
			options: {},
		});
		expect(out.map((o) => o.json)).toEqual([{ formId: 'AP_PAYBILL', id: '100074', number: 'FKSQ000016' }]);
	});

	it('captured Save failure → the API error with FieldName and Message', async () => {
		answer = responses.captured.saveFailure.body;
		await expect(
			run(url(), { resource: 'form', operation: 'save', formId: 'STK_InStock', model: { FDate: '2026-01-01' }, options: {} }),
		).rejects.toThrow('Kingdee K3Cloud (金蝶云星空) API error 500: FQTY: 第1行分录，数量大于入库上限！');
	});

	it.each([
		['save', responses.templates.save.body],
		['batchSave', responses.templates.batchSave.body],
		['operation', responses.templates.operation.body],
		['push', responses.templates.push.body],
		['view', responses.templates.view.body],
	])('official %s template (all strings, "IsSuccess": "false") is a failure, not a success', (_, body) => {
		expect(kingdeeAdapter.classify(exchange(body))).toBe('error');
		expect(kingdeeAdapter.failure(exchange(body))).toMatchObject({
			code: 'IsSuccess false',
			message: 'Kingdee reported a failure without a message',
		});
	});

	it('the same templates with "IsSuccess": "true" are successes (strings accepted)', () => {
		const ok = JSON.parse(JSON.stringify(responses.templates.save.body).replace('"IsSuccess":"false"', '"IsSuccess":"true"'));
		expect(kingdeeAdapter.classify(exchange(ok))).toBe('ok');
	});

	it('captured 会话信息已丢失 (MsgCode 1): renew the session in session mode; in signature mode an error with what to check', () => {
		const body = responses.captured.sessionLost.body;
		expect(kingdeeAdapter.classify(exchange(body, 'appSecretLogin'))).toBe('token');
		expect(kingdeeAdapter.classify(exchange([[body]], 'appSecretLogin'))).toBe('token');
		expect(kingdeeAdapter.classify(exchange(body, 'signature'))).toBe('error');
		expect(kingdeeAdapter.failure(exchange(body, 'signature'))).toMatchObject({
			code: '1',
			message: '会话信息已丢失，请重新登录',
			hint: expect.stringMatching(/Data Center ID/),
		});
	});

	it('MsgCode table: 14 (调用限制) is throttling; the others carry hints', () => {
		const withCode = (code: number) => ({
			Result: {
				ResponseStatus: {
					ErrorCode: 500,
					IsSuccess: false,
					Errors: [{ FieldName: null, Message: responses.msgCodes.codes[String(code) as '1'], DIndex: 0 }],
					MsgCode: code,
				},
			},
		});
		expect(kingdeeAdapter.classify(exchange(withCode(14)))).toBe('throttle');
		for (const code of [2, 5, 7, 8, 9, 10, 12, 13, 15])
			expect(kingdeeAdapter.failure(exchange(withCode(code))).hint).toBeTruthy();
	});

	it('captured View answer → the record with one language per name, references kept as objects', async () => {
		answer = responses.captured.view.body;
		const [out] = await run(url(), { resource: 'form', operation: 'view', formId: 'BD_Empinfo', by: 'number', number: '001' });
		expect(out.json).toMatchObject({
			Id: 100024,
			Number: '001',
			DocumentStatus: 'C',
			Name: '席会计',
			CreateOrgId: { Id: 1, Number: '100', Name: '上海冯源建设发展有限公司' },
			PostEntity: [{ Post: { Number: 'GW000001', Name: '财务总监' } }],
			IsHR: false,
		});
	});

	it('ExecuteBillQuery template → one object per row keyed by the field keys', async () => {
		answer = responses.templates.executeBillQuery.body;
		const out = await run(url(), {
			resource: 'form',
			operation: 'query',
			formId: 'BD_Customer',
			fieldKeys: responses.templates.executeBillQuery.fieldKeys,
			returnAll: true,
			options: {},
		});
		expect(out.map((o) => o.json)).toEqual([
			{ FNumber: 'FValue1', FName: 'FValue2' },
			{ FNumber: 'FValue1', FName: 'FValue2' },
		]);
	});

	it('captured ValidateUser answer → a session (KDSVCSessionId when no cookie is set)', async () => {
		const body = responses.captured.validateUser.body;
		const session = await login(async () => ({ statusCode: 200, headers: {}, body }), creds('appSecretLogin'));
		expect(session).toMatchObject({
			token: '2c6dfa6c-039b-4b65-b52f-898d3c7c522a',
			cookies: ['kdservice-sessionid=2c6dfa6c-039b-4b65-b52f-898d3c7c522a'],
		});
	});
});

// ---- (b) + (c) a representative run against the emulator ------------------------------------------------------

const boolish = z.union([z.boolean(), z.enum(['true', 'false'])]);
const idish = z.union([z.number(), z.string()]);
const message = z.object({ FieldName: z.string().nullable(), Message: z.string(), DIndex: z.number() }).strict();
const entity = z.object({ Id: idish, Number: z.string(), DIndex: z.number() }).strict();
/** ResponseStatus as in the page template and the captures: ErrorCode absent on success, MsgCode optional. */
const status = z
	.object({
		ErrorCode: z.union([z.number(), z.string()]).optional(),
		IsSuccess: boolish,
		Errors: z.array(message),
		SuccessEntitys: z.array(entity),
		SuccessMessages: z.array(message),
		MsgCode: z.union([z.number(), z.string()]).optional(),
	})
	.strict();
const schemas = {
	save: z
		.object({
			Result: z
				.object({ ResponseStatus: status, Id: idish, Number: z.string().optional(), NeedReturnData: z.array(z.unknown()) })
				.strict(),
		})
		.strict(),
	batchSave: z.object({ Result: z.object({ ResponseStatus: status, NeedReturnData: z.array(z.unknown()) }).strict() }).strict(),
	operation: z.object({ Result: z.object({ ResponseStatus: status }).strict() }).strict(),
	push: z.object({ Result: z.object({ ResponseStatus: status, ConvertResponseStatus: status }).strict() }).strict(),
	view: z.object({ Result: z.object({ ResponseStatus: z.null(), Result: z.record(z.unknown()) }).strict() }).strict(),
	query: z.union([
		z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
		z.tuple([z.tuple([z.object({ Result: z.object({ ResponseStatus: status }).strict() }).strict()])]),
	]),
	login: z
		.object({ LoginResultType: z.number(), KDSVCSessionId: z.string().nullable(), Message: z.string().nullable() })
		.passthrough(),
};
const SCHEMA_OF: Record<string, keyof typeof schemas> = {
	Save: 'save',
	Draft: 'save',
	BatchSave: 'batchSave',
	Submit: 'operation',
	Audit: 'operation',
	UnAudit: 'operation',
	Delete: 'operation',
	Push: 'push',
	View: 'view',
	ExecuteBillQuery: 'query',
	LoginByAppSecret: 'login',
	ValidateUser: 'login',
};

describe('the schemas agree with the fixtures', () => {
	it.each([
		['save', responses.templates.save.body],
		['save', responses.captured.saveSuccess.body],
		['save', responses.captured.saveFailure.body],
		['batchSave', responses.templates.batchSave.body],
		['operation', responses.templates.operation.body],
		['operation', responses.captured.sessionLost.body],
		['push', responses.templates.push.body],
		['view', responses.captured.view.body],
		['query', responses.templates.executeBillQuery.body],
		['query', [[responses.captured.sessionLost.body]]],
		['login', responses.captured.validateUser.body],
	] as const)('%s fits its fixture', (name, body) => {
		expect(schemas[name].safeParse(body).error?.issues ?? []).toEqual([]);
	});
});

describe('(b) emulator answers fit the documented shapes; (c) node requests fit the documented requests', () => {
	let emu: KingdeeEmulator;
	const log: Exchange[] = [];
	beforeAll(async () => {
		emu = await startKingdeeEmulator({ customers: 30 });
		sessionCache.clear();
		const u = emu.url;
		const orders = [1, 2].map((n) => ({
			FDate: '2026-11-20T10:00:00+08:00',
			'FCustId.FNumber': `C000${n}`,
			'FSaleOrgId.FNumber': '100',
			FSaleOrderEntry: [{ 'FMaterialId.FNumber': 'M001', FQty: n }],
		}));
		const customers = [
			{ FNumber: 'K1', FName: 'A' },
			{ FNumber: 'K2', FName: '' },
			{ FNumber: 'K3', FName: 'C' },
		];
		for (const mode of ['signature', 'appSecretLogin', 'passwordLogin'] as const) {
			emu.state.reset({ customers: 30, answerStyle: mode === 'passwordLogin' ? 'template' : 'typed' });
			const o = { log, mode, continueOnFail: true };
			await run(
				u,
				{
					resource: 'form',
					operation: 'query',
					formId: 'BD_Customer',
					fieldKeys: 'FNumber,FName',
					filterString: "FNumber LIKE 'C%'",
					orderString: 'FNumber',
					returnAll: true,
					options: { pageSize: 7 },
				},
				o,
			);
			await run(
				u,
				{ resource: 'form', operation: 'query', formId: 'BD_Customer', fieldKeys: 'FNope', returnAll: true, options: {} },
				o,
			).catch(() => undefined);
			const saved = await run(
				u,
				(i) => ({
					resource: 'form',
					operation: 'batchSave',
					formId: 'SAL_SaleOrder',
					model: orders[i],
					batchSize: 10,
					options: {},
				}),
				{ ...o, items: orders },
			);
			const numbers = saved.map((s) => String(s.json.number));
			await run(
				u,
				(i) => ({
					resource: 'form',
					operation: 'batchSave',
					formId: 'BD_Customer',
					model: customers[i],
					batchSize: 10,
					options: {},
				}),
				{ ...o, items: customers },
			);
			await run(
				u,
				(i) => ({
					resource: 'form',
					operation: 'upsert',
					formId: 'BD_Customer',
					model: customers[i],
					matchField: '',
					idField: '',
					batchSize: 10,
					options: {},
				}),
				{ ...o, items: customers },
			);
			await run(
				u,
				{
					resource: 'form',
					operation: 'save',
					formId: 'BD_Customer',
					model: { FNumber: 'K9', FName: 'x', 'FCreateOrgId.FNumber': '100' },
					options: { isVerifyBaseDataField: true, needReturnFields: 'FName' },
				},
				o,
			);
			await run(u, { resource: 'form', operation: 'draft', formId: 'SAL_SaleOrder', model: { FNote: 'draft' }, options: {} }, o);
			for (const operation of ['submit', 'audit', 'unAudit', 'submit', 'audit']) {
				await run(
					u,
					(i) => ({
						resource: 'form',
						operation,
						formId: 'SAL_SaleOrder',
						by: 'number',
						number: numbers[i],
						batchSize: 10,
						options: { networkCtrl: true },
					}),
					{ ...o, items: numbers.map(() => ({})) },
				);
			}
			await run(
				u,
				{
					resource: 'form',
					operation: 'push',
					formId: 'SAL_SaleOrder',
					pushBy: 'numbers',
					numbers: numbers.join(','),
					targetFormId: 'SAL_DELIVERYNOTICE',
					ruleId: '',
					options: {},
				},
				o,
			);
			await run(u, { resource: 'form', operation: 'view', formId: 'SAL_DELIVERYNOTICE', by: 'number', number: 'FHTZD000001' }, o);
			await run(
				u,
				{
					resource: 'form',
					operation: 'delete',
					formId: 'SAL_DELIVERYNOTICE',
					by: 'number',
					number: 'FHTZD000001',
					batchSize: 10,
					options: {},
				},
				o,
			);
			await run(
				u,
				{ resource: 'form', operation: 'delete', formId: 'SAL_SaleOrder', by: 'id', id: '1', batchSize: 10, options: {} },
				o,
			);
		}
	}, 60_000);
	afterAll(() => emu.close());

	const serviceOf = (url: string) => /([^/.]+)\.common\.kdsvc$/.exec(url)?.[1] ?? '';

	it('the run covered every service the node uses, in both styles', () => {
		expect(new Set(log.map((e) => serviceOf(e.url)))).toEqual(new Set(Object.keys(SCHEMA_OF)));
	});

	it('(b) every emulator answer fits the schema of its service', () => {
		const misfits = log
			.filter((e) => !schemas[SCHEMA_OF[serviceOf(e.url)]].safeParse(e.answer).success)
			.map((e) => [serviceOf(e.url), JSON.stringify(e.answer).slice(0, 200)]);
		expect(misfits).toEqual([]);
		expect(log.every((e) => e.status === 200)).toBe(true);
	});

	it('(c) every request: a documented service, its wrapper keys, documented data fields, required ones present', () => {
		const services = requestsDoc.services as unknown as Record<
			string,
			{ service: string; wrapper: string[]; data: string[]; required?: string[]; modelIsArray?: boolean; maxLimit?: number }
		>;
		const problems: string[] = [];
		for (const e of log) {
			const name = serviceOf(e.url);
			if (name === 'LoginByAppSecret' || name === 'ValidateUser') {
				const expected = requestsDoc.login[name].parameters.length;
				const body = e.body as { parameters?: unknown[] };
				if (body.parameters?.length !== expected) problems.push(`${name}: ${JSON.stringify(body)}`);
				continue;
			}
			const doc = services[name];
			if (!doc || !e.url.endsWith(`/${doc.service}.common.kdsvc`)) {
				problems.push(`undocumented ${e.url}`);
				continue;
			}
			const body = e.body as Record<string, unknown>;
			if (JSON.stringify(Object.keys(body).sort()) !== JSON.stringify([...doc.wrapper].sort()))
				problems.push(`${name} wrapper ${Object.keys(body)}`);
			const data = body.data as Record<string, unknown>;
			const extra = Object.keys(data).filter((k) => !doc.data.includes(k));
			if (extra.length) problems.push(`${name} undocumented data fields ${extra}`);
			for (const key of doc.required ?? []) if (data[key] === undefined) problems.push(`${name} lacks ${key}`);
			if (doc.modelIsArray && !Array.isArray(data.Model)) problems.push(`${name} Model is not an array`);
			if (doc.maxLimit && Number(data.Limit) > doc.maxLimit) problems.push(`${name} Limit ${data.Limit}`);
		}
		expect(problems).toEqual([]);
	});

	it('(c) Save, Draft and BatchSave always send IsDeleteEntry (false unless asked)', () => {
		const writes = log.filter((e) => ['Save', 'Draft', 'BatchSave'].includes(serviceOf(e.url)));
		expect(writes.length).toBeGreaterThan(5);
		for (const e of writes) expect((e.body as { data: IDataObject }).data.IsDeleteEntry).toBe(false);
	});
});
