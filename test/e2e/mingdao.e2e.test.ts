/**
 * Mingdao in a real n8n (`n8n start`), for what only a running n8n shows (issue 15): the trigger's secret kept in an
 * encrypted credential (not in exports, the database file, executions or the log); an old workflow carrying the
 * secret as a parameter refused at activation; a webhook fuzz; two executions upserting the same keys at once; the
 * per-row filter operators through n8n's own dynamic-parameters endpoint. Mingdao's "Send API request" step is
 * played by plain HTTP calls to the production webhook URLs.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { PKG } from './harness/workflow';
import { DEMO_WORKSHEETS, startMingdaoEmulator } from '../emulators/mingdao';
import type { MingdaoEmulator, MingdaoWorksheetDef } from '../emulators/mingdao';

jest.setTimeout(10 * 60 * 1000);

type Json = Record<string, unknown>;
const SECRET = 'shared-secret-of-the-e2e-test-7Qx';
/** What an old workflow carried as a node parameter (stored in plain text: that is why it moved). */
const LEGACY_SECRET = 'legacy-secret-in-a-parameter-9Zk';
const CREDS = {
	mingdaoApi: { id: 'e2eMingdaoApi001', name: 'Mingdao' },
	mingdaoWebhookApi: { id: 'e2eMingdaoHook01', name: 'Mingdao Webhook' },
};
const HOOKS = {
	events: '5d1c7e5e-7a4e-4c39-9a51-3f0e6b1d2a01',
	parsed: '5d1c7e5e-7a4e-4c39-9a51-3f0e6b1d2a02',
	race: '5d1c7e5e-7a4e-4c39-9a51-3f0e6b1d2a03',
	legacy: '5d1c7e5e-7a4e-4c39-9a51-3f0e6b1d2a04',
};
const RACE: MingdaoWorksheetDef[] = [
	{ alias: 'race_unique', name: 'Race (unique key)', fields: [{ alias: 'key', name: 'Key', type: 'Text', unique: true }, { alias: 'n', name: 'N', type: 'Number' }] },
	{ alias: 'race_plain', name: 'Race (plain key)', fields: [{ alias: 'key', name: 'Key', type: 'Text' }, { alias: 'n', name: 'N', type: 'Number' }] },
];
const TASKS: MingdaoWorksheetDef = {
	alias: 'tasks',
	name: 'Tasks',
	fields: [
		{ alias: 'task', name: '任务', type: 'Text', unique: true },
		{ alias: 'due', name: '截止', type: 'Date' },
		{ alias: 'done', name: '完成', type: 'Checkbox' },
	],
};

let md: MingdaoEmulator;
let n8n: N8nInstance;
const ids: Record<keyof typeof HOOKS, string> = { events: 'mdHookEvents001', parsed: 'mdHookParsed001', race: 'mdHookRace00001', legacy: 'mdHookLegacy001' };

function trigger(webhookId: string, parameters: Json, credentials: boolean): Json {
	return {
		id: 't',
		name: 'Mingdao Trigger',
		type: `${PKG}.mingdaoTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters,
		...(credentials ? { credentials: { mingdaoWebhookApi: CREDS.mingdaoWebhookApi } } : {}),
	};
}

const workflow = (id: string, nodes: Json[], connections: Json = {}) => ({ id, name: `e2e ${id}`, nodes, connections, settings: { executionOrder: 'v1' } });

/** Trigger → upsert into the worksheet the record names, keyed by `fields.key`. */
function raceWorkflow(): Json {
	return workflow(
		ids.race,
		[
			trigger(HOOKS.race, { options: { binaryData: true } }, true),
			{
				id: 'u',
				name: 'Upsert',
				type: `${PKG}.mingdao`,
				typeVersion: 1,
				position: [220, 0],
				credentials: { mingdaoApi: CREDS.mingdaoApi },
				parameters: {
					resource: 'row',
					operation: 'upsert',
					worksheet: { __rl: true, mode: 'id', value: '={{ $json.worksheetId }}' },
					columns: {
						mappingMode: 'defineBelow',
						value: { key: '={{ $json.fields.key }}', n: '={{ $json.fields.n }}' },
						matchingColumns: ['key'],
						schema: [],
					},
					options: {},
				},
			},
		],
		{ 'Mingdao Trigger': { main: [[{ node: 'Upsert', type: 'main', index: 0 }]] } },
	);
}

interface Answer {
	status: number;
	body: string;
}

/** One HTTP request with exactly these headers (no content type is added), the body as given. */
function send(method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const data = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
		const req = http.request(url, { method, headers: { ...headers, ...(data ? { 'content-length': String(data.length) } : {}) }, timeout: 60_000 }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
		req.on('error', reject);
		if (data) req.write(data);
		req.end();
	});
}
const url = (hook: keyof typeof HOOKS, query = '') => `${n8n.baseUrl}/webhook/${HOOKS[hook]}/mingdao${query}`;
const postJson = (hook: keyof typeof HOOKS, body: unknown, headers: Record<string, string> = { 'X-Mingdao-Secret': SECRET, 'content-type': 'application/json' }) =>
	send('POST', url(hook), headers, JSON.stringify(body));
const executions = async (id: string) => (await n8n.listExecutions(id)).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
	md = await startMingdaoEmulator({ ratePerSecond: 0, worksheets: [...DEMO_WORKSHEETS, ...RACE, TASKS] });
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'mingdao' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{ ...CREDS.mingdaoApi, type: 'mingdaoApi', data: { baseUrl: md.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 0 } },
		{ ...CREDS.mingdaoWebhookApi, type: 'mingdaoWebhookApi', data: { secret: SECRET } },
	]);
	await n8n.importWorkflow(workflow(ids.events, [trigger(HOOKS.events, { options: { events: ['created', 'updated'], maxBodyKb: 64, binaryData: true } }, true)]));
	// As a node saved before Read the Body Unparsed existed: n8n parses the body itself.
	await n8n.importWorkflow(workflow(ids.parsed, [trigger(HOOKS.parsed, { options: {} }, true)]));
	await n8n.importWorkflow(raceWorkflow());
	// A workflow from before the secret moved into a credential: the secret as a node parameter, no credential.
	await n8n.importWorkflow(workflow(ids.legacy, [trigger(HOOKS.legacy, { secret: LEGACY_SECRET, options: { events: ['created'] } }, false)]));
	for (const id of [ids.events, ids.parsed, ids.race]) await n8n.activate(id);
	await n8n.start();
	// n8n registers production webhooks asynchronously after start: wait until each answers (401 to a wrong secret).
	for (const hook of ['events', 'parsed', 'race'] as const) {
		for (let i = 0; i < 150; i++) {
			if ((await postJson(hook, { rowId: 'probe' }, { 'X-Mingdao-Secret': 'wrong' })).status === 401) break;
			await sleep(200);
		}
	}
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await md?.close();
});

describe('Mingdao Trigger in real n8n', () => {
	it('starts one run per call with one item per record; a wrong secret gets 401 and starts nothing', async () => {
		const before = await executions(ids.events);
		expect((await postJson('events', { event: 'created', rowId: 'r0' }, { 'X-Mingdao-Secret': 'wrong', 'content-type': 'application/json' })).status).toBe(401);
		expect((await postJson('events', { event: 'created', rowId: 'r0' }, { 'content-type': 'application/json' })).status).toBe(401);
		const ok = await postJson('events', [
			{ event: 'created', worksheetId: 'xiaoe_orders', rowId: 'r1', fields: { order_id: 'o1' } },
			{ event: 'updated', worksheetId: 'xiaoe_orders', rowId: 'r2', fields: { order_id: 'o2' } },
			{ event: 'deleted', worksheetId: 'xiaoe_orders', rowId: 'r3', fields: {} },
		]);
		expect([ok.status, JSON.parse(ok.body)]).toEqual([200, { success: true }]);
		// The secret in the query (some setups cannot set headers), a bare row, no Content-Type at all.
		const bare = await send('POST', url('events', `?secret=${SECRET}&event=2`), {}, JSON.stringify({ rowid: 'r4', order_id: 'o4' }));
		expect(bare.status).toBe(200);

		const runs = (await n8n.waitForExecutions(ids.events, before + 2)).slice(before);
		expect(runs).toHaveLength(2);
		const first = itemsOf({ data: (await n8n.getExecution(runs[0].id)).data }, 'Mingdao Trigger');
		expect(first.map((i) => [i.event, i.rowId])).toEqual([
			['created', 'r1'],
			['updated', 'r2'],
		]);
		const second = itemsOf({ data: (await n8n.getExecution(runs[1].id)).data }, 'Mingdao Trigger');
		expect(second).toEqual([expect.objectContaining({ event: 'updated', rowId: 'r4', fields: { order_id: 'o4' } })]);
	});

	it('with n8n parsing the body (a node saved before Read the Body Unparsed): JSON without Content-Type, text, form-data', async () => {
		const before = await executions(ids.parsed);
		const headers = { 'X-Mingdao-Secret': SECRET };
		const form = ['--b1', 'Content-Disposition: form-data; name="rowid"', '', 'r7', '--b1', 'Content-Disposition: form-data; name="name"', '', '张三', '--b1--', ''].join('\r\n');
		const answers = [
			await send('POST', url('parsed'), headers, JSON.stringify({ rowId: 'r5' })),
			await send('POST', url('parsed'), { ...headers, 'content-type': 'text/plain' }, JSON.stringify([{ rowId: 'r6' }])),
			await send('POST', url('parsed', '?event=1'), { ...headers, 'content-type': 'multipart/form-data; boundary=b1' }, form),
			await send('POST', url('parsed'), { ...headers, 'content-type': 'application/json' }, '42'),
		];
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 400]);
		expect(JSON.parse(answers[3].body)).toEqual({ success: false, error: 'the body is a JSON number, not a record {…} or a list of records [{…}]' });
		const runs = (await n8n.waitForExecutions(ids.parsed, before + 3)).slice(before);
		const items = await Promise.all(runs.map(async (r) => itemsOf({ data: (await n8n.getExecution(r.id)).data }, 'Mingdao Trigger')));
		expect(items.map((list) => list.map((i) => [i.event, i.rowId, i.fields]))).toEqual([
			[['unknown', 'r5', {}]],
			[['unknown', 'r6', {}]],
			[['created', 'r7', { name: '张三' }]],
		]);
		await sleep(1500);
		expect(await executions(ids.parsed)).toBe(before + 3);
	});

	it('an old workflow with the secret as a node parameter is refused at activation with a clear message', async () => {
		const error = await n8n.activate(ids.legacy).then(() => undefined, (e: Error) => e);
		// n8n's own check comes first (the trigger's create() would say the same in Mingdao's words).
		expect(error?.message).toMatch(/HTTP 400 .*Node \\"Mingdao Trigger\\":\\n  - Missing required credential: mingdaoWebhookApi/);
		const answer = await postJson('legacy', { event: 'created', rowId: 'x' }, { 'X-Mingdao-Secret': LEGACY_SECRET, 'content-type': 'application/json' });
		expect(answer.status).toBe(404);
		expect(await executions(ids.legacy)).toBe(0);
	});

	it('the secret lives in the encrypted credential: not in the export, the database file, executions or the log', async () => {
		const exported = path.join(n8n.userFolder, 'export-events.json');
		const result = await n8n.cli(['export:workflow', `--id=${ids.events}`, `--output=${exported}`]);
		expect(result.exitCode).toBe(0);
		const json = fs.readFileSync(exported, 'utf8');
		expect(json).toContain('mingdaoWebhookApi');
		const database = ['database.sqlite', 'database.sqlite-wal']
			.map((f) => path.join(n8n.n8nFolder, f))
			.filter((f) => fs.existsSync(f))
			.map((f) => fs.readFileSync(f).toString('latin1'))
			.join('');
		expect(database.length).toBeGreaterThan(0);
		const all = await n8n.listExecutions();
		const runs = JSON.stringify(await Promise.all(all.map((e) => n8n.getExecution(e.id))));
		const places = { export: json, database, executions: runs, log: n8n.serverLog() };
		expect(Object.entries(places).filter(([, text]) => text.includes(SECRET)).map(([where]) => where)).toEqual([]);
	});

	it("the webhook credential's Test button: OK for a long secret, a clear message for a short one", async () => {
		const test = async (secret: string) =>
			(await n8n.rest('POST', '/rest/credentials/test', { credentials: { id: '', name: 'test', type: 'mingdaoWebhookApi', data: { secret } } })) as {
				status: string;
				message: string;
			};
		expect(await test(SECRET)).toEqual({ status: 'OK', message: expect.stringMatching(/X-Mingdao-Secret/) });
		expect(await test('123')).toEqual({ status: 'Error', message: 'The secret has 3 characters; use at least 16 random ones' });
	});
});

describe('Mingdao Trigger webhook fuzz in real n8n', () => {
	it('every invalid request refused with a 4xx and a reason, none starts an execution; valid calls still answered', async () => {
		const json = { 'X-Mingdao-Secret': SECRET, 'content-type': 'application/json' };
		const withType = (type: string) => ({ 'X-Mingdao-Secret': SECRET, 'content-type': type });
		const valid = JSON.stringify({ event: 'updated', rowId: 'v1', fields: { a: 1 } });
		const cases: Array<[string, string, Record<string, string>, string | Buffer | undefined, string?]> = [
			['no secret', 'POST', { 'content-type': 'application/json' }, valid],
			['wrong secret', 'POST', { ...json, 'X-Mingdao-Secret': 'not-the-secret' }, valid],
			['secret upper-cased', 'POST', { ...json, 'X-Mingdao-Secret': SECRET.toUpperCase() }, valid],
			['secret one character short', 'POST', { ...json, 'X-Mingdao-Secret': SECRET.slice(0, -1) }, valid],
			['secret in another header', 'POST', { 'X-Secret': SECRET, 'content-type': 'application/json' }, valid],
			['secret in the query with a trailing space', 'POST', { 'content-type': 'application/json' }, valid, `?secret=${SECRET}%20`],
			['method GET', 'GET', json, undefined],
			['method PUT', 'PUT', json, valid],
			['method DELETE', 'DELETE', json, valid],
			['method PATCH', 'PATCH', json, valid],
			['empty body', 'POST', json, ''],
			['whitespace body', 'POST', withType('text/plain'), ' \n\t '],
			['JSON number', 'POST', json, '42'],
			['JSON string', 'POST', json, '"updated"'],
			['JSON true', 'POST', json, 'true'],
			['JSON null', 'POST', json, 'null'],
			['empty list', 'POST', json, '[]'],
			['list of numbers', 'POST', json, '[1,2,3]'],
			['list with an empty record', 'POST', json, '[{}]'],
			['list with a string', 'POST', json, '[{"rowId":"a"},"x"]'],
			['nested list', 'POST', json, '[[{"rowId":"a"}]]'],
			['empty record', 'POST', json, '{}'],
			['records not a list', 'POST', json, '{"records":"x"}'],
			['records empty', 'POST', json, '{"records":[]}'],
			['records of numbers', 'POST', json, '{"records":[1]}'],
			['truncated JSON', 'POST', json, '{"rowId":'],
			['JSON with single quotes', 'POST', json, "{'rowId':'a'}"],
			['truncated JSON without Content-Type', 'POST', { 'X-Mingdao-Secret': SECRET }, '[{"rowId":"a"}'],
			['invalid UTF-8', 'POST', json, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
			['malformed XML', 'POST', withType('application/xml'), '<xml><rowId>a</xml>'],
			['well-formed XML', 'POST', withType('text/xml'), '<xml><rowId>a</rowId></xml>'],
			[
				'XML entity expansion',
				'POST',
				withType('application/xml'),
				'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><x>&c;</x>',
			],
			['form field without a value, wrong type', 'POST', withType('application/x-www-form-urlencoded'), ''],
			['multipart without a boundary', 'POST', withType('multipart/form-data'), '--x\r\n\r\n--x--'],
			['multipart with only a file', 'POST', withType('multipart/form-data; boundary=b2'), '--b2\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nx\r\n--b2--\r\n'],
			['gzip header, plain body', 'POST', { ...json, 'content-encoding': 'gzip' }, valid],
			['over Max Body Size (64 KB)', 'POST', json, JSON.stringify([{ rowId: 'big', fields: { note: 'x'.repeat(100 * 1024) } }])],
		];
		const before = await executions(ids.events);
		const results: Array<{ name: string; status: number; body: string }> = [];
		for (const [name, method, headers, body, query] of cases) {
			const answer = await send(method, url('events', query ?? ''), headers, body);
			results.push({ name, status: answer.status, body: answer.body.slice(0, 160) });
		}
		await sleep(2500);
		const startedByInvalid = (await executions(ids.events)) - before;

		// Valid calls afterwards: JSON, JSON without a Content-Type, gzipped JSON, form-data.
		const form = ['--b3', 'Content-Disposition: form-data; name="event"', '', 'created', '--b3', 'Content-Disposition: form-data; name="rowid"', '', 'v4', '--b3--', ''].join('\r\n');
		const afterwards = [
			await send('POST', url('events'), json, valid),
			await send('POST', url('events'), { 'X-Mingdao-Secret': SECRET }, JSON.stringify({ event: 'created', rowId: 'v2' })),
			await send('POST', url('events'), { ...json, 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ event: 'updated', rowId: 'v3' }))),
			await send('POST', url('events'), withType('multipart/form-data; boundary=b3'), form),
		];
		const runs = (await n8n.waitForExecutions(ids.events, before + afterwards.length, 60_000)).slice(before);
		const rows = await Promise.all(runs.map(async (r) => itemsOf({ data: (await n8n.getExecution(r.id)).data }, 'Mingdao Trigger')[0]?.rowId));

		const statuses: Record<string, number> = {};
		for (const r of results) statuses[String(r.status)] = (statuses[String(r.status)] ?? 0) + 1;
		console.log(
			`Mingdao webhook fuzz: ${results.length} invalid requests tried (${JSON.stringify(statuses)}), executions started by them: ${startedByInvalid}, valid calls answered afterwards: ${afterwards.filter((a) => a.status === 200).length}/${afterwards.length}\n` +
				results.map((r) => `  ${r.status}  ${r.name}: ${r.body}`).join('\n'),
		);
		expect(results.filter((r) => r.status < 400 || r.status >= 500)).toEqual([]);
		expect(results.filter((r) => r.status === 400).every((r) => /"success":false,"error":"/.test(r.body))).toBe(true);
		expect(results.find((r) => r.name.startsWith('over Max Body Size'))?.status).toBe(413);
		expect(startedByInvalid).toBe(0);
		expect(afterwards.map((a) => a.status)).toEqual([200, 200, 200, 200]);
		expect(rows.sort()).toEqual(['v1', 'v2', 'v3', 'v4']);
	});
});

describe('two executions upserting the same keys at once (real n8n, one process)', () => {
	const KEYS = Array.from({ length: 25 }, (_, i) => `k${i}`);
	const perKey = (alias: string) => {
		const counts = new Map<string, number>();
		for (const r of md.state.listRows(alias)) counts.set(String(r.key), (counts.get(String(r.key)) ?? 0) + 1);
		return KEYS.map((k) => counts.get(k) ?? 0);
	};

	it.each(['race_unique', 'race_plain'])('%s: one row per key, no failed item, both executions succeed', async (alias) => {
		md.state.setFaults({ latencyMs: 25 });
		try {
			const before = await executions(ids.race);
			const records = (n: number) => KEYS.map((key) => ({ event: 'created', worksheetId: alias, rowId: '', fields: { key, n } }));
			const answers = await Promise.all([postJson('race', records(1)), postJson('race', records(2))]);
			expect(answers.map((a) => a.status)).toEqual([200, 200]);
			const runs = (await n8n.waitForExecutions(ids.race, before + 2, 120_000)).slice(before);
			expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
			// They ran at the same time: each started before the other stopped.
			const [a, b] = runs.map((r) => ({ start: Date.parse(String(r.startedAt)), stop: Date.parse(String(r.stoppedAt)) }));
			expect(a.start < b.stop && b.start < a.stop).toBe(true);
			const outputs = await Promise.all(runs.map(async (r) => itemsOf({ data: (await n8n.getExecution(r.id)).data }, 'Upsert')));
			expect(outputs.flat().filter((o) => o.error)).toEqual([]);
			expect(outputs.map((o) => o.length)).toEqual([KEYS.length, KEYS.length]);
			expect(perKey(alias)).toEqual(KEYS.map(() => 1));
		} finally {
			md.state.setFaults({ latencyMs: 0 });
		}
	});
});

describe('Get Many filter rows in the real editor backend', () => {
	it('the operators offered for a condition row follow the field chosen in that row (&field)', async () => {
		const currentNodeParameters = {
			resource: 'row',
			operation: 'getMany',
			worksheet: { __rl: true, mode: 'id', value: 'tasks' },
			filters: { conditions: [{ field: 'done', operator: 'isempty' }, { field: 'due', operator: 'between' }, { field: 'task', operator: 'eq' }] },
		};
		const options = async (row: number) =>
			(
				(await n8n.rest('POST', '/rest/dynamic-node-parameters/options', {
					nodeTypeAndVersion: { name: `${PKG}.mingdao`, version: 1 },
					path: `parameters.filters.conditions[${row}].operator`,
					methodName: 'getFilterOperators',
					currentNodeParameters,
					credentials: { mingdaoApi: CREDS.mingdaoApi },
				})) as Array<{ value: string }>
			).map((o) => o.value);
		expect(await options(0)).toEqual(['isempty', 'isnotempty']);
		expect(await options(1)).toEqual(['between', 'notbetween']);
		expect(await options(2)).toEqual(expect.arrayContaining(['eq', 'in', 'contains']));
		expect(await options(2)).not.toContain('gt');
	});
});
