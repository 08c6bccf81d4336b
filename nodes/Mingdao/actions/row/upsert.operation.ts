import type { IExecuteFunctions } from 'n8n-workflow';
import { apiError, inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import { putResultInFieldOption, withResultIn } from '../../../core/items';
import type { OperationModule } from '../../../core/operation';
import { upsert as runUpsert } from '../../../core/upsert';
import type { UpsertInput } from '../../../core/upsert';
import { MINGDAO } from '../../adapter';
import type { MingdaoClient } from '../../client';
import { keysOf } from '../../rows';
import { keyValue, matchKey, mingdaoUpsertStore } from '../../upsertStore';
import { findField, keyOf, labelOf, MATCHABLE } from '../../worksheet';
import type { Field, Worksheet } from '../../worksheet';
import { fieldsMapper, mappedValues, worksheetFor, writeOptionsProperty } from '../common';

function matchField(ctx: IExecuteFunctions, ws: Worksheet, i: number): Field {
	const columns = (ctx.getNodeParameter('columns.matchingColumns', i, []) as string[]) ?? [];
	const ref = columns[0];
	if (!ref) throw inputError(ctx.getNode(), 'Field to Match On', 'choose the field that identifies a row', i);
	const field = findField(ws, ref);
	if (!field) throw inputError(ctx.getNode(), 'Field to Match On', `"${ref}" is not a field of worksheet ${ws.name}`, i);
	if (!MATCHABLE.has(field.type)) {
		throw inputError(ctx.getNode(), 'Field to Match On', `${labelOf(field)} is a ${field.type} field; use a Text, Number, Email or Phone field`, i);
	}
	return field;
}

/**
 * Create or Update over all items at once, with the core's upsert: batched lookups (see lookupFilter), creates 100
 * per call, only changed fields written, unchanged rows not written at all, items with the same key merged into one
 * row. The key is trimmed and NFC-normalised for the lookup and the write alike; an empty key is an error.
 * Concurrent upserts of one worksheet and key take turns in this n8n process; across processes a create refused
 * because a unique field holds the key already (100005) is looked up again and updated (README: use a unique field).
 * Output, paired with each input item: `{action, id, match:{field, value}, changed}`, or the input item with it under
 * "Put Result in Field". A row Mingdao lists in
 * failedRowIds is an error of its items, never "updated".
 */
export const upsert: OperationModule<MingdaoClient> = {
	name: 'Create or Update',
	action: 'Create or update rows (新增或更新行记录)',
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	properties: [
		fieldsMapper('upsert', 'Values for the row; the field to match on finds the existing row', true),
		{ ...writeOptionsProperty, options: [...(writeOptionsProperty.options ?? []), putResultInFieldOption('row', '{action, id, match, changed}')] },
	],
	batch: true,
	async execute(ctx, client, indexes) {
		const results = new Map<number, ItemResult>();
		// Items may target different worksheets or match fields (expressions); each combination is one upsert.
		const groups = new Map<string, { ws: Worksheet; match: Field; inputs: UpsertInput[] }>();
		for (const i of indexes) {
			try {
				const ws = await worksheetFor(ctx, client, i);
				const match = matchField(ctx, ws, i);
				const values = mappedValues(ctx, ws, i);
				if (match.id in values) values[match.id] = keyValue(match, values[match.id]);
				const key = matchKey(match, values[match.id]);
				if (!key) throw inputError(ctx.getNode(), `Field ${labelOf(match)}`, 'the value to match on is empty (or only spaces)', i);
				const id = `${ws.id}|${match.id}`;
				const group = groups.get(id) ?? { ws, match, inputs: [] };
				group.inputs.push({ itemIndex: i, key, values });
				groups.set(id, group);
			} catch (error) {
				results.set(i, error as Error);
				// Without "Continue On Fail" a bad item stops the node before anything is written.
				if (!ctx.continueOnFail()) return results;
			}
		}
		for (const { ws, match, inputs } of groups.values()) {
			const trigger = ctx.getNodeParameter('options.triggerWorkflow', inputs[0].itemIndex, true) as boolean;
			const outcomes = await runUpsert(mingdaoUpsertStore(client, ws, match, { triggerWorkflow: trigger }), inputs, {
				rowError: (failure) => apiError(ctx.getNode(), MINGDAO, failure),
			});
			const valueOf = new Map(inputs.map((input) => [input.itemIndex, input.values[match.id]]));
			for (const [i, outcome] of outcomes) {
				if (outcome instanceof Error) {
					results.set(i, outcome);
					continue;
				}
				const matched = { field: keyOf(match), value: valueOf.get(i) as string | number };
				results.set(i, [withResultIn(ctx, i, { action: outcome.action, id: outcome.id, match: matched, changed: keysOf(ws, outcome.changed) })]);
			}
		}
		return results;
	},
};
