import type { IDataObject } from 'n8n-workflow';
import type { ItemResult } from '../../../core/items';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import { paginate } from '../../../core/paginate';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { withAnswers } from '../../answers';
import type { FieldRule } from '../../answers';
import { readCollection } from '../../schema';
import { fieldMapProperty, fieldRules, FORM_RESULTS, formIdProperty } from './fields';

/**
 * Each input item's user's latest answer to one form: the form is read once (documented endpoint, 50 answers per
 * call) however many items come in, then every item gets its user's answer (or an empty object).
 */
export const getForUsers: OperationModule<XiaoeClient> = {
	name: 'Get Answers of Input Users',
	action: 'Get the answers of input users (用户信息采集)',
	description: "Adds each input item's user's answer from one form; reads the form once (50 answers per call) instead of once per item",
	properties: [
		formIdProperty,
		{
			displayName: 'User ID',
			name: 'userId',
			type: 'string',
			required: true,
			default: '={{ $json.user_id }}',
			description: 'The user of each input item',
		},
		{
			displayName: 'Put Answer in Field',
			name: 'putInField',
			type: 'string',
			required: true,
			default: 'infoCollection',
			description: "The input item is output with the user's latest answer under this field (empty object when the user has not answered)",
		},
		fieldMapProperty,
	],
	batch: true,
	async execute(ctx, client, itemIndexes) {
		const results = new Map<number, ItemResult>();
		const failAll = (error: Error) => {
			itemIndexes.forEach((i) => results.set(i, error));
			return results;
		};
		const formId = String(ctx.getNodeParameter('formId', 0, '')).trim();
		const field = String(ctx.getNodeParameter('putInField', 0, 'infoCollection')).trim() || 'infoCollection';
		if (!formId) {
			itemIndexes.forEach((i) => results.set(i, inputError(ctx.getNode(), 'Form ID', 'is required', i)));
			return results;
		}
		let rules: FieldRule[];
		let answers: IDataObject[];
		try {
			rules = fieldRules(ctx, 0);
			answers = await paginate(
				async (page, pageSize) => readCollection(ctx.getNode(), await client.call(FORM_RESULTS, { form_id: formId, page, page_size: pageSize })),
				{ pageSize: 50 },
			);
		} catch (error) {
			return failAll(error as Error);
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
	},
};
