import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { inputError } from '../../core/errors';
import type { Condition, FxiaokeClient, WriteOptions } from '../client';
import { findField, toApiValue, toEpochMs } from '../fields';
import type { ObjectInfo } from '../fields';

/** Shared parameters and readers of the CRM Object operations. */
export const OPERATORS = [
	{ name: 'Equals (EQ)', value: 'EQ' },
	{ name: 'Not Equal (N)', value: 'N', description: 'Also matches empty values' },
	{ name: 'Greater Than (GT)', value: 'GT' },
	{ name: 'Greater or Equal (GTE)', value: 'GTE' },
	{ name: 'Less Than (LT)', value: 'LT' },
	{ name: 'Less or Equal (LTE)', value: 'LTE' },
	{ name: 'Like (LIKE)', value: 'LIKE' },
	{ name: 'Not Like (NLIKE)', value: 'NLIKE' },
	{ name: 'Is Empty (IS)', value: 'IS' },
	{ name: 'Is Not Empty (ISN)', value: 'ISN' },
	{ name: 'In List (IN)', value: 'IN', description: 'Comma-separated values' },
	{ name: 'Not in List (NIN)', value: 'NIN', description: 'Comma-separated values' },
	{ name: 'Between (BETWEEN)', value: 'BETWEEN', description: 'Two comma-separated values' },
	{ name: 'Not Between (NBETWEEN)', value: 'NBETWEEN', description: 'Two comma-separated values' },
	{ name: 'Starts With (STARTWITH)', value: 'STARTWITH' },
	{ name: 'Ends With (ENDWITH)', value: 'ENDWITH' },
	{ name: 'Contains (CONTAINS)', value: 'CONTAINS', description: 'A multi-value field contains the value' },
];

const LIST_OPERATORS = new Set(['IN', 'NIN', 'BETWEEN', 'NBETWEEN', 'CONTAINS']);
const NO_VALUE = new Set(['IS', 'ISN']);

export const objectProperty: INodeProperties = {
	displayName: 'Object',
	name: 'object',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The CRM object (对象): a preset one such as AccountObj, or a custom one ending in __c',
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchObjects', searchable: true } },
		{ displayName: 'By API Name', name: 'id', type: 'string', placeholder: 'e.g. AccountObj or object_erp_order__c' },
	],
};

export const recordIdProperty: INodeProperties = {
	displayName: 'Record ID',
	name: 'recordId',
	type: 'string',
	default: '',
	required: true,
	description: 'The record\'s _id',
};

export function filtersProperty(name = 'filters'): INodeProperties {
	return {
		displayName: 'Filters',
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description: 'Conditions that all have to match (AND)',
		options: [
			{
				displayName: 'Condition',
				name: 'conditions',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['object.value'] },
						default: '',
						description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{ displayName: 'Operator', name: 'operator', type: 'options', options: OPERATORS, default: 'EQ' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Dates may be ISO 8601 or epoch milliseconds; lists are comma-separated',
					},
				],
			},
		],
	};
}

export const writeOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{ displayName: 'Trigger Approval Flow (触发审批流)', name: 'triggerApprovalFlow', type: 'boolean', default: true, description: 'Whether the write starts the object\'s approval flow (Fxiaoke default: yes)' },
		{ displayName: 'Trigger Workflow (触发工作流)', name: 'triggerWorkFlow', type: 'boolean', default: true, description: 'Whether the write starts the object\'s workflows (Fxiaoke default: yes)' },
	],
};

/** The Fields mapper; Update maps only the fields added (the record is chosen by Record ID, not by matching). */
export function fieldsMapper(mode: 'add' | 'update' | 'upsert'): INodeProperties {
	return {
		displayName: 'Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['object.value'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingColumns',
				mode: mode === 'update' ? 'add' : mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: mode !== 'update',
				multiKeyMatch: false,
				supportAutoMap: true,
				...(mode === 'upsert' ? { matchingFieldsLabels: { title: 'Field to Match On', description: 'The field that identifies a record, e.g. account_no or an external-ID field', hint: '' } } : {}),
			},
		},
	};
}

/** The object's API name (resource locator or plain text). */
export function readObject(ctx: IExecuteFunctions, i: number): string {
	const raw = ctx.getNodeParameter('object', i, '', { extractValue: true }) as unknown;
	const value = String((raw && typeof raw === 'object' ? (raw as IDataObject).value : raw) ?? '').trim();
	if (!value) throw inputError(ctx.getNode(), 'Object', 'choose a CRM object', i);
	if (!/^[A-Za-z][\w]*$/.test(value)) throw inputError(ctx.getNode(), 'Object', `"${value}" is not an object API name (e.g. AccountObj)`, i);
	return value;
}

export function readRecordId(ctx: IExecuteFunctions, i: number): string {
	const id = String(ctx.getNodeParameter('recordId', i, '') ?? '').trim();
	if (!id) throw inputError(ctx.getNode(), 'Record ID', 'is empty', i);
	return id;
}

export function readWriteOptions(ctx: IExecuteFunctions, i: number): WriteOptions {
	const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		triggerApprovalFlow: o.triggerApprovalFlow === undefined ? undefined : Boolean(o.triggerApprovalFlow),
		triggerWorkFlow: o.triggerWorkFlow === undefined ? undefined : Boolean(o.triggerWorkFlow),
	};
}

/** The mapped fields of an item, converted per the field's type; unknown and read-only fields are refused. */
export function mappedValues(ctx: IExecuteFunctions, object: ObjectInfo, i: number): IDataObject {
	const mode = ctx.getNodeParameter('fields.mappingMode', i, 'defineBelow') as string;
	const auto = mode === 'autoMapInputData';
	const source = auto ? ctx.getInputData()[i].json : (((ctx.getNodeParameter('fields.value', i, {}) as IDataObject | null) ?? {}) as IDataObject);
	const out: IDataObject = {};
	for (const [key, raw] of Object.entries(source)) {
		const field = findField(object, key);
		if (!field || field.readonly) {
			if (auto) continue;
			const why = field ? 'is read-only' : `is not a field of ${object.label} (${object.apiName}); refresh the field list`;
			throw inputError(ctx.getNode(), `Field "${key}"`, why, i);
		}
		// Fields left empty in the mapper are not written (an update never blanks a field by accident).
		if (raw === undefined || raw === null || (raw === '' && !auto)) continue;
		out[key] = toApiValue(field, raw, { node: ctx.getNode(), itemIndex: i, timezone: ctx.getTimezone() }) as IDataObject[string];
	}
	return out;
}

/** Filter rows → v2 query conditions; dates in date fields become epoch ms (what the API stores). */
export async function readFilters(ctx: IExecuteFunctions, client: FxiaokeClient, apiName: string, i: number, name = 'filters'): Promise<Condition[]> {
	const rows = ((ctx.getNodeParameter(`${name}.conditions`, i, []) as IDataObject[]) ?? []) as Array<{ field?: string; operator?: string; value?: unknown }>;
	const out: Condition[] = [];
	for (const [n, row] of rows.entries()) {
		const field = String(row.field ?? '').trim();
		const operator = String(row.operator ?? 'EQ');
		const label = `Filters › Condition ${n + 1}`;
		if (!field) throw inputError(ctx.getNode(), label, 'choose a field', i);
		if (!OPERATORS.some((o) => o.value === operator)) throw inputError(ctx.getNode(), label, `unknown operator "${operator}"`, i);
		const raw = row.value === undefined || row.value === null ? '' : String(row.value);
		let values = NO_VALUE.has(operator) ? [] : LIST_OPERATORS.has(operator) ? raw.split(',').map((v) => v.trim()).filter(Boolean) : [raw];
		if (!NO_VALUE.has(operator) && values.length === 0) throw inputError(ctx.getNode(), label, 'needs a value', i);
		if ((operator === 'BETWEEN' || operator === 'NBETWEEN') && values.length !== 2) {
			throw inputError(ctx.getNode(), label, `${operator} needs two comma-separated values, got ${values.length}`, i);
		}
		if (values.some((v) => !/^-?\d+(\.\d+)?$/.test(v)) && (field.endsWith('_time') || field.endsWith('_date'))) {
			values = values.map((v) => String(toEpochMs(v, ctx.getTimezone(), (p) => inputError(ctx.getNode(), label, p, i))));
		} else if (values.some((v) => !/^-?\d+(\.\d+)?$/.test(v))) {
			const info = await client.describe(apiName, i).catch(() => undefined);
			const type = info && findField(info, field)?.type;
			if (type === 'date' || type === 'date_time') {
				values = values.map((v) => String(toEpochMs(v, ctx.getTimezone(), (p) => inputError(ctx.getNode(), label, p, i))));
			}
		}
		out.push({ field_name: field, field_values: values, operator });
	}
	return out;
}
