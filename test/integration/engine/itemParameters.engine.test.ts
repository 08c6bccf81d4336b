/**
 * The per-item parameter fast path (nodes/core/itemParameters.ts) against n8n-core itself: for every parameter and
 * item below, the wrapped context answers exactly what n8n's getNodeParameter answers (same value, or an error with
 * the same message), and it asks n8n only where it must.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runNode } from '../../support/engine';
import { parsePurePath, withItemParameters } from '../../../nodes/core/itemParameters';
import { Fxiaoke } from '../../../nodes/Fxiaoke/Fxiaoke.node';
import { KingdeeK3Cloud } from '../../../nodes/KingdeeK3Cloud/KingdeeK3Cloud.node';
import { Mingdao } from '../../../nodes/Mingdao/Mingdao.node';
import { WechatOfficialAccount } from '../../../nodes/WechatOfficialAccount/WechatOfficialAccount.node';
import { Xiaoe } from '../../../nodes/Xiaoe/Xiaoe.node';

const NAMES = ['p', 'q', 'r', 'columns.value', 'typed.value', 'c', 'opts'];

type Answer = { value: unknown } | { error: string };
const answer = (read: () => unknown): Answer => {
	try {
		return { value: read() };
	} catch (e) {
		return { error: (e as Error).message };
	}
};

class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'itemParametersProbe',
		group: ['transform'],
		version: 1,
		description: 'Reads its parameters both ways',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'P', name: 'p', type: 'string', default: '' },
			{ displayName: 'Q', name: 'q', type: 'string', default: '' },
			{ displayName: 'R', name: 'r', type: 'string', default: '' },
			{ displayName: 'C', name: 'c', type: 'string', default: '' },
			{
				displayName: 'Opts',
				name: 'opts',
				type: 'collection',
				default: {},
				options: [
					{ displayName: 'Size', name: 'size', type: 'number', default: 0 },
					{ displayName: 'Tags', name: 'tags', type: 'string', default: '' },
				],
			},
			{
				displayName: 'Columns',
				name: 'columns',
				type: 'resourceMapper',
				default: { mappingMode: 'defineBelow', value: null },
				typeOptions: { resourceMapper: { resourceMapperMethod: 'none', mode: 'add' } },
			},
			{
				displayName: 'Typed',
				name: 'typed',
				type: 'resourceMapper',
				default: { mappingMode: 'defineBelow', value: null },
				typeOptions: { resourceMapper: { resourceMapperMethod: 'none', mode: 'update' } },
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		let asked = 0;
		const counted = new Proxy(this, {
			get: (target, property) => {
				const value = Reflect.get(target, property, target) as unknown;
				if (typeof value !== 'function') return value;
				if (property === 'getNodeParameter' || property === 'evaluateExpression') {
					return (...args: unknown[]) => {
						asked++;
						return (value as (...a: unknown[]) => unknown).apply(target, args);
					};
				}
				return (value as (...a: unknown[]) => unknown).bind(target);
			},
		});
		const fast = withItemParameters(counted);
		const out: INodeExecutionData[] = [];
		this.getInputData().forEach((_, i) => {
			for (const name of NAMES) {
				const n8n = answer(() => this.getNodeParameter(name, i));
				const before = asked;
				const answered = answer(() => fast.getNodeParameter(name, i));
				const ours = structuredClone(answered);
				// each caller gets its own copy of an object answer: a change here must not show in the next item's
				if ('value' in answered && answered.value && typeof answered.value === 'object') (answered.value as IDataObject).changedByCaller = true;
				out.push({ json: { name, item: i, n8n, ours, askedN8n: asked - before } as unknown as IDataObject });
			}
		});
		return [out];
	}
}

const items: IDataObject[] = [
	{ a: { b: 'text' }, n: 2, list: ['x', 'y'], '名 字': '张三' },
	{ a: { b: 5 }, n: '3', list: [], '名 字': 7 },
	{ a: { b: true }, n: null, list: ['only'] },
	{ a: { b: null }, n: 1.5 },
	{ a: { b: '' } },
	{ a: {} },
	{ a: null },
	{},
	{ a: { b: { deep: 1 } } },
	{ a: { b: [1, 2] } },
	{ a: 'a string', n: 'abc' },
];

const parameters = {
	p: '={{ $json.a.b }}',
	q: "={{ $json['名 字'] }}",
	r: '={{ $json.a?.b }}',
	c: 'constant text',
	opts: { size: 3, tags: 'a,b' },
	columns: {
		mappingMode: 'defineBelow',
		value: {
			path: '={{ $json.a.b }}',
			computed: '={{ $json.n * 2 }}',
			second: '={{ $json.list[1] }}',
			literal: 'fixed',
			template: '=id-{{ $json.n }}',
		},
		schema: [
			{ id: 'path', type: 'string', required: false },
			{ id: 'computed', type: 'string', required: false },
			{ id: 'second', type: 'string', required: true },
		],
	},
	// A typed column: n8n converts its value, so the whole parameter stays with n8n.
	typed: {
		mappingMode: 'defineBelow',
		value: { count: '={{ $json.n }}', name: '={{ $json.a.b }}' },
		schema: [{ id: 'count', type: 'number' }],
	},
};

describe('per-item parameters read without n8n where the answer cannot differ', () => {
	let rows: IDataObject[];
	beforeAll(async () => {
		rows = (await runNode(Probe, parameters, { items })).map((r) => r.json);
	});

	it('answers exactly as n8n for every parameter and item (values and errors)', () => {
		expect(rows).toHaveLength(items.length * NAMES.length);
		for (const row of rows) expect({ name: row.name, item: row.item, answer: row.ours }).toEqual({ name: row.name, item: row.item, answer: row.n8n });
		// the table covers both outcomes
		expect(rows.some((r) => 'error' in (r.n8n as IDataObject))).toBe(true);
		expect(rows.some((r) => 'value' in (r.n8n as IDataObject))).toBe(true);
	});

	it('does not ask n8n for a pure $json path to a text, number or boolean', () => {
		const asked = (name: string, item: number) => rows.find((r) => r.name === name && r.item === item)?.askedN8n;
		// text, number, boolean, empty text, null, a missing field, a field below a missing or null one
		expect([0, 1, 2, 4, 3, 5, 6, 7].map((i) => asked('p', i))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
		expect([0, 1, 2].map((i) => asked('q', i))).toEqual([0, 0, 0]);
		expect([0, 3, 6].map((i) => asked('r', i))).toEqual([0, 0, 0]);
		// parameters without expressions: n8n is asked for the first item only
		expect(rows.filter((r) => r.name === 'c' || r.name === 'opts').map((r) => r.askedN8n)).toEqual([1, 1, ...new Array(2 * (items.length - 1)).fill(0)]);
		// objects, arrays and a step into text: n8n answers
		expect([8, 9, 10].map((i) => asked('p', i)).every((n) => Number(n) >= 1)).toBe(true);
		// a mapper: the two non-path columns are evaluated by n8n, one call each; the path column is read directly
		expect(asked('columns.value', 0)).toBe(2);
		// a typed column: the whole parameter is read by n8n
		expect(asked('typed.value', 0)).toBe(1);
	});

	it('recognises only a whole-parameter $json path', () => {
		expect(parsePurePath('={{ $json.a.b }}')).toEqual(['a', 'b']);
		expect(parsePurePath("={{$json['名 字'][0].x}}")).toEqual(['名 字', 0, 'x']);
		expect(parsePurePath('={{ $json.form.fields?.name }}')).toEqual(['form', 'fields', 'name']);
		expect(parsePurePath('={{ $json?.a?.[0] }}')).toEqual(['a', 0]);
		for (const other of ['={{ $json.a.b }} ', '=x{{ $json.a }}', '={{ $json.a || 1 }}', '={{ $json }}', '={{ $json.a() }}', '{{ $json.a }}', '={{ $("Node").item.json.a }}']) {
			expect(parsePurePath(other)).toBeUndefined();
		}
	});
});

describe('what the fast path takes for granted about the nodes that use it', () => {
	it('no parameter of the five action nodes asks n8n to check or convert its type (validateType)', () => {
		const nodes: INodeType[] = [new Xiaoe(), new Mingdao(), new WechatOfficialAccount(), new Fxiaoke(), new KingdeeK3Cloud()];
		const typed: string[] = [];
		const walk = (owner: string, properties: unknown[]) => {
			for (const p of properties as Array<IDataObject & { options?: unknown[]; values?: unknown[] }>) {
				if (p.validateType !== undefined) typed.push(`${owner}.${String(p.name)}`);
				for (const child of [...(Array.isArray(p.options) ? p.options : []), ...(Array.isArray(p.values) ? p.values : [])]) {
					if (child && typeof child === 'object') walk(`${owner}.${String(p.name)}`, [child]);
				}
			}
		};
		for (const node of nodes) walk(node.description.name, node.description.properties);
		expect(typed).toEqual([]);
	});
});
