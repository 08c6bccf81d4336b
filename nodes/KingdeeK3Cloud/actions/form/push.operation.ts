import type { IDataObject } from 'n8n-workflow';
import { inputError, unexpectedResponse } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { KINGDEE } from '../../adapter';
import { readAnswer } from '../../answers';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { readFormId, readList, readObject } from '../common';
import { savedRecord } from './write';

/**
 * Push (下推): create downstream bills from this item's source bills with a conversion rule, e.g. a sales order
 * pushed to a delivery notice. Kingdee answers the conversion (ConvertResponseStatus) and the save of the new bills
 * (ResponseStatus); one output item per created bill.
 */
export const push: OperationModule<KingdeeClient> = {
	name: 'Push',
	action: 'Push records to a downstream form (下推)',
	description: 'Create downstream bills from source bills with a conversion rule',
	properties: [
		{
			displayName: 'By',
			name: 'pushBy',
			type: 'options',
			options: [
				{ name: 'Numbers (编码)', value: 'numbers' },
				{ name: 'Internal IDs (内码)', value: 'ids' },
				{ name: 'Entry IDs (分录内码)', value: 'entryIds' },
			],
			default: 'numbers',
		},
		{
			displayName: 'Source Numbers',
			name: 'numbers',
			type: 'string',
			required: true,
			displayOptions: { show: { pushBy: ['numbers'] } },
			default: '',
			placeholder: 'XSDD000001,XSDD000002',
			description: 'Comma-separated numbers of the source bills (or an array from an expression)',
		},
		{
			displayName: 'Source Internal IDs',
			name: 'ids',
			type: 'string',
			required: true,
			displayOptions: { show: { pushBy: ['ids'] } },
			default: '',
			placeholder: '100001,100002',
		},
		{
			displayName: 'Source Entry IDs',
			name: 'entryIds',
			type: 'string',
			required: true,
			displayOptions: { show: { pushBy: ['entryIds'] } },
			default: '',
			placeholder: '100001,100002',
			description: 'Comma-separated entry IDs to push only some rows',
		},
		{
			displayName: 'Target Form ID',
			name: 'targetFormId',
			type: 'string',
			default: '',
			placeholder: 'SAL_DELIVERYNOTICE',
			description: 'The downstream form (TargetFormId); required with the default conversion rule',
		},
		{
			displayName: 'Conversion Rule ID',
			name: 'ruleId',
			type: 'string',
			default: '',
			placeholder: 'SaleOrder-DeliveryNotice',
			description: 'The conversion rule (RuleId). Empty: use the default rule between the two forms (IsEnableDefaultRule).',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Target Bill Type ID (TargetBillTypeId)',
					name: 'targetBillTypeId',
					type: 'string',
					default: '',
				},
				{
					displayName: 'Target Organization ID (TargetOrgId)',
					name: 'targetOrgId',
					type: 'number',
					default: 0,
				},
				{
					displayName: 'Draft When Save Fails (IsDraftWhenSaveFail)',
					name: 'isDraftWhenSaveFail',
					type: 'boolean',
					default: false,
					description: 'Whether a downstream bill that cannot be saved is kept as a draft (it then has no number)',
				},
				{
					displayName: 'Custom Parameters (JSON)',
					name: 'customParams',
					type: 'json',
					default: '{}',
					description: 'CustomParams passed to the conversion plug-ins',
				},
			],
		},
	],
	async execute(ctx, client, i): Promise<IDataObject[]> {
		const formId = readFormId(ctx, i);
		const by = ctx.getNodeParameter('pushBy', i, 'numbers') as 'numbers' | 'ids' | 'entryIds';
		const keys = readList(ctx, by, i);
		if (keys.length === 0)
			throw inputError(
				ctx.getNode(),
				by === 'numbers' ? 'Source Numbers' : by === 'ids' ? 'Source Internal IDs' : 'Source Entry IDs',
				'is empty',
				i,
			);
		const targetFormId = String(ctx.getNodeParameter('targetFormId', i, '')).trim();
		const ruleId = String(ctx.getNodeParameter('ruleId', i, '')).trim();
		if (!ruleId && !targetFormId)
			throw inputError(ctx.getNode(), 'Target Form ID', 'give the target form, or a conversion rule ID', i);
		const data: IDataObject =
			by === 'numbers' ? { Numbers: keys } : by === 'ids' ? { Ids: keys.join(',') } : { EntryIds: keys.join(',') };
		if (targetFormId) data.TargetFormId = targetFormId;
		if (ruleId) data.RuleId = ruleId;
		else data.IsEnableDefaultRule = true;
		const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
		if (String(o.targetBillTypeId ?? '').trim()) data.TargetBillTypeId = String(o.targetBillTypeId).trim();
		if (Number(o.targetOrgId) > 0) data.TargetOrgId = Number(o.targetOrgId);
		if (o.isDraftWhenSaveFail === true) data.IsDraftWhenSaveFail = true;
		if (o.customParams !== undefined) {
			const params = readObject(ctx, 'options.customParams', 'Custom Parameters (JSON)', i);
			if (Object.keys(params).length) data.CustomParams = params;
		}
		const { body } = await client.form(SERVICES.push, formId, data, { write: true, itemIndex: i });
		const answer = readAnswer(body);
		if (answer.kind !== 'status') throw unexpectedResponse(ctx.getNode(), KINGDEE, 'no ResponseStatus in the Push answer', i);
		return answer.status.successes.map((s) => ({
			...savedRecord(targetFormId || 'target', s.id, s.number),
			sourceFormId: formId,
		}));
	},
};
