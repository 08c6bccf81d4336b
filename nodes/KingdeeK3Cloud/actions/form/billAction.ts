import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { runBatch } from '../../../core/batch';
import { apiError, inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import { KINGDEE } from '../../adapter';
import type { KingdeeClient } from '../../client';
import { readFormId, recordByProperties } from '../common';
import { rowsOfAnswer } from '../../answers';
import { savedRecord } from './write';

/**
 * Submit, Audit, Unaudit, Delete: the same request (`Numbers: [...]` or `Ids: "1,2"`) and answer (one success entity
 * or error per bill). One item names one record; items are sent together (Batch Size per call) and each gets its
 * own result. The official pages list these data fields for all four (Delete: no interaction flags).
 */
export function billActionProperties(options: { interaction: boolean }): INodeProperties[] {
	const extra: INodeProperties[] = [
		{
			displayName: 'Use Organization ID (UseOrgId)',
			name: 'useOrgId',
			type: 'number',
			default: 0,
			description: 'Internal ID of the using organisation (使用组织), 0 for none',
		},
		{
			displayName: 'Network Control (NetworkCtrl)',
			name: 'networkCtrl',
			type: 'boolean',
			default: false,
			description: 'Whether Kingdee applies network control (网控) to prevent concurrent changes',
		},
	];
	if (options.interaction) {
		extra.push({
			displayName: 'Interaction Flags (InterationFlags)',
			name: 'interationFlags',
			type: 'string',
			default: '',
			placeholder: 'STK_InvCheckResult',
			description: 'Semicolon-separated interaction flags, e.g. STK_InvCheckResult to allow negative stock',
		});
	}
	return [
		...recordByProperties('The record of this item (one per item; items are sent together)'),
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 100,
			description: 'Records per call',
		},
		{ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options: extra },
	];
}

interface Row {
	formId: string;
	by: 'number' | 'id';
	key: string;
	data: IDataObject;
}

export async function runBillAction(
	ctx: IExecuteFunctions,
	client: KingdeeClient,
	indexes: number[],
	service: string,
): Promise<Map<number, ItemResult>> {
	return runBatch<Row>(ctx, indexes, {
		async read(i) {
			const by = ctx.getNodeParameter('by', i, 'number') as 'number' | 'id';
			const key = String(ctx.getNodeParameter(by, i, '') ?? '').trim();
			if (!key) throw inputError(ctx.getNode(), by === 'id' ? 'Internal ID' : 'Number', 'is empty', i);
			if (by === 'id' && !/^\d+$/.test(key)) throw inputError(ctx.getNode(), 'Internal ID', `"${key}" is not a number`, i);
			const o = ctx.getNodeParameter('options', i, {}) as IDataObject;
			const data: IDataObject = {};
			if (Number(o.useOrgId) > 0) data.UseOrgId = Number(o.useOrgId);
			if (o.networkCtrl === true) data.NetworkCtrl = true;
			if (String(o.interationFlags ?? '').trim()) data.InterationFlags = String(o.interationFlags).trim();
			return { formId: readFormId(ctx, i), by, key, data };
		},
		groupKey: (row) => `${row.formId}|${row.by}|${JSON.stringify(row.data)}`,
		rowKey: (row) => row.key,
		chunkSize: Math.max(1, Number(ctx.getNodeParameter('batchSize', indexes[0] ?? 0, 100)) || 100),
		async write(rows) {
			const { formId, by, data } = rows[0];
			const keys = rows.map((r) => r.key);
			const body = by === 'number' ? { ...data, Numbers: keys } : { ...data, Ids: keys.join(',') };
			const result = await client.form(service, formId, body, { write: true });
			return rowsOfAnswer(result, rows.length, { by, values: keys });
		},
		output: (row, result) => savedRecord(row.formId, result.id, result.number),
		rowError: (failure) => apiError(ctx.getNode(), KINGDEE, failure),
	});
}
