import type { IDataObject } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import { paginate } from '../../../core/paginate';
import { normalizeBeijingTimes, toBeijingString } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { withAnswers } from '../../answers';
import { readCollection } from '../../schema';
import { dateParam, filterValue, requiredText } from '../params';
import { fieldMapProperty, fieldRules, FORM_RESULTS, formIdProperty } from './fields';

/** The per-user answers call: not in the public docs, called as production clients call it. */
const USER_RESULTS = 'xe.information.user.result.get/1.0.0';

/** Answers to an info-collection form (信息采集), all of a form's or one user's, read by question title. */
export const getResults: OperationModule<XiaoeClient> = {
	name: 'Get Results',
	action: 'Get info collection results (信息采集结果)',
	description: 'Answers to info-collection forms (信息采集)',
	properties: [
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: [
				{
					name: 'All Answers of a Form',
					value: 'form',
					description: 'Xe.information.form.result.get/1.0.0 (documented): one call per 50 answers — best for syncing many users',
				},
				{
					name: "One User's Answers",
					value: 'user',
					description: "Xe.information.user.result.get/1.0.0 (not in Xiaoe's public docs; called as production clients call it)",
				},
			],
			default: 'form',
		},
		{ ...formIdProperty, displayOptions: { show: { source: ['form'] } } },
		{ displayName: 'User ID', name: 'userId', type: 'string', required: true, displayOptions: { show: { source: ['user'] } }, default: '' },
		...returnAllAndLimit,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{ displayName: 'Resource ID', name: 'resourceId', type: 'string', default: '', description: 'Only answers collected for this course or goods' },
				{ displayName: 'Collected After', name: 'collectedAfter', type: 'dateTime', default: '', description: 'Form source only' },
				{ displayName: 'Collected Before', name: 'collectedBefore', type: 'dateTime', default: '', description: 'Form source only' },
			],
		},
		fieldMapProperty,
	],
	async execute(ctx, client, i) {
		const source = ctx.getNodeParameter('source', i, 'form') as string;
		const rules = fieldRules(ctx, i);
		const raw = ctx.getNodeParameter('filters', i, {}) as IDataObject;
		const body: IDataObject = {};
		if (raw.resourceId) body.resource_id = raw.resourceId;
		let api: string;
		if (source === 'user') {
			api = USER_RESULTS;
			body.user_id = requiredText(ctx, 'userId', 'User ID', i);
		} else {
			api = FORM_RESULTS;
			body.form_id = requiredText(ctx, 'formId', 'Form ID', i);
			const dates: Array<[string, string, string]> = [
				['collectedAfter', 'Collected After', 'collect_start_time'],
				['collectedBefore', 'Collected Before', 'collect_end_time'],
			];
			for (const [name, label, apiName] of dates) {
				if (filterValue(raw, name) !== undefined) {
					body[apiName] = toBeijingString(dateParam(ctx, `filters.${name}`, `Filters › ${label}`, i, true)!);
				}
			}
		}
		const items = await paginate(
			async (page, pageSize) => readCollection(ctx.getNode(), await client.call(api, { ...body, page, page_size: pageSize }, { itemIndex: i }), i),
			{ pageSize: 50, limit: readLimit(ctx, i) },
		);
		return items.map((r) => normalizeBeijingTimes(withAnswers(r, rules)));
	},
};
