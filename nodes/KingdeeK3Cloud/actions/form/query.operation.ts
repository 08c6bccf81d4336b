import type { IDataObject } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { QUERY_PAGE_SIZE } from '../../client';
import { readFormId } from '../common';

/**
 * ExecuteBillQuery: rows of any form, one n8n item per row, keyed by field key. Return All pages with
 * StartRow/Limit until a short page.
 */
export const query: OperationModule<KingdeeClient> = {
	name: 'Query',
	action: 'Query records of a form (单据查询)',
	description: 'Rows of a form by field keys and a filter (ExecuteBillQuery)',
	properties: [
		{
			displayName: 'Field Keys',
			name: 'fieldKeys',
			type: 'string',
			required: true,
			default: 'FNumber,FName',
			placeholder: 'FID,FBillNo,FDate,FCustId.FNumber,FSaleOrderEntry_FEntryID,FMaterialId.FNumber,FQty',
			description:
				'Comma-separated field keys (字段标识). Base data fields as key.FNumber / key.FName; entry IDs as EntryKey_FEntryID (e.g. FSaleOrderEntry_FEntryID). Each output item has one property per key.',
		},
		{
			displayName: 'Filter',
			name: 'filterString',
			type: 'string',
			default: '',
			placeholder: "FDocumentStatus = 'C' AND FModifyDate >= '2026-01-01 00:00:00'",
			description: 'FilterString, in the SQL-like syntax of K3Cloud lists. Empty: all rows.',
		},
		{
			displayName: 'Order By',
			name: 'orderString',
			type: 'string',
			default: '',
			placeholder: 'FNumber ASC',
			description: 'OrderString. Give one for stable paging over many rows, e.g. the internal ID (FID ASC).',
		},
		...returnAllAndLimit,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Page Size',
					name: 'pageSize',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 10000 },
					default: QUERY_PAGE_SIZE,
					description:
						'Rows per ExecuteBillQuery call (Limit). 2000 is the maximum of older servers; from patch 23.11 up to 10 000 (WebAPIMaxQueryLimit).',
				},
			],
		},
	],
	async execute(ctx, client, i): Promise<IDataObject[]> {
		const formId = readFormId(ctx, i);
		const fieldKeys = String(ctx.getNodeParameter('fieldKeys', i, ''))
			.split(',')
			.map((k) => k.trim())
			.filter(Boolean);
		if (fieldKeys.length === 0) throw inputError(ctx.getNode(), 'Field Keys', 'give at least one field key, e.g. FNumber', i);
		const bad = fieldKeys.find((k) => !/^[A-Za-z][\w.]*$/.test(k));
		if (bad) throw inputError(ctx.getNode(), 'Field Keys', `"${bad}" is not a field key`, i);
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		return client.query(
			{
				formId,
				fieldKeys,
				filter: String(ctx.getNodeParameter('filterString', i, '')).trim(),
				order: String(ctx.getNodeParameter('orderString', i, '')).trim(),
				limit: readLimit(ctx, i),
				pageSize: Number(options.pageSize) || QUERY_PAGE_SIZE,
			},
			i,
		);
	},
};
