/**
 * What a user sees of the Xiaoe nodes before running them: human subtitles for every operation, camelCase
 * parameter names (the API's snake_case stays inside the operations), and node-panel search words in English and
 * Chinese.
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { Xiaoe } from '../../nodes/Xiaoe/Xiaoe.node';
import { XiaoeTrigger } from '../../nodes/Xiaoe/XiaoeTrigger.node';
import codex from '../../nodes/Xiaoe/Xiaoe.node.json';
import triggerCodex from '../../nodes/Xiaoe/XiaoeTrigger.node.json';

const node = new Xiaoe().description;
const trigger = new XiaoeTrigger().description;

/** The subtitle expression evaluated as n8n's editor would, for these parameter values. */
function subtitle(description: INodeTypeDescription, parameters: Record<string, unknown>): string {
	const body = String(description.subtitle).replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return new Function('$parameter', `return (${body});`)(parameters) as string;
}

const optionsOf = (p: INodeProperties) => (p.options ?? []) as INodePropertyOptions[];

describe('subtitles', () => {
	const resources = optionsOf(node.properties.find((p) => p.name === 'resource')!);
	const pairs = node.properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) => (p.displayOptions!.show!.resource as string[]).flatMap((resource) => optionsOf(p).map((op) => ({ resource, op }))));

	it('name every operation of every resource in words, as the Operation list does', () => {
		expect(pairs.length).toBe(11);
		for (const { resource, op } of pairs) {
			const resourceLabel = resources.find((r) => r.value === resource)!.name.replace(/ \(.*\)$/, '');
			expect(subtitle(node, { resource, operation: op.value })).toBe(`${op.name}: ${resourceLabel}`);
		}
		expect(subtitle(node, { resource: 'order', operation: 'getMany' })).toBe('Get Many: Order');
	});

	it('name the trigger event as its option does', () => {
		for (const event of optionsOf(trigger.properties.find((p) => p.name === 'event')!)) {
			expect(subtitle(trigger, { event: event.value })).toBe(event.name);
		}
	});
});

describe('parameters', () => {
	/** Every parameter name, including those inside collections and fixed collections. */
	function names(properties: INodeProperties[]): string[] {
		return properties.flatMap((p) => {
			const inner = (p.options ?? []) as Array<INodeProperties | INodePropertyCollection | INodePropertyOptions>;
			if (p.type === 'collection') return [p.name, ...names(inner as INodeProperties[])];
			if (p.type === 'fixedCollection') {
				return [p.name, ...(inner as INodePropertyCollection[]).flatMap((c) => [c.name, ...names(c.values)])];
			}
			return [p.name];
		});
	}

	it('are camelCase in both nodes', () => {
		const all = [...names(node.properties), ...names(trigger.properties)];
		expect(all.length).toBeGreaterThan(50);
		expect(all.filter((n) => !/^[a-z][a-zA-Z0-9]*$/.test(n))).toEqual([]);
	});

	it('that a template cannot run without are required, with an empty default (n8n refuses to activate)', () => {
		const formIds = node.properties.filter((p) => p.name === 'formId');
		expect(formIds).toHaveLength(2);
		for (const p of formIds) expect(p).toMatchObject({ required: true, default: '' });
		expect(trigger.properties.find((p) => p.name === 'startDate')).toMatchObject({ required: true, default: '' });
	});
});

describe('codex', () => {
	it('links the README section and the official API docs, with search words in English and Chinese', () => {
		for (const c of [codex, triggerCodex]) {
			expect(c.resources.primaryDocumentation[0].url).toBe('https://github.com/n8n-nodes-china-saas/n8n-nodes-china-saas#xiaoe-tech-小鹅通');
			expect(c.resources.credentialDocumentation[0].url).toBe('https://api-doc.xiaoe-tech.com/');
			expect(c.alias).toEqual(expect.arrayContaining(['xiaoe', '小鹅通', 'order', '订单']));
		}
		expect(codex.alias).toEqual(expect.arrayContaining(['user', '用户', 'course', '课程', '信息采集']));
		expect(codex.node).toBe(`n8n-nodes-china-saas.${node.name}`);
		expect(triggerCodex.node).toBe(`n8n-nodes-china-saas.${trigger.name}`);
	});
});
