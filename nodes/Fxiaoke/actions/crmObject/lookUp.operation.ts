import type { IDataObject } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import type { OperationModule } from '../../../core/operation';
import { chunk } from '../../../core/paginate';
import type { FxiaokeClient } from '../../client';
import { findField, matchKey } from '../../fields';
import { readAll } from '../../walk';
import { objectProperty, readObject } from '../common';

/**
 * Values per `IN` condition: one less than a page (100), so that a lookup by a unique field (customers by `_id`)
 * answers in one page, without the empty page that confirms the end of a full one.
 */
export const LOOKUP_CHUNK = 99;

/**
 * Adds to each item the records of an object whose field matches a value of the item — the customer of an order
 * (`_id` = the order's `account_id`), the lines of an order (`order_id` = the order's `_id`) — with one query per
 * 99 distinct values for all items, instead of one call per item. Output: the input item with the record (or the
 * list of records) under a field.
 */
export const lookUp: OperationModule<FxiaokeClient> = {
	name: 'Look Up',
	action: 'Add matching CRM records to each item (按字段批量查找)',
	description: 'Find records of an object by a field for all items at once, and add them to each item',
	batch: true,
	properties: [
		objectProperty,
		{
			displayName: 'Match Field Name or ID',
			name: 'matchField',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['object.value'] },
			required: true,
			default: '_id',
			description:
				'The field of the object to match, e.g. _id or order_id. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Value',
			name: 'value',
			type: 'string',
			required: true,
			default: '',
			placeholder: '={{ $json.account_id }}',
			description: "The item's value to match, e.g. an order's account_id; an item without a value gets nothing",
		},
		{
			displayName: 'Put In Field',
			name: 'putInField',
			type: 'string',
			required: true,
			default: 'record',
			description: 'The field of the output item that receives the record (or the list of records)',
		},
		{
			displayName: 'Matches',
			name: 'matches',
			type: 'options',
			options: [
				{ name: 'First Match (One Record or Null)', value: 'first' },
				{ name: 'All Matches (A List)', value: 'all' },
			],
			default: 'first',
			description: 'One record per item (a customer by ID) or every record that matches (the lines of an order)',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Fields to Return',
					name: 'fieldProjection',
					type: 'string',
					default: '',
					placeholder: 'e.g. name,account_no',
					description: 'Comma-separated field API names; empty returns every field',
				},
				{
					displayName: 'Fail Items Without a Match',
					name: 'requireMatch',
					type: 'boolean',
					default: false,
					description: 'Whether an item whose value matches no record fails (instead of getting null or an empty list)',
				},
			],
		},
	],
	async execute(ctx, client, indexes) {
		const results = new Map<number, ItemResult>();
		const wanted: Array<{ i: number; apiName: string; field: string; key: string; putIn: string; all: boolean; require: boolean; projection: string[] }> = [];
		for (const i of indexes) {
			try {
				const apiName = readObject(ctx, i);
				const info = await client.describe(apiName, i);
				const field = String(ctx.getNodeParameter('matchField', i, '_id') ?? '').trim();
				const described = findField(info, field);
				if (!field || (!described && field !== '_id')) {
					throw inputError(ctx.getNode(), 'Match Field', `"${field}" is not a field of ${info.label} (${apiName})`, i);
				}
				const putIn = String(ctx.getNodeParameter('putInField', i, '') ?? '').trim();
				if (!putIn) throw inputError(ctx.getNode(), 'Put In Field', 'give the field that receives the records', i);
				const raw = ctx.getNodeParameter('value', i, '') as unknown;
				const value = Array.isArray(raw) ? raw[0] : raw;
				const key = described ? matchKey(described, value) : String(value ?? '').trim();
				const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
				const projection = String(options.fieldProjection ?? '').split(',').map((s) => s.trim()).filter(Boolean);
				wanted.push({
					i,
					apiName,
					field,
					key: key === 'undefined' || key === 'null' ? '' : key,
					putIn,
					all: ctx.getNodeParameter('matches', i, 'first') === 'all',
					require: options.requireMatch === true,
					projection,
				});
			} catch (error) {
				results.set(i, error as Error);
				if (!ctx.continueOnFail()) return results;
			}
		}
		// One read per object, field and projection, for the distinct values of all items.
		const groups = new Map<string, typeof wanted>();
		for (const w of wanted) {
			const id = `${w.apiName}|${w.field}|${w.projection.join(',')}`;
			groups.set(id, [...(groups.get(id) ?? []), w]);
		}
		for (const group of groups.values()) {
			const { apiName, field, projection } = group[0];
			const byKey = new Map<string, IDataObject[]>();
			const keys = [...new Set(group.map((w) => w.key).filter(Boolean))];
			try {
				for (const part of chunk(keys, LOOKUP_CHUNK)) {
					const rows = await readAll(client, apiName, {
						filters: [{ field_name: field, field_values: part, operator: 'IN' }],
						// Oldest first: "first match" is the oldest record, lists keep the order records were created in.
						sort: { field: 'create_time', asc: true },
						fieldProjection: projection.length ? [...new Set(['_id', 'create_time', field, ...projection])] : undefined,
					});
					for (const row of rows) {
						const key = String(row[field] ?? '').trim();
						byKey.set(key, [...(byKey.get(key) ?? []), row]);
					}
				}
			} catch (error) {
				for (const w of group) results.set(w.i, error as Error);
				continue;
			}
			for (const w of group) {
				const found = w.key ? (byKey.get(w.key) ?? []) : [];
				if (found.length === 0 && w.require) {
					results.set(w.i, inputError(ctx.getNode(), `Value "${w.key}"`, `no ${apiName} record has ${field} = this value`, w.i));
					continue;
				}
				const input = ctx.getInputData()[w.i].json;
				results.set(w.i, [{ ...input, [w.putIn]: w.all ? found : (found[0] ?? null) }]);
			}
		}
		return results;
	},
};
