import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';
import { inputError } from '../../core/errors';
import { ModelError, toModel } from '../values';

/** The form every Form operation works on: from the list of common forms, or any form ID. */
export const formIdProperty: INodeProperties = {
	displayName: 'Form',
	name: 'formId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The business object (业务对象 / 表单), e.g. BD_Customer or SAL_SaleOrder',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchForms', searchable: true },
		},
		{
			displayName: 'By Form ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. SAL_SaleOrder',
			hint: 'Any form ID (表单标识), as shown in BOS designer or the WebAPI page',
		},
	],
};

/** "By" number or internal ID, and the field for each (View, Submit, Audit, Unaudit, Delete). */
export function recordByProperties(description?: string): INodeProperties[] {
	const withDescription = description ? { description } : {};
	return [
		{
			displayName: 'By',
			name: 'by',
			type: 'options',
			options: [
				{ name: 'Number (编码)', value: 'number' },
				{ name: 'Internal ID (内码)', value: 'id' },
			],
			default: 'number',
		},
		{
			displayName: 'Number',
			name: 'number',
			type: 'string',
			required: true,
			displayOptions: { show: { by: ['number'] } },
			default: '',
			placeholder: 'XSDD000123',
			...withDescription,
		},
		{
			displayName: 'Internal ID',
			name: 'id',
			type: 'string',
			required: true,
			displayOptions: { show: { by: ['id'] } },
			default: '',
			placeholder: '100123',
			...withDescription,
		},
	];
}

export function readFormId(ctx: IExecuteFunctions, i: number, name = 'formId'): string {
	const raw = ctx.getNodeParameter(name, i, '', { extractValue: true }) as unknown;
	// A resource locator arrives as its value; tolerate the {mode, value} object too (older workflows, tests).
	const value = String((raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw) ?? '').trim();
	if (!value) throw inputError(ctx.getNode(), 'Form', 'choose a form or enter its form ID', i);
	if (!/^[A-Za-z][\w.]*$/.test(value))
		throw inputError(ctx.getNode(), 'Form', `"${value}" is not a form ID (letters, digits and _)`, i);
	return value;
}

/** A JSON object parameter (given as text or as an object from an expression). */
export function readObject(ctx: IExecuteFunctions, name: string, label: string, i: number): IDataObject {
	const raw = ctx.getNodeParameter(name, i, '{}') as unknown;
	let value: unknown = raw;
	if (typeof raw === 'string') {
		try {
			value = jsonParse(raw.trim() || '{}');
		} catch {
			throw inputError(ctx.getNode(), label, 'is not valid JSON', i);
		}
	}
	if (!value || typeof value !== 'object' || Array.isArray(value))
		throw inputError(ctx.getNode(), label, 'must be a JSON object', i);
	return value as IDataObject;
}

/** The model of an item: plain values → Kingdee's model (dotted keys nested, dates in Beijing time). */
export function readModel(ctx: IExecuteFunctions, i: number, name = 'model'): IDataObject {
	const values = readObject(ctx, name, 'Model (JSON)', i);
	if (Object.keys(values).length === 0) throw inputError(ctx.getNode(), 'Model (JSON)', 'is empty: give the fields to write', i);
	try {
		return toModel(values);
	} catch (error) {
		if (error instanceof ModelError) throw inputError(ctx.getNode(), 'Model (JSON)', error.message, i);
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: i });
	}
}

/** A comma-separated list or an array (from an expression) → trimmed, non-empty strings. */
export function readList(ctx: IExecuteFunctions, name: string, i: number): string[] {
	const raw = ctx.getNodeParameter(name, i, '') as unknown;
	const list = Array.isArray(raw) ? raw : String(raw ?? '').split(',');
	return list.map((v) => String(v).trim()).filter((v) => v !== '');
}

export const modelProperty: INodeProperties = {
	displayName: 'Model (JSON)',
	name: 'model',
	type: 'json',
	default: '{\n  "FNumber": "",\n  "FName": ""\n}',
	required: true,
	description:
		'The fields to write, keyed by field key (字段标识). Reference base data by number with a dotted key, e.g. "FCustId.FNumber": "C001"; entry rows (单据体) as an array under the entry key. Dates with an offset are converted to Beijing time.',
};

/** Save/Draft/BatchSave options shared by the operations that write models. */
export function saveOptions(withUpdateFields: boolean): INodeProperties {
	const options: INodeProperties[] = [
		{
			displayName: 'Delete Entry Rows Not Sent (IsDeleteEntry)',
			name: 'isDeleteEntry',
			type: 'boolean',
			default: false,
			description:
				"Whether entry rows (分录) of an existing record that are not in the model are deleted. Kingdee's own default is true, which silently deletes entry rows you did not send; this node sends false unless you turn it on.",
		},
		{
			displayName: 'Verify Base Data (IsVerifyBaseDataField)',
			name: 'isVerifyBaseDataField',
			type: 'boolean',
			default: false,
			description: 'Whether Kingdee checks that every referenced base data record is valid (audited, not disabled)',
		},
		{
			displayName: 'Return Fields (NeedReturnFields)',
			name: 'needReturnFields',
			type: 'string',
			default: '',
			placeholder: 'FBillNo,FDate,FSaleOrderEntry.FQty',
			description: 'Comma-separated field keys Kingdee returns for the saved record (entry fields as entrykey.key)',
		},
		{
			displayName: 'Interaction Flags (InterationFlags)',
			name: 'interationFlags',
			type: 'string',
			default: '',
			placeholder: 'STK_InvCheckResult',
			description: 'Semicolon-separated interaction flags, e.g. STK_InvCheckResult to allow negative stock',
		},
	];
	if (withUpdateFields) {
		options.unshift({
			displayName: 'Fields to Update (NeedUpDateFields)',
			name: 'needUpdateFields',
			type: 'string',
			default: '',
			placeholder: 'FName,FShortName',
			description:
				'Comma-separated field keys to change when updating (the model must then carry the internal ID, e.g. FID or FCUSTID). Empty: every field in the model.',
		});
	}
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** The `data` parameters of Save/Draft/BatchSave from the options. `IsDeleteEntry` is always sent (false by default). */
export function saveData(ctx: IExecuteFunctions, i: number): IDataObject {
	const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const list = (value: unknown) =>
		String(value ?? '')
			.split(/[,;]/)
			.map((v) => v.trim())
			.filter(Boolean);
	const data: IDataObject = { IsDeleteEntry: o.isDeleteEntry === true };
	if (o.isVerifyBaseDataField === true) data.IsVerifyBaseDataField = true;
	if (list(o.needUpdateFields).length) data.NeedUpDateFields = list(o.needUpdateFields);
	if (list(o.needReturnFields).length) data.NeedReturnFields = list(o.needReturnFields);
	if (String(o.interationFlags ?? '').trim()) data.InterationFlags = String(o.interationFlags).trim();
	return data;
}
