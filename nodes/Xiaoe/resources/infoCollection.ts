import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { ItemResult } from '../../core/items';
import type { ResourceModule } from '../../core/operation';
import { readLimit, returnAllAndLimit, showFor } from '../../core/operation';
import { inputError } from '../../core/errors';
import { paginate } from '../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../core/time';
import type { XiaoeClient } from '../client';
import { DEFAULT_FIELD_RULES, withAnswers } from '../answers';
import type { FieldRule } from '../answers';
import { readCollection } from '../shapes';
import { dateParam } from './time';

const R = 'infoCollection';

const FIELD_MAP_DEFAULT = { field: DEFAULT_FIELD_RULES.map((r) => ({ titles: r.titles.join('|'), key: r.key })) };

export const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [R] } },
		options: [
			{
				name: 'Get Results',
				value: 'getResults',
				action: 'Get info collection results',
				description: 'Answers to info-collection forms (信息采集)',
			},
			{
				name: 'Get Answers of Input Users',
				value: 'getForUsers',
				action: 'Get the answers of input users',
				description: "Adds each input item's user's answer from one form; reads the form once (50 answers per call) instead of once per item",
			},
		],
		default: 'getResults',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		displayOptions: showFor(R, ['getResults']),
		options: [
			{
				name: 'All Answers of a Form',
				value: 'form',
				description: 'Xe.information.form.result.get/1.0.0 (documented): one call per 50 answers — best for syncing many users',
			},
			{
				name: "One User's Answers",
				value: 'user',
				description: 'Xe.information.user.result.get/1.0.0 (undocumented; as the original integration used it)',
			},
		],
		default: 'form',
	},
	{ displayName: 'Form ID', name: 'formId', type: 'string', required: true, displayOptions: { show: { resource: [R], source: ['form'] } }, default: '', placeholder: 'in_xxxxxxxx' },
	{ displayName: 'Form ID', name: 'formId', type: 'string', required: true, displayOptions: showFor(R, ['getForUsers']), default: '', placeholder: 'in_xxxxxxxx' },
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['getForUsers']),
		default: '={{ $json.user_id }}',
		description: 'The user of each input item',
	},
	{
		displayName: 'Put Answer in Field',
		name: 'putInField',
		type: 'string',
		required: true,
		displayOptions: showFor(R, ['getForUsers']),
		default: 'infoCollection',
		description: "The input item is output with the user's latest answer under this field (empty object when the user has not answered)",
	},
	{ displayName: 'User ID', name: 'userId', type: 'string', required: true, displayOptions: { show: { resource: [R], operation: ['getResults'], source: ['user'] } }, default: '' },
	...returnAllAndLimit(R, ['getResults']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		displayOptions: showFor(R, ['getResults']),
		default: {},
		options: [
			{ displayName: 'Resource ID', name: 'resource_id', type: 'string', default: '', description: 'Only answers collected for this course or goods' },
			{ displayName: 'Collected After', name: 'collect_start_time', type: 'dateTime', default: '', description: 'Form source only' },
			{ displayName: 'Collected Before', name: 'collect_end_time', type: 'dateTime', default: '', description: 'Form source only' },
		],
	},
	{
		displayName: 'Fields',
		name: 'fieldMap',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Field',
		displayOptions: showFor(R, ['getResults', 'getForUsers']),
		// Written as an object literal: the lint rule for fixedCollection defaults reads it syntactically.
		default: { field: FIELD_MAP_DEFAULT.field },
		description:
			'Answers copied into `fields` under your own keys, matched by question title (exact title first, else the first question containing it). Every answer is also output under `answers`, keyed by question.',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{
						displayName: 'Question Titles',
						name: 'titles',
						type: 'string',
						default: '',
						placeholder: '手机|手机号|phone',
						description: 'The question as titled in your form; several alternatives separated by |',
					},
					{ displayName: 'Output Key', name: 'key', type: 'string', default: '', placeholder: 'phone' },
				],
			},
		],
	},
];

/** Read the Fields parameter; a half-filled row is an input error rather than a silently empty field. */
function fieldRules(ctx: IExecuteFunctions, i: number): FieldRule[] {
	const raw = ctx.getNodeParameter('fieldMap', i, FIELD_MAP_DEFAULT) as { field?: Array<{ titles?: string; key?: string }> };
	return (raw.field ?? []).map((row, n) => {
		const titles = String(row.titles ?? '').split('|').map((t) => t.trim()).filter((t) => t !== '');
		const key = String(row.key ?? '').trim();
		if (!key) throw inputError(ctx.getNode(), `Fields › Field ${n + 1}`, 'needs an Output Key', i);
		if (titles.length === 0) throw inputError(ctx.getNode(), `Fields › ${key}`, 'needs at least one Question Title', i);
		return { titles, key };
	});
}

/** One pass over the form's answers (documented endpoint, 50 per call), then each item gets its user's latest answer. */
async function getForUsers(ctx: IExecuteFunctions, client: XiaoeClient, itemIndexes: number[]): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	const formId = String(ctx.getNodeParameter('formId', 0, '')).trim();
	const field = String(ctx.getNodeParameter('putInField', 0, 'infoCollection')).trim() || 'infoCollection';
	if (!formId) {
		itemIndexes.forEach((i) => results.set(i, inputError(ctx.getNode(), 'Form ID', 'is required', i)));
		return results;
	}
	let rules: FieldRule[];
	try {
		rules = fieldRules(ctx, 0);
	} catch (error) {
		itemIndexes.forEach((i) => results.set(i, error as Error));
		return results;
	}
	let answers: IDataObject[];
	try {
		answers = await paginate(
			async (page, pageSize) =>
				readCollection(ctx.getNode(), await client.call('xe.information.form.result.get/1.0.0', { form_id: formId, page, page_size: pageSize })),
			{ pageSize: 50 },
		);
	} catch (error) {
		itemIndexes.forEach((i) => results.set(i, error as Error));
		return results;
	}
	const latest = new Map<string, IDataObject>();
	for (const answer of answers) {
		const key = String(answer.user_id);
		const seen = latest.get(key);
		if (!seen || String(answer.collect_time) >= String(seen.collect_time)) latest.set(key, answer);
	}
	const input = ctx.getInputData();
	for (const i of itemIndexes) {
		const userId = String(ctx.getNodeParameter('userId', i, '') ?? '').trim();
		if (!userId) {
			results.set(i, inputError(ctx.getNode(), 'User ID', 'is empty', i));
			continue;
		}
		const answer = latest.get(userId);
		results.set(i, [{ ...input[i].json, [field]: answer ? normalizeBeijingTimes(withAnswers(answer, rules)) : {} }]);
	}
	return results;
}

export const resource: ResourceModule<XiaoeClient> = {
	properties,
	operations: {
		getForUsers: { batch: true, execute: getForUsers },
		getResults: {
			async execute(ctx, client, i) {
				const source = ctx.getNodeParameter('source', i, 'form') as string;
				const rules = fieldRules(ctx, i);
				const raw = ctx.getNodeParameter('filters', i, {}) as Record<string, unknown>;
				const body: Record<string, unknown> = {};
				if (raw.resource_id) body.resource_id = raw.resource_id;
				let api: string;
				if (source === 'user') {
					const userId = String(ctx.getNodeParameter('userId', i, '')).trim();
					if (!userId) throw inputError(ctx.getNode(), 'User ID', 'is required', i);
					api = 'xe.information.user.result.get/1.0.0';
					body.user_id = userId;
				} else {
					const formId = String(ctx.getNodeParameter('formId', i, '')).trim();
					if (!formId) throw inputError(ctx.getNode(), 'Form ID', 'is required', i);
					api = 'xe.information.form.result.get/1.0.0';
					body.form_id = formId;
					for (const key of ['collect_start_time', 'collect_end_time']) {
						if (raw[key]) body[key] = toBeijingString(dateParam(ctx, `filters.${key}`, `Filters › ${key}`, i, true)!);
					}
				}
				const items = await paginate(
					async (page, pageSize) => readCollection(ctx.getNode(), await client.call(api, { ...body, page, page_size: pageSize }, { itemIndex: i }), i),
					{ pageSize: 50, limit: readLimit(ctx, i) },
				);
				return items.map((r) => normalizeBeijingTimes(withAnswers(r, rules)));
			},
		},
	},
};
