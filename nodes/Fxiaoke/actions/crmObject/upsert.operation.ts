import type { IDataObject } from 'n8n-workflow';
import { apiError, inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import { putResultInFieldOption, withResultIn } from '../../../core/items';
import type { OperationModule } from '../../../core/operation';
import { upsert as runUpsert } from '../../../core/upsert';
import type { UpsertInput } from '../../../core/upsert';
import { FXIAOKE } from '../../adapter';
import type { FxiaokeClient, WriteOptions } from '../../client';
import { findField, MATCHABLE, matchKey } from '../../fields';
import type { FieldInfo, ObjectInfo } from '../../fields';
import { fxiaokeUpsertStore } from '../../upsertStore';
import { fieldsMapper, mappedValues, objectProperty, readObject, readWriteOptions, writeOptionsProperty } from '../common';

/**
 * Create or update by a match field (e.g. account_no, or a custom external-ID field), over all items at once with
 * the core's upsert: lookups with IN (100 keys a query), creates one at a time, updates with only the changed
 * fields, unchanged records not written at all; items with the same key are one record.
 * Output, paired with each item: `{ action: 'created'|'updated'|'unchanged', _id, match: { field, value }, changed }`,
 * or the input item with it under a field ("Put Result in Field").
 */
function matchField(object: ObjectInfo, ctx: Parameters<OperationModule<FxiaokeClient>['execute']>[0], i: number): FieldInfo {
	const columns = (ctx.getNodeParameter('fields.matchingColumns', i, []) as string[]) ?? [];
	const name = columns[0];
	if (!name) throw inputError(ctx.getNode(), 'Field to Match On', 'choose the field that identifies a record', i);
	const field = findField(object, name);
	if (!field) throw inputError(ctx.getNode(), 'Field to Match On', `"${name}" is not a field of ${object.label} (${object.apiName})`, i);
	if (!MATCHABLE.has(field.type)) {
		throw inputError(ctx.getNode(), 'Field to Match On', `${field.label} is a ${field.type} field; use a text, number, phone or email field`, i);
	}
	return field;
}

export const upsert: OperationModule<FxiaokeClient> = {
	name: 'Upsert',
	action: 'Create or update CRM records by a match field (新建或更新)',
	properties: [
		objectProperty,
		fieldsMapper('upsert'),
		{
			...writeOptionsProperty,
			options: [
				...(writeOptionsProperty.options ?? []),
				putResultInFieldOption('crm', '{action, _id, …}'),
			],
		},
	],
	batch: true,
	async execute(ctx, client, indexes) {
		const results = new Map<number, ItemResult>();
		const groups = new Map<string, { object: ObjectInfo; match: FieldInfo; options: WriteOptions; inputs: UpsertInput[] }>();
		for (const i of indexes) {
			try {
				const object = await client.describe(readObject(ctx, i), i);
				const match = matchField(object, ctx, i);
				const values = mappedValues(ctx, object, i);
				const key = matchKey(match, values[match.apiName]);
				if (!key) throw inputError(ctx.getNode(), `Field ${match.label} (${match.apiName})`, 'the value to match on is empty', i);
				const options = readWriteOptions(ctx, i);
				const id = `${object.apiName}|${match.apiName}|${JSON.stringify(options)}`;
				const group = groups.get(id) ?? { object, match, options, inputs: [] };
				group.inputs.push({ itemIndex: i, key, values });
				groups.set(id, group);
			} catch (error) {
				results.set(i, error as Error);
				// Without "Continue On Fail" a bad item stops the node before anything is written.
				if (!ctx.continueOnFail()) return results;
			}
		}
		for (const { object, match, options, inputs } of groups.values()) {
			const outcomes = await runUpsert(fxiaokeUpsertStore(client, object, match, options), inputs, {
				rowError: (failure) => apiError(ctx.getNode(), FXIAOKE, failure),
			});
			const valueOf = new Map(inputs.map((input) => [input.itemIndex, input.values[match.apiName]]));
			for (const [i, outcome] of outcomes) {
				if (outcome instanceof Error) {
					results.set(i, outcome);
					continue;
				}
				const json: IDataObject = {
					action: outcome.action,
					_id: outcome.id,
					match: { field: match.apiName, value: valueOf.get(i) as string | number },
					changed: outcome.changed,
				};
				if (outcome.recovered) json.recovered = true;
				results.set(i, [withResultIn(ctx, i, json)]);
			}
		}
		return results;
	},
};
