import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import { DEFAULT_FIELD_RULES } from '../../answers';
import type { FieldRule } from '../../answers';

/** The answers API, shared by both operations: the documented form-results call, 50 answers per page. */
export const FORM_RESULTS = 'xe.information.form.result.get/1.0.0';

const FIELD_MAP_DEFAULT = { field: DEFAULT_FIELD_RULES.map((r) => ({ titles: r.titles.join('|'), key: r.key })) };

export const formIdProperty: INodeProperties = {
	displayName: 'Form ID',
	name: 'formId',
	type: 'string',
	// Required with an empty default: n8n refuses to activate a workflow that leaves it empty, so a template
	// cannot start polling (and move its trigger's cursor) before the form is chosen.
	required: true,
	default: '',
	placeholder: 'in_xxxxxxxx',
	description: 'The info-collection form (信息采集), from its URL in the Xiaoe admin',
};

/** Question titles → output keys; every answer is also output under `answers`. */
export const fieldMapProperty: INodeProperties = {
	displayName: 'Fields',
	name: 'fieldMap',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Field',
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
};

/** Read the Fields parameter; a half-filled row is an input error rather than a silently empty field. */
export function fieldRules(ctx: IExecuteFunctions, i: number): FieldRule[] {
	const raw = ctx.getNodeParameter('fieldMap', i, FIELD_MAP_DEFAULT) as { field?: Array<{ titles?: string; key?: string }> };
	return (raw.field ?? []).map((row, n) => {
		const titles = String(row.titles ?? '')
			.split('|')
			.map((t) => t.trim())
			.filter((t) => t !== '');
		const key = String(row.key ?? '').trim();
		if (!key) throw inputError(ctx.getNode(), `Fields › Field ${n + 1}`, 'needs an Output Key', i);
		if (titles.length === 0) throw inputError(ctx.getNode(), `Fields › ${key}`, 'needs at least one Question Title', i);
		return { titles, key };
	});
}
