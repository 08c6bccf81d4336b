import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../core/errors';
import type { MingdaoClient } from '../client';
import type { EpochUnit } from '../dates';
import type { FieldValues } from '../rows';
import { SKIP, toWriteValue } from '../values';
import { findField, loadWorksheet, READ_ONLY } from '../worksheet';
import type { Worksheet } from '../worksheet';

/** Parameters and readers shared by the operations: the worksheet, the field mapper, the write options. */

export const worksheetProperty: INodeProperties = {
	displayName: 'Worksheet',
	name: 'worksheet',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The worksheet (工作表) to work on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchWorksheets', searchable: true },
		},
		{
			displayName: 'By ID or Alias',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 64f0c2... or xiaoe_users',
			hint: 'The worksheet ID, or the alias set by the app admin (工作表别名)',
		},
	],
};

export const rowIdProperty: INodeProperties = {
	displayName: 'Row ID',
	name: 'rowId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 0bc19fb7-4100-43ad-8f0e-7d2879427677',
	description: 'The row ID (Mingdao rowid), as output by Get Many, Create and Create or Update',
};

/** The field mapper (`columns`): n8n's resource mapper over the worksheet's writable fields. */
export function fieldsMapper(mode: 'add' | 'upsert', description: string, addAllFields: boolean): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		description,
		typeOptions: {
			loadOptionsDependsOn: ['worksheet.value', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields,
				multiKeyMatch: false,
				supportAutoMap: true,
				...(mode === 'upsert'
					? {
							matchingFieldsLabels: {
								title: 'Field to Match On',
								description: 'The field that identifies a row (best: a Text or Number field set to unique, 不允许重复, e.g. an external ID)',
								hint: 'Rows whose field holds this value are updated; new values create rows',
							},
						}
					: {}),
			},
		},
	};
}

const triggerWorkflowOption: INodeProperties = {
	displayName: 'Trigger Workflows',
	name: 'triggerWorkflow',
	type: 'boolean',
	default: true,
	description: 'Whether Mingdao workflows triggered by row changes run for these writes',
};

/** Options of the operations that write field values. */
export const writeOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Clear Fields Left Empty',
			name: 'clearEmpty',
			type: 'boolean',
			default: false,
			description:
				'Whether a mapped field whose value is empty clears the field in Mingdao. Off: empty values leave the field as it is (null from the input still clears it).',
		},
		{
			displayName: 'Numbers in Date Fields',
			name: 'dateNumbers',
			type: 'options',
			options: [
				{ name: 'Refuse (Error)', value: 'none', description: 'A plain number such as 20251201 or 45992 is not guessed to be a date' },
				{ name: 'Epoch Seconds', value: 'seconds', description: 'Unix timestamps in seconds, e.g. 1764547200' },
				{ name: 'Epoch Milliseconds', value: 'milliseconds', description: 'Unix timestamps in milliseconds, e.g. 1764547200000' },
			],
			default: 'none',
			description: 'How a plain number mapped to a date or date-time field is read',
		},
		triggerWorkflowOption,
	],
};

/** Options of Delete. */
export const deleteOptionsProperty: INodeProperties = {
	...writeOptionsProperty,
	options: [
		{
			displayName: 'Delete Permanently',
			name: 'permanent',
			type: 'boolean',
			default: false,
			description: 'Whether to skip the recycle bin (回收站). Off: deleted rows can be restored in Mingdao.',
		},
		{ ...triggerWorkflowOption, description: 'Whether Mingdao workflows triggered by row changes run for these deletes' },
	],
};

/** The worksheet id or alias from the resource locator (n8n resolves `extractValue`; tests may pass the raw object). */
export function worksheetRef(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = ctx.getNodeParameter('worksheet', itemIndex, '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw;
	return String(value ?? '').trim();
}

export async function worksheetFor(ctx: IExecuteFunctions, client: MingdaoClient, itemIndex: number): Promise<Worksheet> {
	return loadWorksheet(client, worksheetRef(ctx, itemIndex), itemIndex);
}

export function readRowId(ctx: IExecuteFunctions, i: number): string {
	const rowId = String(ctx.getNodeParameter('rowId', i, '') ?? '').trim();
	if (!rowId) throw inputError(ctx.getNode(), 'Row ID', 'is empty', i);
	return rowId;
}

export const triggerOf = (ctx: IExecuteFunctions, i: number) => ctx.getNodeParameter('options.triggerWorkflow', i, true) as boolean;

const EPOCH_UNITS: EpochUnit[] = ['none', 'seconds', 'milliseconds'];

/**
 * The mapper's values for one item, converted per field type. "Map Automatically" takes the item's JSON keys that
 * name a field (alias, id or name) and ignores the rest; "Map Each Column Below" takes `columns.value`, where a field
 * left empty arrives as null or '' and is skipped unless "Clear Fields Left Empty" is on.
 */
export function mappedValues(ctx: IExecuteFunctions, ws: Worksheet, itemIndex: number): FieldValues {
	const mode = ctx.getNodeParameter('columns.mappingMode', itemIndex, 'defineBelow') as string;
	const clearEmpty = ctx.getNodeParameter('options.clearEmpty', itemIndex, false) as boolean;
	const chosen = ctx.getNodeParameter('options.dateNumbers', itemIndex, 'none') as EpochUnit;
	const epoch = EPOCH_UNITS.includes(chosen) ? chosen : 'none';
	const auto = mode === 'autoMapInputData';
	const source = auto
		? ctx.getInputData()[itemIndex].json
		: ((ctx.getNodeParameter('columns.value', itemIndex, {}) as IDataObject | null) ?? {});
	const out: FieldValues = {};
	for (const [key, raw] of Object.entries(source)) {
		const field = findField(ws, key);
		if (!field) {
			if (auto) continue;
			throw inputError(ctx.getNode(), `Field "${key}"`, `is not a field of worksheet ${ws.name}; refresh the field list`, itemIndex);
		}
		if (READ_ONLY.has(field.type)) continue;
		let value = raw as unknown;
		if (!auto && (value === null || value === '')) value = clearEmpty ? null : undefined;
		else if (auto && value === '' && clearEmpty) value = null;
		const converted = toWriteValue(field, value, { node: ctx.getNode(), itemIndex, timezone: ctx.getTimezone(), epoch });
		if (converted !== SKIP) out[field.id] = converted;
	}
	return out;
}
