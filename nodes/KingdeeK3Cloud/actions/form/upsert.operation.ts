import type { IDataObject } from 'n8n-workflow';
import { apiError, inputError } from '../../../core/errors';
import type { ItemResult } from '../../../core/items';
import { putResultInFieldOption, withResultIn } from '../../../core/items';
import type { OperationModule } from '../../../core/operation';
import type { ApiFailure } from '../../../core/types';
import { upsert as runUpsert } from '../../../core/upsert';
import type { UpsertInput } from '../../../core/upsert';
import { KINGDEE } from '../../adapter';
import { submitAndAudit } from '../../approve';
import type { KingdeeClient } from '../../client';
import { formInfo } from '../../forms';
import { kingdeeUpsertStore } from '../../upsertStore';
import { flatKeys } from '../../values';
import { modelProperty, readFormId, readModel } from '../common';

const FIELD_KEY = /^[A-Za-z][\w.]*$/;

/**
 * Create or update by number over all items at once: one lookup per 200 numbers, creates and updates through
 * BatchSave, only changed header fields written, unchanged records not written at all. Output per item:
 * `{action: created | updated | unchanged, formId, id, number, changed}` (+ `documentStatus` with Submit and Audit),
 * or the input item with that result under a field ("Put Result in Field").
 */
export const upsert: OperationModule<KingdeeClient> = {
	name: 'Upsert',
	action: 'Create or update records by number (按编码新增或更新)',
	description: 'Find each record by its number; create it when missing, update only changed fields when found',
	batch: true,
	properties: [
		{
			...modelProperty,
			description:
				modelProperty.description +
				' Must contain the match field (e.g. FNumber). Entry rows are written when a record is created; updates change header fields only.',
		},
		{
			displayName: 'Match Field',
			name: 'matchField',
			type: 'string',
			default: '',
			placeholder: 'FNumber',
			description:
				'The field that identifies a record. Empty: the number field of the form (FNumber for base data, FBillNo for bills).',
		},
		{
			displayName: 'Internal ID Field',
			name: 'idField',
			type: 'string',
			default: '',
			placeholder: 'FCUSTID',
			description:
				"The form's primary key field (内码), used to update. Empty: FCUSTID for customers, FMATERIALID for materials, FID for bills and other forms.",
		},
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 100,
			description: 'Records per BatchSave call',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				putResultInFieldOption('kingdee', 'action, ID, number…'),
				{
					displayName: 'Submit and Audit (提交并审核)',
					name: 'submitAndAudit',
					type: 'boolean',
					default: false,
					description:
						'Whether every record is brought to audited (已审核) after it is saved: created or changed records are submitted and audited; an audited record that has to change is unaudited (反审核) first, updated, then audited again. Records already audited and unchanged are left alone.',
				},
				{
					displayName: 'Verify Base Data (IsVerifyBaseDataField)',
					name: 'isVerifyBaseDataField',
					type: 'boolean',
					default: false,
					description: 'Whether Kingdee checks that every referenced base data record is valid (audited, not disabled)',
				},
			],
		},
	],
	async execute(ctx, client, indexes) {
		const results = new Map<number, ItemResult>();
		const groups = new Map<
			string,
			{ formId: string; idField: string; matchField: string; inputs: UpsertInput[]; data: IDataObject; audit: boolean }
		>();
		for (const i of indexes) {
			try {
				const formId = readFormId(ctx, i);
				const info = formInfo(formId);
				const matchField = String(ctx.getNodeParameter('matchField', i, '')).trim() || info.numberField;
				const idField = String(ctx.getNodeParameter('idField', i, '')).trim() || info.idField;
				for (const [label, key] of [
					['Match Field', matchField],
					['Internal ID Field', idField],
				]) {
					if (!FIELD_KEY.test(key)) throw inputError(ctx.getNode(), label, `"${key}" is not a field key`, i);
				}
				const { fields, entries } = flatKeys(readModel(ctx, i));
				const key = fields.get(matchField);
				if (key === undefined || key === null || String(key).trim() === '') {
					throw inputError(ctx.getNode(), 'Model (JSON)', `the match field ${matchField} is missing or empty`, i);
				}
				fields.delete(idField);
				const values: Record<string, unknown> = Object.fromEntries([...fields, ...entries]);
				const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
				const data: IDataObject = { IsDeleteEntry: false };
				if (options.isVerifyBaseDataField === true) data.IsVerifyBaseDataField = true;
				const audit = options.submitAndAudit === true;
				const group = `${formId}|${idField}|${matchField}|${JSON.stringify(data)}|${audit}`;
				const entry = groups.get(group) ?? { formId, idField, matchField, inputs: [], data, audit };
				entry.inputs.push({ itemIndex: i, key: String(key).trim(), values });
				groups.set(group, entry);
			} catch (error) {
				results.set(i, error as Error);
				// Without "Continue On Fail" a bad item stops the node before anything is written.
				if (!ctx.continueOnFail()) return results;
			}
		}
		const batchSize = Math.max(1, Number(ctx.getNodeParameter('batchSize', indexes[0] ?? 0, 100)) || 100);
		for (const { formId, idField, matchField, inputs, data, audit } of groups.values()) {
			const compareKeys = [
				...new Set(
					inputs.flatMap((input) =>
						Object.entries(input.values)
							.filter(([, v]) => !Array.isArray(v))
							.map(([k]) => k),
					),
				),
			];
			const rowError = (failure: ApiFailure) => apiError(ctx.getNode(), KINGDEE, failure);
			const store = kingdeeUpsertStore(client, {
				formId,
				idField,
				matchField,
				numberField: formInfo(formId).numberField,
				compareKeys,
				data,
				batchSize,
				unauditBeforeUpdate: audit,
			});
			const outcomes = await runUpsert(store, inputs, { rowError });
			// Submit and Audit: every saved record, once (items sharing a record share its outcome).
			const statuses = audit
				? await submitAndAudit(client, { formId, idField, batchSize }, [
						...new Set([...outcomes.values()].flatMap((o) => (o instanceof Error ? [] : [o.id]))),
					])
				: undefined;
			for (const [i, outcome] of outcomes) {
				if (outcome instanceof Error) {
					results.set(i, outcome);
					continue;
				}
				const number = matchField === formInfo(formId).numberField ? outcome.key : (store.numberOf(outcome.id) ?? null);
				const result: IDataObject = { action: outcome.action, formId, id: outcome.id, number, changed: outcome.changed };
				if (outcome.recovered) result.recovered = true;
				const status = statuses?.get(outcome.id);
				if (status && !status.ok) {
					results.set(i, rowError(status.failure));
					continue;
				}
				if (status) result.documentStatus = status.status;
				results.set(i, [withResultIn(ctx, i, result)]);
			}
		}
		return results;
	},
};
