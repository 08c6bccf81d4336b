/**
 * Mingdao v3 contract: the package against Mingdao's official v3 reference (test/fixtures/mingdao, copied from
 * the OpenAPI export), not against our own emulator's idea of it.
 * (a) every official response example, verbatim, through the node: what a user gets;
 * (b) every answer the emulator gives in representative flows fits the official response schema;
 * (c) every request the node sends fits the official request schema;
 * plus the repairs the export needs, the per-type operator table and the type codes.
 */
import type { IDataObject, ILoadOptionsFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { startHttpServer } from '../emulators/common/server';
import type { EmuRequest, RunningServer } from '../emulators/common/server';
import { DEMO_WORKSHEETS, startMingdaoEmulator } from '../emulators/mingdao';
import type { MingdaoEmulator } from '../emulators/mingdao';
import fieldTypes from '../fixtures/mingdao/field-types.json';
import spec from '../fixtures/mingdao/v3-openapi.trimmed.json';
import {
	checkRequest,
	checkResponse,
	checkVerbatim,
	OPERATIONS,
	operationFor,
	rawRequestSchema,
	rawResponseSchema,
	REPAIRS,
	requestExample,
	responseExamples,
} from '../fixtures/mingdao/openapi';
import type { Operation } from '../fixtures/mingdao/openapi';
import { executeContext, httpRequest } from '../support/context';
import { Mingdao } from '../../nodes/Mingdao/Mingdao.node';
import { mingdaoAdapter } from '../../nodes/Mingdao/adapter';
import type { MingdaoCredentials } from '../../nodes/Mingdao/adapter';
import { TYPE_CODES } from '../../nodes/Mingdao/worksheet';
import { OPERATORS, OPERATORS_BY_TYPE } from '../../nodes/Mingdao/filters';
import { getFilterFields } from '../../nodes/Mingdao/methods/filters';
import { searchWorksheets } from '../../nodes/Mingdao/methods/worksheets';
import errorCodes from '../fixtures/mingdao/error-codes.json';
import { retryPolicy } from '../../nodes/core/retry';

type Json = Record<string, any>;

const op = (key: string): Operation => {
	const found = OPERATIONS.find((o) => o.key === key);
	if (!found) throw new Error(`not in the fixture: ${key}`);
	return found;
};
const APP = op('GET /v3/app');
const STRUCTURE = op('GET /v3/app/worksheets/{worksheet_id}');
const LIST = op('POST /v3/app/worksheets/{worksheet_id}/rows/list');
const GET_ROW = op('GET /v3/app/worksheets/{worksheet_id}/rows/{row_id}');
const CREATE = op('POST /v3/app/worksheets/{worksheet_id}/rows');
const CREATE_BATCH = op('POST /v3/app/worksheets/{worksheet_id}/rows/batch');
const UPDATE_BATCH = op('PATCH /v3/app/worksheets/{worksheet_id}/rows/batch');
const DELETE_BATCH = op('DELETE /v3/app/worksheets/{worksheet_id}/rows/batch');
const UPDATE = op('PATCH /v3/app/worksheets/{worksheet_id}/rows/{row_id}');
const DELETE = op('DELETE /v3/app/worksheets/{worksheet_id}/rows/{row_id}');
const example = (o: Operation, name = 'example') => structuredClone(responseExamples(o)[name]) as Json;

beforeAll(() => {
	retryPolicy.baseDelayMs = 5;
});

describe('the fixture', () => {
	it('names its source and holds exactly the ten operations the node calls, with their schemas', () => {
		expect(spec.source).toMatchObject({ downloaded: '2025-10-11', file: 'mingdao-v3-openapi.json', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
		expect(OPERATIONS.map((o) => o.key).sort()).toEqual(
			[APP, STRUCTURE, LIST, GET_ROW, CREATE, CREATE_BATCH, UPDATE_BATCH, DELETE_BATCH, UPDATE, DELETE].map((o) => o.key).sort(),
		);
		for (const o of OPERATIONS) {
			expect([o.key, !!rawResponseSchema(o)]).toEqual([o.key, true]);
			expect([o.key, Object.keys(responseExamples(o)).length > 0]).toEqual([o.key, true]);
		}
	});

	it('lists each repair of the export, and each is needed: the verbatim schema refuses what the reference itself shows', () => {
		expect(REPAIRS).toHaveLength(7);
		// R1: `type: "null"` beside oneOf refuses the batch-create request example's value "".
		expect(checkVerbatim(rawRequestSchema(CREATE_BATCH)!, requestExample(CREATE_BATCH)).join()).toMatch(/value must be null/);
		expect(checkRequest(CREATE_BATCH, requestExample(CREATE_BATCH))).toEqual([]);
		// R2: oneOf integer|number refuses every integer value; R3: `nullable` is not JSON Schema (null refused).
		const create = (value: unknown) => ({ fields: [{ id: 'f', value }] });
		expect(checkVerbatim(rawRequestSchema(CREATE)!, create(5)).join()).toMatch(/must match exactly one schema/);
		expect(checkVerbatim(rawRequestSchema(CREATE)!, create(null)).length).toBeGreaterThan(0);
		expect([checkRequest(CREATE, create(5)), checkRequest(CREATE, create(null)), checkRequest(CREATE, create(['k']))]).toEqual([[], [], []]);
		// R4: a row needs a key literally named "{field}".
		const row = example(LIST).data.rows[0];
		const rowSchema = (spec.components.schemas as Json).obj_record_row;
		expect(checkVerbatim(rowSchema, row).join()).toMatch(/required property '\{field\}'/);
		// R5: rows is one row, not a list; R6: "total\t" leaves total unchecked.
		expect(checkVerbatim(rawResponseSchema(LIST)!, example(LIST)).join()).toMatch(/\/data\/rows must be object/);
		expect(Object.keys(rawResponseSchema(LIST)!.properties.data.properties)).toEqual(['rows', 'total\t']);
		expect(checkResponse(LIST, { success: true, data: { rows: [], total: { any: 'thing' } } }).join()).toMatch(/total must be string/);
		// R7: a nested group's children are one object, not a list: the request example itself is refused.
		expect(checkVerbatim(rawRequestSchema(LIST)!, requestExample(LIST)).join()).toMatch(/children must be object/);
		expect(checkRequest(LIST, requestExample(LIST))).toEqual([]);
	});

	it('refuses the shapes of the old notes (what the emulator answered before), so they cannot come back', () => {
		const oldStructure = { success: true, error_code: 1, data: { id: 'w', name: 'W', alias: 'a', fields: [{ id: 'f', name: 'F', alias: 'f', type: 'Text', unique: true }] } };
		expect(checkResponse(STRUCTURE, oldStructure).join()).toMatch(/worksheetId/);
		const oldRow = { rowid: 'r1', ctime: '2026-01-01 10:00:00', utime: '2026-01-01 10:00:00', f: 'x' };
		expect(checkResponse(LIST, { success: true, data: { rows: [oldRow], total: '1' } }).join()).toMatch(/required property 'id'/);
		expect(checkResponse(UPDATE_BATCH, { success: true, error_code: 1, data: true }).join()).toMatch(/data must be object/);
		const oldApp = { organizationId: 'o', appId: 'a', name: 'A', iconUrl: '', color: '', desc: '', remark: '', sections: [{ id: 's', name: 'S', worksheets: [{ id: 'w', name: 'W' }] }] };
		expect(checkResponse(APP, { success: true, data: oldApp }).join()).toMatch(/additional properties.*worksheets/);
		expect(checkResponse(CREATE, { success: false, error_code: 10101, error_msg: 'x', data: null }).length).toBeGreaterThan(0);
		// Requests: both required paging keys; nothing the reference does not name.
		expect(checkRequest(LIST, { pageIndex: 1 }).join()).toMatch(/pageSize/);
		expect(checkRequest(LIST, { pageIndex: 1, pageSize: 10, includeTotal: true }).join()).toMatch(/includeTotal/);
	});
});

/** The reference's per-type table (with "same as Text/Number" expanded), keyed by type name. */
const OFFICIAL_OPERATORS: Record<string, string[]> = (() => {
	const types = fieldTypes.fieldTypes.types as Array<{ type: string; operators: string[] | string }>;
	const byName = Object.fromEntries(types.map((t) => [t.type, t.operators]));
	const resolve = (ops: string[] | string): string[] => (typeof ops === 'string' ? resolve(byName[ops.slice(1)]) : ops);
	return Object.fromEntries(types.map((t) => [t.type, resolve(t.operators)]));
})();

describe('field types and operators', () => {
	it('the node offers per type exactly the operators of the official per-type table', () => {
		expect(OPERATORS_BY_TYPE).toEqual(OFFICIAL_OPERATORS);
	});

	it('the node reads numeric type codes with the table\'s Code column', () => {
		const official = Object.fromEntries(
			(fieldTypes.fieldTypes.types as Array<{ type: string; codes: number[] }>).flatMap((t) => t.codes.map((c) => [c, t.type])),
		);
		expect(TYPE_CODES).toEqual(official);
	});

	it('operators are the generator\'s: ge/le, never gte/lte', () => {
		const generated = new Set([...Object.values(fieldTypes.filterGenerator.conditionOperators), ...Object.values(fieldTypes.filterGenerator.multiValueOperators)]);
		const offered = OPERATORS.map((o) => o.value);
		expect(offered).toEqual(expect.arrayContaining(['ge', 'le']));
		expect(offered).not.toContain('gte');
		expect(offered).not.toContain('lte');
		// Everything offered is an operator Mingdao's own generator emits.
		expect(offered.filter((o) => !generated.has(o))).toEqual([]);
		// Text (data type 2) is not a multi-value type: "is any of" stays eq with several values.
		expect(fieldTypes.filterGenerator.multiValueTypes).not.toContain(2);
	});
});

describe('error codes: the app API page\'s own table', () => {
	const creds: MingdaoCredentials = { baseUrl: 'http://mingdao.invalid', appKey: 'k', sign: 's', requestsPerSecond: 0 };
	const classify = (body: unknown) =>
		mingdaoAdapter.classify({ request: { method: 'GET', path: '/v3/app', idempotent: true }, creds, response: { statusCode: 200, headers: {}, body } });

	it('names its source; 51 is throttling, 90000 a quota, 1 success, every other code an error with its message', () => {
		expect(errorCodes.source).toMatch(/pd-openweb.*apiV2Config\.js.*ERROR_CODE/);
		expect(errorCodes.codes.length).toBeGreaterThan(20);
		const expected: Record<number, string> = { 1: 'ok', 51: 'throttle', 90000: 'quota' };
		for (const { code, desc } of errorCodes.codes) {
			const body = code === 1 ? { success: true, error_code: 1, data: {} } : { success: false, error_code: code, error_msg: desc };
			expect([code, classify(body)]).toEqual([code, expected[code] ?? 'error']);
		}
		const failure = mingdaoAdapter.failure({
			request: { method: 'GET', path: '/v3/app', idempotent: true },
			creds,
			response: { statusCode: 200, headers: {}, body: { success: false, error_code: 90000, error_msg: '请求次数超出限制' } },
		});
		expect(failure).toEqual({ code: '90000', message: '请求次数超出限制', hint: expect.stringMatching(/quota/) });
	});

	it('Mingdao documents no "busy" answer; one that says so anyway is treated as busy (reads retried), by assumption', () => {
		expect(errorCodes.codes.filter((c) => /繁忙|busy/i.test(c.desc))).toEqual([]);
		expect(JSON.stringify(spec)).not.toMatch(/繁忙|busy/i);
		expect(classify({ success: false, error_code: 0, error_msg: '系统繁忙，请稍后再试' })).toBe('busy');
		expect(classify({ success: false, code: 99999, msg: 'Server busy' })).toBe('busy');
		expect(classify({ success: false, error_code: 99999, error_msg: '数据操作异常' })).toBe('error');
	});
});

/**
 * A server that answers each official operation with what a test gives it (an official example, verbatim) and
 * records the requests. Everything in between is the node's own code over real HTTP.
 */
class ExampleServer {
	answers = new Map<string, unknown>();
	requests: Array<{ op: Operation; body: unknown }> = [];
	private server?: RunningServer;

	get url() {
		return this.server!.url;
	}
	async start() {
		this.server = await startHttpServer((req: EmuRequest) => {
			const o = operationFor(req.method, req.path);
			if (!o) return { status: 404, body: 'no such operation' };
			this.requests.push({ op: o, body: req.body });
			if (!this.answers.has(o.key)) return { status: 500, body: `no answer set for ${o.key}` };
			return { body: this.answers.get(o.key) };
		});
	}
	set(o: Operation, body: unknown) {
		this.answers.set(o.key, body);
		return this;
	}
	close() {
		return this.server?.close();
	}
}

const WS = { __rl: true, mode: 'id', value: 'ws1' };

async function runNode(
	baseUrl: string,
	parameters: IDataObject | ((i: number) => IDataObject),
	options: { items?: IDataObject[]; continueOnFail?: boolean; keys?: { appKey: string; signSecret: string } } = {},
): Promise<INodeExecutionData[]> {
	const keys = options.keys ?? { appKey: 'k', signSecret: 's' };
	const ctx = executeContext({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: { mingdaoApi: { baseUrl, ...keys, requestsPerSecond: 1000 } as never },
	});
	const [out] = await new Mingdao().execute.call(ctx);
	return out;
}

function loadOptionsContext(baseUrl: string, parameters: IDataObject): ILoadOptionsFunctions {
	return {
		getNode: () => ({ id: 'n', name: 'Mingdao', type: 'mingdao', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => ({ baseUrl, appKey: 'k', signSecret: 's', requestsPerSecond: 1000 }),
		getCurrentNodeParameter: (name: string) => parameters[name],
		helpers: { httpRequest: (o: never) => httpRequest(o) },
	} as unknown as ILoadOptionsFunctions;
}

describe('(a) the official response examples, verbatim, through the node', () => {
	const stub = new ExampleServer();
	beforeAll(() => stub.start());
	afterAll(() => stub.close());
	beforeEach(() => {
		stub.answers.clear();
		stub.requests = [];
	});
	afterEach(() => {
		// (c) for these runs too: every request the node sent fits the official request schema.
		for (const r of stub.requests) expect([r.op.key, checkRequest(r.op, r.body)]).toEqual([r.op.key, []]);
	});

	it('GET /v3/app: List and the worksheet picker give the worksheets (type 0) of every section, not pages', async () => {
		const app = example(APP);
		stub.set(APP, app);
		const out = (await runNode(stub.url, { resource: 'worksheet', operation: 'list' })).map((o) => o.json);
		const sheets = (app.data.sections as Json[]).flatMap((s) => (s.items as Json[]).filter((i) => i.type === 0));
		expect(out).toHaveLength(20);
		expect(out.map((w) => w.id)).toEqual(sheets.map((s) => s.id));
		expect(out[0]).toEqual({ id: '676910ad8d09d8a189da06a1', name: '渠道伙伴', alias: '', section: '渠道', appId: app.data.appId });
		expect(out.find((w) => w.name === '市场活动')).toMatchObject({ alias: 'schd', section: '市场' });
		// Custom pages (type 1: 应用说明, 经理看板 in the child section) and the child-section entry (type 2) are not worksheets.
		expect(out.map((w) => w.name)).not.toEqual(expect.arrayContaining(['应用说明(操作指引)']));
		expect(out.map((w) => w.name)).not.toContain('经理看板');
		expect(out.map((w) => w.name)).not.toContain('子分组');
		const picked = await searchWorksheets.call(loadOptionsContext(stub.url, {}), '市场');
		expect(picked.results).toEqual([{ name: '市场活动 (市场)', value: 'schd' }]);
	});

	it('GET worksheet structure, example 1 (type as the number 2, no isUnique): Get Fields reads it', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1'));
		const out = await runNode(stub.url, { resource: 'worksheet', operation: 'getFields', worksheet: WS });
		expect(out.map((o) => o.json)).toEqual([
			{
				worksheetId: '65dda1a5a608a40050774c72',
				id: '632444f6182c34e9180b0676',
				name: '名称',
				alias: '',
				type: 'Text',
				required: false,
				isUnique: false,
				isTitle: false,
				isReadOnly: false,
				isHidden: false,
				options: [],
			},
		]);
		const fields = await getFilterFields.call(loadOptionsContext(stub.url, { worksheet: 'ws1' }));
		expect(fields.find((f) => f.value === '632444f6182c34e9180b0676')).toEqual({
			name: '名称 · Text',
			value: '632444f6182c34e9180b0676',
			description: expect.stringMatching(/^Operators: Equals, Not Equals, Contains, Contains All Of, .*Is Any Of, Is None Of$/),
		});
	});

	it('GET worksheet structure, example 2 ({success:false, code, msg}): a Mingdao error with its code and message', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '2'));
		const error = await runNode(stub.url, { resource: 'worksheet', operation: 'getFields', worksheet: WS }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.apiCode).toBe('10001');
		expect(error.message).toBe('Mingdao (明道云) API error 10001: 具体错误信息');
	});

	it('POST rows/list: Get Many gives {id, _createdAt, _updatedAt, users by name}; the legacy keys are gone', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(LIST, example(LIST));
		const out = await runNode(stub.url, { resource: 'row', operation: 'getMany', worksheet: WS, returnAll: true });
		expect(out.map((o) => o.json)).toEqual([
			{
				id: '0bc19fb7-4100-43ad-8f0e-7d2879427677',
				_createdAt: '2024-03-25T15:52:58+08:00',
				_updatedAt: '2024-03-25T15:52:58+08:00',
				_createdBy: 'API',
				_updatedBy: 'API',
				_owner: '未指定',
			},
		]);
		// total 1 (a number here, a string in the schema) ends the paging after one call.
		expect(stub.requests.filter((r) => r.op === LIST)).toHaveLength(1);
		const raw = await runNode(stub.url, { resource: 'row', operation: 'getMany', worksheet: WS, limit: 5, options: { simplify: false } });
		expect(raw[0].json).toEqual(example(LIST).data.rows[0]);
	});

	it('GET row detail (spelled _createAt / _createBy with accountId): Get reads the old spellings too', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(GET_ROW, example(GET_ROW));
		const out = await runNode(stub.url, { resource: 'row', operation: 'get', worksheet: WS, rowId: '0bc19fb7-4100-43ad-8f0e-7d2879427677' });
		expect(out[0].json).toEqual({
			id: '0bc19fb7-4100-43ad-8f0e-7d2879427677',
			_createdAt: '2024-03-25T15:52:58+08:00',
			_updatedAt: '2024-03-25T15:52:58+08:00',
			_createdBy: '卜佳菲',
			_updatedBy: '卜佳菲',
			_owner: '未指定',
		});
	});

	it('a legacy row {rowid, ctime, utime} reads into the same shape', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(GET_ROW, { success: true, data: { rowid: 'r1', ctime: '2026-01-02 03:04:05', utime: '2026-01-02 03:04:06', '632444f6182c34e9180b0676': 'x' } });
		const out = await runNode(stub.url, { resource: 'row', operation: 'get', worksheet: WS, rowId: 'r1' });
		expect(out[0].json).toEqual({ id: 'r1', _createdAt: '2026-01-02T03:04:05+08:00', _updatedAt: '2026-01-02T03:04:06+08:00', '632444f6182c34e9180b0676': 'x' });
		const raw = await runNode(stub.url, { resource: 'row', operation: 'get', worksheet: WS, rowId: 'r1', options: { simplify: false } });
		expect(raw[0].json).toMatchObject({ id: 'r1', rowid: 'r1' });
	});

	const createParams = { resource: 'row', worksheet: WS, columns: { mappingMode: 'defineBelow', value: { '632444f6182c34e9180b0676': 'HHHH' } } };

	it('POST rows: the example ({id: ""}) is an error saying the row was created without an id; a real id is output as id', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(CREATE, example(CREATE));
		const error = await runNode(stub.url, { ...createParams, operation: 'create' }).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/created but the answer has no row id \(data\.id\)/);
		stub.set(CREATE, { ...example(CREATE), data: { id: 'new-row' } });
		expect((await runNode(stub.url, { ...createParams, operation: 'create' }))[0].json).toEqual({ action: 'created', id: 'new-row' });
	});

	it('POST rows/batch: the example ({rows: []}) cannot be paired and says so; rowIds (schema) and rows (example) both pair', async () => {
		const items = [{}, {}];
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(CREATE_BATCH, example(CREATE_BATCH));
		const error = await runNode(stub.url, { ...createParams, operation: 'createMany' }, { items }).catch((e) => e);
		expect(error.message).toMatch(/answered 0 row ids for 2 rows/);
		for (const data of [{ rowIds: ['a', 'b'] }, { rows: ['a', 'b'] }, { rows: [{ id: 'a' }, { id: 'b' }] }, { rows: [{ rowid: 'a' }, { rowid: 'b' }] }]) {
			stub.set(CREATE_BATCH, { success: true, data });
			const out = await runNode(stub.url, { ...createParams, operation: 'createMany' }, { items });
			expect([data, out.map((o) => o.json)]).toEqual([data, [{ action: 'created', id: 'a' }, { action: 'created', id: 'b' }]]);
		}
	});

	const updateParams = (rowIds: string[]) => (i: number) => ({
		resource: 'row',
		operation: 'updateMany',
		worksheet: WS,
		rowId: rowIds[i],
		columns: { mappingMode: 'defineBelow', value: { '632444f6182c34e9180b0676': 'same' } },
	});

	it('PATCH rows/batch: rows in failedRowIds (or left out of a non-empty successfulRowIds) are failed items, never "updated"', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(UPDATE_BATCH, example(UPDATE_BATCH));
		// The example's lists are both empty: nothing names a row, and success:true is the only word.
		const none = await runNode(stub.url, updateParams(['a', 'b']), { items: [{}, {}], continueOnFail: true });
		expect(none.map((o) => o.json)).toEqual([
			{ action: 'updated', id: 'a', changed: ['632444f6182c34e9180b0676'] },
			{ action: 'updated', id: 'b', changed: ['632444f6182c34e9180b0676'] },
		]);
		stub.set(UPDATE_BATCH, { success: true, data: { successfulRowIds: ['a'], failedRowIds: [] } });
		const unconfirmed = await runNode(stub.url, updateParams(['a', 'b']), { items: [{}, {}], continueOnFail: true });
		expect(unconfirmed.map((o) => o.json.action ?? o.json)).toEqual([
			'updated',
			{ error: 'Mingdao (明道云) API error failedRowIds: row b was not confirmed as updated (not in successfulRowIds)', details: expect.objectContaining({ code: 'failedRowIds' }) },
		]);
		stub.set(UPDATE_BATCH, { success: true, data: { successfulRowIds: ['a'], failedRowIds: ['b'] } });
		const partial = await runNode(stub.url, updateParams(['a', 'b']), { items: [{}, {}], continueOnFail: true });
		expect(partial.map((o) => o.json.action ?? o.json.error)).toEqual(['updated', 'Mingdao (明道云) API error failedRowIds: row b was not updated (Mingdao listed it in failedRowIds)']);
		expect(partial.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const stopped = await runNode(stub.url, updateParams(['a', 'b']), { items: [{}, {}] }).catch((e) => e);
		expect(stopped).toBeInstanceOf(NodeApiError);
		expect(stopped.message).toMatch(/row b was not updated/);
		// An older server's `data: true` (no lists) means all were updated.
		stub.set(UPDATE_BATCH, { success: true, error_code: 1, data: true });
		expect((await runNode(stub.url, updateParams(['a', 'b']), { items: [{}, {}] })).map((o) => o.json.action)).toEqual(['updated', 'updated']);
	});

	it('PATCH rows/{id}: example 1 (no data) is success; example 2 is Mingdao error 10101 with its hint', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(UPDATE, example(UPDATE, '1'));
		const out = await runNode(stub.url, { ...updateParams(['a'])(0), operation: 'update' });
		expect(out[0].json).toEqual({ action: 'updated', id: 'a', changed: ['632444f6182c34e9180b0676'] });
		stub.set(UPDATE, example(UPDATE, '2'));
		const error = await runNode(stub.url, { ...updateParams(['a'])(0), operation: 'update' }).catch((e) => e);
		expect([error.apiCode, error.message]).toEqual(['10101', 'Mingdao (明道云) API error 10101: 具体错误信息']);
		expect(error.description).toMatch(/App Key/);
	});

	it('DELETE rows/batch and rows/{id}: the examples ({success, error_code: 1}, no data) are success', async () => {
		stub.set(STRUCTURE, example(STRUCTURE, '1')).set(DELETE_BATCH, example(DELETE_BATCH)).set(DELETE, example(DELETE));
		const many = await runNode(stub.url, (i) => ({ resource: 'row', operation: 'delete', worksheet: WS, rowId: ['a', 'b'][i] }), { items: [{}, {}] });
		expect(many.map((o) => o.json)).toEqual([{ action: 'deleted', id: 'a' }, { action: 'deleted', id: 'b' }]);
		const one = await runNode(stub.url, { resource: 'row', operation: 'delete', worksheet: WS, rowId: 'c' });
		expect(one[0].json).toEqual({ action: 'deleted', id: 'c' });
		expect(stub.requests.map((r) => r.op.key)).toEqual([STRUCTURE.key, DELETE_BATCH.key, STRUCTURE.key, DELETE.key]);
	});

	it('every error form the reference shows is a Mingdao error with its code, never "not a Mingdao answer"', async () => {
		const forms: Array<[unknown, string, string]> = [
			[{ success: false, error_code: 10005, error_msg: '没有权限' }, '10005', '没有权限'],
			[example(STRUCTURE, '2'), '10001', '具体错误信息'],
			// Mingdao's development site (per the project's corrections notes; not in the OpenAPI file).
			[{ errorCode: 10101, errorMsg: 'appkey not found' }, '10101', 'appkey not found'],
			[{ success: false, msg: 'no code given' }, 'UNKNOWN', 'no code given'],
		];
		for (const [body, code, message] of forms) {
			stub.set(APP, body);
			const error = await runNode(stub.url, { resource: 'worksheet', operation: 'list' }).catch((e) => e);
			expect([error.apiCode, error.message]).toEqual([code, `Mingdao (明道云) API error ${code}: ${message}`]);
		}
		stub.set(APP, '<html>proxy login</html>');
		const notMingdao = await runNode(stub.url, { resource: 'worksheet', operation: 'list' }).catch((e) => e);
		expect(notMingdao.message).toMatch(/UNEXPECTED: not a Mingdao answer/);
	});
});

describe('(b, c) the emulator and the node in representative flows, all checked against the reference', () => {
	let emu: MingdaoEmulator;
	beforeAll(async () => {
		// The demo app plus a worksheet keyed by a Number field.
		const scores = { alias: 'scores', name: 'Scores', fields: [{ alias: 'score_id', name: 'Score ID', type: 'Number' as const, unique: true }, { alias: 'label', name: 'Label', type: 'Text' as const }] };
		emu = await startMingdaoEmulator({ ratePerSecond: 0, worksheets: [...DEMO_WORKSHEETS, scores] });
	});
	afterAll(() => emu.close());

	const USERS = { __rl: true, mode: 'id', value: 'xiaoe_users' };
	const ORDERS = { __rl: true, mode: 'id', value: 'xiaoe_orders' };
	const run = (parameters: IDataObject | ((i: number) => IDataObject), options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
		runNode(emu.url, parameters, { ...options, keys: { appKey: 'emu_appkey', signSecret: 'emu_sign' } });

	it('every operation, its answers and its requests fit; every official operation was exercised', async () => {
		await run({ resource: 'worksheet', operation: 'list' });
		await run({ resource: 'worksheet', operation: 'getFields', worksheet: USERS });
		const users = Array.from({ length: 12 }, (_, i) => ({ xiaoe_user_id: `u${i}`, pay_sum: i, source: ['微信', 'H5'][i % 2], user_created_at: `2026-11-${10 + i} 08:00:00` }));
		const upserted = await run({ resource: 'row', operation: 'upsert', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['xiaoe_user_id'] } }, { items: users });
		const ids = upserted.map((o) => o.json.id as string);
		const again = users.map((u, i) => ({ ...u, nickname: i < 4 ? 'renamed' : undefined }));
		await run({ resource: 'row', operation: 'upsert', worksheet: USERS, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['xiaoe_user_id'] } }, { items: again });
		// Number match field: looked up with an OR group of eq conditions.
		const scores = { resource: 'row', operation: 'upsert', worksheet: { __rl: true, mode: 'id', value: 'scores' }, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['score_id'] } };
		await run(scores, { items: [{ score_id: 1, label: 'one' }, { score_id: 2.5, label: 'two and a half' }] });
		const second = await run(scores, { items: [{ score_id: '1', label: 'one' }, { score_id: 2.5, label: 'changed' }, { score_id: 3 }] });
		expect(second.map((o) => o.json.action)).toEqual(['unchanged', 'updated', 'created']);
		const filters = [
			{ field: 'xiaoe_user_id', operator: 'in', value: 'u1,u2,u3' },
			{ field: 'pay_sum', operator: 'ge', value: '2' },
			{ field: 'user_created_at', operator: 'between', value: '2026-11-11,2026-11-30' },
			{ field: 'source', operator: 'in', value: '微信,H5' },
			{ field: 'utime', operator: 'between', value: '2000-01-01,2999-12-31' },
		];
		const got = await run({ resource: 'row', operation: 'getMany', worksheet: USERS, returnAll: true, filters: { conditions: filters }, sortField: 'ctime' });
		expect(got.map((o) => o.json.xiaoe_user_id)).toEqual(['u2', 'u3']);
		await run({ resource: 'row', operation: 'get', worksheet: USERS, rowId: ids[0] });
		await run({ resource: 'row', operation: 'create', worksheet: ORDERS, columns: { mappingMode: 'defineBelow', value: { order_id: 'o1', buyer: ids[0] } } });
		await run({ resource: 'row', operation: 'createMany', worksheet: ORDERS, columns: { mappingMode: 'autoMapInputData', value: null } }, { items: [{ order_id: 'o2' }, { order_id: 'o3' }] });
		await run({ resource: 'row', operation: 'update', worksheet: USERS, rowId: ids[1], columns: { mappingMode: 'defineBelow', value: { company: 'X' } } });
		emu.state.setFaults({ refuseUpdateRowIds: [ids[3]] });
		const many = await run(
			(i) => ({ resource: 'row', operation: 'updateMany', worksheet: USERS, rowId: ids[i + 2], columns: { mappingMode: 'defineBelow', value: { company: 'Y' } } }),
			{ items: [{}, {}, {}], continueOnFail: true },
		);
		emu.state.setFaults({ refuseUpdateRowIds: [] });
		expect(many.map((o) => o.json.action ?? o.json.details)).toEqual(['updated', { code: 'failedRowIds', description: expect.any(String) }, 'updated']);
		await run((i) => ({ resource: 'row', operation: 'delete', worksheet: USERS, rowId: ids[i + 8] }), { items: [{}, {}] });
		await run({ resource: 'row', operation: 'delete', worksheet: USERS, rowId: ids[11] });
		await run({ resource: 'row', operation: 'get', worksheet: USERS, rowId: 'missing' }, { continueOnFail: true });
		for (const style of ['code_msg', 'errorCode'] as const) {
			emu.state.setFaults({ errorStyle: style });
			const error = await run({ resource: 'row', operation: 'get', worksheet: USERS, rowId: 'missing' }).catch((e) => e);
			expect([style, error.apiCode]).toEqual([style, '10007']);
		}
		emu.state.setFaults({ errorStyle: 'error_code' });

		expect(emu.state.contract.violations).toEqual([]);
		const checked = emu.state.contract.checked;
		for (const o of OPERATIONS) {
			expect([o.key, checked[o.key]?.requests > 0, checked[o.key]?.responses > 0]).toEqual([o.key, true, true]);
		}
	});

	it('the check can fail: a request outside the reference is refused and logged, and so would an answer be', async () => {
		const before = emu.state.contract.violations.length;
		const res = await httpRequest({
			method: 'POST',
			url: `${emu.url}/v3/app/worksheets/xiaoe_users/rows/list`,
			headers: { 'HAP-Appkey': 'emu_appkey', 'HAP-Sign': 'emu_sign' },
			body: { pageIndex: 1, pageSize: 10, where: 'x' },
		});
		expect(res).toMatchObject({ success: false, error_code: 10001 });
		expect(emu.state.contract.violations.slice(before)).toEqual([
			expect.objectContaining({ kind: 'request', operation: LIST.key, problems: [expect.stringMatching(/additional properties.*where/)] }),
		]);
		// Every answer is checked (its count grows), so a drifted answer would be turned into HTTP 500.
		const answered = emu.state.contract.checked[APP.key].responses;
		await run({ resource: 'worksheet', operation: 'list' });
		expect(emu.state.contract.checked[APP.key].responses).toBe(answered + 1);
	});
});
