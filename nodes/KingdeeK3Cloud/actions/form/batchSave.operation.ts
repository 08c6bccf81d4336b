import type { IDataObject } from 'n8n-workflow';
import { runBatch } from '../../../core/batch';
import { apiError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { KINGDEE } from '../../adapter';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { modelProperty, readFormId, readModel, saveData, saveOptions } from '../common';
import { rowsOfAnswer } from '../../answers';
import { savedRecord } from './write';

interface Row {
	formId: string;
	/** Save parameters shared by the call (IsDeleteEntry, …). */
	data: IDataObject;
	model: IDataObject;
}

/**
 * BatchSave: one model per item, many items per call. Kingdee answers per row (SuccessEntitys / Errors by DIndex):
 * a bad row fails only its item (Kingdee's field name and message), the others are saved and output.
 * A call refused as a whole is retried row by row by the core.
 */
export const batchSave: OperationModule<KingdeeClient> = {
	name: 'Batch Save',
	action: 'Save many records in one call (批量保存)',
	description: 'Create or update many records per call; each item is one model',
	batch: true,
	properties: [
		modelProperty,
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 100,
			description: 'Models per BatchSave call',
		},
		saveOptions(true),
	],
	async execute(ctx, client, indexes) {
		return runBatch<Row>(ctx, indexes, {
			async read(i) {
				return { formId: readFormId(ctx, i), data: saveData(ctx, i), model: readModel(ctx, i) };
			},
			groupKey: (row) => `${row.formId}|${JSON.stringify(row.data)}`,
			chunkSize: Math.max(1, Number(ctx.getNodeParameter('batchSize', indexes[0] ?? 0, 100)) || 100),
			async write(rows) {
				const { formId, data } = rows[0];
				const result = await client.form(
					SERVICES.batchSave,
					formId,
					{ ...data, Model: rows.map((r) => r.model) },
					{ write: true },
				);
				return rowsOfAnswer(result, rows.length);
			},
			output: (row, result) => savedRecord(row.formId, result.id, result.number),
			rowError: (failure) => apiError(ctx.getNode(), KINGDEE, failure),
		});
	},
};
