/**
 * Mingdao Get Many's per-type filters, the worksheet structure and partial batch failures on n8n-core, against the
 * emulator; and the editor's per-row operator list, loaded as n8n loads it (LoadOptionsContext with the row's path).
 */
import axios from 'axios';
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, ILoadOptionsFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';
import { DEMO_WORKSHEETS, startMingdaoEmulator } from '../../emulators/mingdao';
import type { MingdaoEmulator, MingdaoWorksheetDef } from '../../emulators/mingdao';
import { runNode } from '../../support/engine';
import { additionalData, attachCredentials, nodeOf, nodeTypes, startExpressionEngine, workflowBase } from '../../support/engine/runtime';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { retryPolicy } from '../../../nodes/core/retry';

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
const LIST = 'POST /v3/app/worksheets/:id/rows/list';
const BATCH_UPDATE = 'PATCH /v3/app/worksheets/:id/rows/batch';

let emu: MingdaoEmulator;
let credentials: { mingdaoApi: IDataObject };

beforeAll(async () => {
	retryPolicy.baseDelayMs = 5;
	emu = await startMingdaoEmulator({ ratePerSecond: 0, worksheets: [...DEMO_WORKSHEETS, TASKS] });
	credentials = { mingdaoApi: { baseUrl: emu.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 500 } };
});
afterAll(async () => {
	const violations = emu.state.contract.violations;
	await emu.close();
	expect(violations).toEqual([]);
});
beforeEach(async () => {
	emu.state.reset({ ratePerSecond: 0, worksheets: [...DEMO_WORKSHEETS, TASKS] });
	const rows = Array.from({ length: 10 }, (_, i) => ({
		task: `t${i}`,
		points: i,
		due: `2026-03-${String(i + 1).padStart(2, '0')}`,
		done: i % 3 === 0,
		stage: [emu.state.optionKey('tasks', 'stage', i < 5 ? '新' : '进行中')],
	}));
	await axios.post(`${emu.url.replace(/\/api$/, '')}/__emulator/worksheets/tasks/rows`, { rows });
	emu.state.resetStats();
});

const run = (parameters: IDataObject, options: { items?: IDataObject[]; continueOnFail?: boolean } = {}) =>
	runNode(Mingdao, parameters, { ...options, credentials, timezone: 'Asia/Shanghai' });
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: Error & IDataObject) => e);
const getMany = (conditions: IDataObject[], extra: IDataObject = {}) =>
	run({ resource: 'row', operation: 'getMany', worksheet: TASKS_RL, returnAll: true, filters: { conditions }, ...extra });
const tasks = (out: INodeExecutionData[]) => out.map((o) => o.json.task);

describe('Get Many on n8n-core: the official per-type filters', () => {
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
		const error = await failure(getMany([{ field: 'task', operator: 'eq', value: 't1' }, { field: 'done', operator: 'eq', value: 'true' }]));
		expect(error).toMatchObject({ name: 'NodeOperationError' });
		expect(error!.message).toBe('Filters › condition 2: 完成 (done) is a Checkbox field: Mingdao does not accept "Equals" on it; use Is Empty, Is Not Empty (item 1)');
		const date = await failure(getMany([{ field: 'due', operator: 'gt', value: '2026-03-05' }]));
		expect(date!.message).toMatch(/截止 \(due\) is a Date field: .*use Between, Not Between/);
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
		const locked = emu.state.listRows('tasks').find((r) => r.task === 't5')!.id as string;
		emu.state.setFaults({ refuseUpdateRowIds: [locked] });
		const upsert = { resource: 'row', operation: 'upsert', worksheet: TASKS_RL, columns: { mappingMode: 'autoMapInputData', value: null, matchingColumns: ['task'] } };
		// t4, t5 (twice) and t6 need the same change: one PATCH rows/batch, which fails t5.
		const out = await run(upsert, {
			items: [{ task: 't4', points: 60 }, { task: 't5', points: 60 }, { task: 't5', points: 60 }, { task: 't6', points: 60 }, { task: 'new' }],
			continueOnFail: true,
		});
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
		const stopped = await failure(run(upsert, { items: [{ task: 't4', points: 70 }, { task: 't5', points: 70 }] }));
		expect(stopped).toMatchObject({ name: 'NodeApiError', message: expect.stringMatching(/was not updated/) });
	});
});

/**
 * An editor call into `methods.loadOptions`, made as n8n's DynamicNodeParametersService makes it: the node's current
 * parameters and the path of the parameter whose options are loaded (which `&field` is resolved against).
 */
async function loadOptionsAt(path: string, method: string, parameters: IDataObject): Promise<INodePropertyOptions[]> {
	await startExpressionEngine();
	const type = new Mingdao();
	const node = nodeOf(type, parameters);
	attachCredentials(node, credentials);
	const workflowData = workflowBase({ nodes: [node], connections: {} });
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const completed = workflow.getNode(node.name)!;
	const data = additionalData({ workflow: workflowData, mode: 'internal', credentials });
	data.currentNodeParameters = completed.parameters;
	const context = new LoadOptionsContext(workflow, completed, data, path) as unknown as ILoadOptionsFunctions;
	const fn = type.methods.loadOptions[method as keyof typeof type.methods.loadOptions];
	const ownIsolate = await workflow.expression.acquireIsolate();
	try {
		return await fn.call(context);
	} finally {
		if (ownIsolate) await workflow.expression.releaseIsolate();
	}
}

describe('the operator list of each filter row follows the field chosen in that row', () => {
	const parameters = {
		resource: 'row',
		operation: 'getMany',
		worksheet: TASKS_RL,
		filters: { conditions: [{ field: 'done', operator: 'isempty' }, { field: 'due', operator: 'between' }, { field: 'points' }, { field: '' }] },
	};
	const operators = async (row: number) =>
		(await loadOptionsAt(`parameters.filters.conditions[${row}].operator`, 'getFilterOperators', parameters)).map((o) => o.value);

	it('checkbox, date, number rows get their type\'s operators; a row without a field gets all', async () => {
		expect(await operators(0)).toEqual(['isempty', 'isnotempty']);
		expect(await operators(1)).toEqual(['between', 'notbetween']);
		expect(await operators(2)).toEqual(['between', 'eq', 'gt', 'ge', 'isempty', 'isnotempty', 'lt', 'le', 'notbetween', 'ne']);
		expect(await operators(3)).toHaveLength(19);
		// Field pickers still list every field with its operators in the description.
		const fields = await loadOptionsAt('parameters.filters.conditions[0].field', 'getFilterFields', parameters);
		expect(fields.find((f) => f.value === 'done')).toEqual({ name: '完成 (done) · Checkbox', value: 'done', description: 'Operators: Is Empty, Is Not Empty' });
	});
});
