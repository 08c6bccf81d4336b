import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { inputError } from '../core/errors';
import { newCursor } from '../core/pollCursor';
import type { ChangeFeed } from '../core/pollChanges';
import { asItemZero, AT_LEAST_ONCE, overlapOption, pollChanges, perExecutionOption, redeliveryPauseOption, startFromProperties } from '../core/pollChanges';
import { BEIJING } from '../core/time';
import { formIdProperty, readFormId } from './actions/common';
import { readChanges, sample, startingPoint } from './changeReader';
import type { ChangeSpec } from './changes';
import { cursorOptions, cursorTimeOf } from './changes';
import { KingdeeClient } from './client';
import { formInfo } from './forms';
import { kingdeeK3CloudApiTest } from './methods/credentialTest';
import { searchForms } from './methods/listSearch';

const FIELD_KEY = /^[A-Za-z][\w.]*$/;

/**
 * New or changed records of one form, by a datetime field (FModifyDate) with the internal id as tie-break. The
 * cursor (core pollCursor) re-reads an overlap window and emits only versions not emitted yet; delivery is at
 * least once (core pollDelivery): the records of a run that fails come again on a later poll.
 */
export class KingdeeK3CloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kingdee K3Cloud (金蝶云星空) Trigger',
		name: 'kingdeeK3CloudTrigger',
		icon: { light: 'file:kingdee.svg', dark: 'file:kingdee.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "Changed: " + ($parameter["formId"].value || $parameter["formId"] || "") }}',
		description: 'Starts the workflow when Kingdee K3Cloud (金蝶云星空) records are created or changed',
		defaults: { name: 'Kingdee K3Cloud Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kingdeeK3CloudApi', required: true, testedBy: 'kingdeeK3CloudApiTest' }],
		properties: [
			formIdProperty,
			{
				displayName: 'Fields',
				name: 'fieldKeys',
				type: 'string',
				required: true,
				default: 'FBillNo,FDate,FDocumentStatus',
				placeholder: 'FBillNo,FDate,FDocumentStatus,FCustomerID.FNumber',
				description:
					'Comma-separated header field keys (字段标识) to output; base data as key.FNumber / key.FName. The internal ID and the time field are always included.',
			},
			{
				displayName: 'Entry (单据体)',
				name: 'entryKey',
				type: 'string',
				default: '',
				placeholder: 'FEntity',
				description:
					'Optional: the key of an entry whose rows each record carries as a list under this key, e.g. FEntity (delivery notice) or FSaleOrderEntry (sales order)',
			},
			{
				displayName: 'Entry Fields',
				name: 'entryFieldKeys',
				type: 'string',
				default: '',
				placeholder: 'FMaterialID.FNumber,FQty,FSrcBillNo',
				description: 'Comma-separated field keys of the entry rows (with Entry set). Each row also gets its FEntryID.',
			},
			{
				displayName: 'Filter',
				name: 'filterString',
				type: 'string',
				default: '',
				placeholder: "FDocumentStatus = 'C'",
				description:
					'Optional FilterString (SQL-like) that records must also match. A record that stops matching is not emitted; one that starts matching is emitted when its time field changes.',
			},
			...startFromProperties('Records'),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Internal ID Field',
						name: 'idField',
						type: 'string',
						default: '',
						placeholder: 'FID',
						description: "The form's primary key (内码), the tie-break between records with the same time. Empty: FID for bills, FCUSTID for customers, FMATERIALID for materials.",
					},
					overlapOption('records saved late (long transactions)'),
					{
						displayName: 'Page Size',
						name: 'pageSize',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: 10000 },
						default: 2000,
						description: 'Rows per ExecuteBillQuery call (one row per entry line when an entry is read)',
					},
					redeliveryPauseOption,
					perExecutionOption('Records'),
					{
						displayName: 'Server Time Zone',
						name: 'serverTimeZone',
						type: 'string',
						default: BEIJING,
						description: "The K3Cloud server's time zone, used only to read the Start Date: Kingdee answers times without a zone",
					},
					{
						displayName: 'Time Field',
						name: 'timeField',
						type: 'string',
						default: 'FModifyDate',
						description: 'The datetime watched: FModifyDate (修改日期) by default; e.g. FApproveDate (审核日期) to react to audits',
					},
				],
			},
			{
				displayName: AT_LEAST_ONCE,
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { listSearch: { searchForms }, credentialTest: { kingdeeK3CloudApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChanges(this, async () => await changeFeed(this));
	}
}

function list(ctx: IPollFunctions, name: string, label: string): string[] {
	const keys = String(ctx.getNodeParameter(name, '') ?? '')
		.split(',')
		.map((k) => k.trim())
		.filter(Boolean);
	const bad = keys.find((k) => !FIELD_KEY.test(k));
	if (bad) throw inputError(ctx.getNode(), label, `"${bad}" is not a field key`);
	return keys;
}

/** The trigger's settings, checked before anything is read (a misconfigured trigger never moves its cursor). */
function readSpec(ctx: IPollFunctions): { spec: ChangeSpec; options: IDataObject } {
	const formId = readFormId(asItemZero(ctx), 0);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const idField = String(options.idField ?? '').trim() || formInfo(formId).idField;
	const timeField = String(options.timeField ?? '').trim() || 'FModifyDate';
	for (const [label, key] of [
		['Internal ID Field', idField],
		['Time Field', timeField],
	]) {
		if (!FIELD_KEY.test(key)) throw inputError(ctx.getNode(), label, `"${key}" is not a field key`);
	}
	const fields = list(ctx, 'fieldKeys', 'Fields');
	const entryKey = String(ctx.getNodeParameter('entryKey', '') ?? '').trim();
	if (entryKey && !/^[A-Za-z]\w*$/.test(entryKey)) throw inputError(ctx.getNode(), 'Entry', `"${entryKey}" is not an entry key`);
	const entryFields = list(ctx, 'entryFieldKeys', 'Entry Fields');
	if (entryFields.length && !entryKey) throw inputError(ctx.getNode(), 'Entry', 'give the entry key (e.g. FEntity) for the Entry Fields');
	const zone = String(options.serverTimeZone ?? '').trim() || BEIJING;
	const spec: ChangeSpec = {
		formId,
		idField,
		timeField,
		fields,
		entry: entryKey ? { key: entryKey, fields: entryFields } : undefined,
		filter: String(ctx.getNodeParameter('filterString', '') ?? ''),
		zone,
	};
	return { spec, options };
}

/** The records of one form changed since a time, in Kingdee's own clock (its server time zone). */
async function changeFeed(ctx: IPollFunctions): Promise<ChangeFeed> {
	const { spec, options } = readSpec(ctx);
	const client = await KingdeeClient.from(ctx);
	const pageSize = Number(options.pageSize) || 2000;
	return {
		sample: async () => (await sample(client, spec, 5)).map((r) => r.record),
		async startNow() {
			// "Now" in Kingdee's clock: the newest record's time; records at that time count as seen.
			const start = await startingPoint(client, spec);
			return { ...newCursor(start.time), seen: start.seen };
		},
		startAt: (date) => cursorTimeOf(date, spec.zone),
		rules: cursorOptions,
		read: async (from) => await readChanges(client, spec, from, pageSize),
	};
}
