import type { IDataObject } from 'n8n-workflow';
import { inputError, unexpectedResponse } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { KINGDEE } from '../../adapter';
import { readAnswer } from '../../answers';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { fromKingdee } from '../../values';
import { readFormId, recordByProperties } from '../common';

/** View: one whole record (header, entries, referenced base data) by number or internal ID. */
export const view: OperationModule<KingdeeClient> = {
	name: 'View',
	action: 'View a record (查看)',
	description: 'One record with its entries, by number or internal ID',
	properties: [
		...recordByProperties(),
		{
			displayName: 'Sort Entries by Sequence (IsSortBySeq)',
			name: 'isSortBySeq',
			type: 'boolean',
			default: false,
			description: 'Whether entry rows come sorted by their sequence number',
		},
	],
	async execute(ctx, client, i): Promise<IDataObject> {
		const formId = readFormId(ctx, i);
		const by = ctx.getNodeParameter('by', i, 'number') as string;
		const value = String(ctx.getNodeParameter(by, i, '')).trim();
		if (!value) throw inputError(ctx.getNode(), by === 'id' ? 'Internal ID' : 'Number', 'is empty', i);
		const data: IDataObject = by === 'id' ? { Id: value } : { Number: value };
		if (ctx.getNodeParameter('isSortBySeq', i, false)) data.IsSortBySeq = true;
		const { body } = await client.form(SERVICES.view, formId, data, { write: false, itemIndex: i });
		const answer = readAnswer(body);
		if (answer.kind !== 'view' || typeof answer.bill !== 'object' || answer.bill === null) {
			throw unexpectedResponse(ctx.getNode(), KINGDEE, 'View did not answer a record', i);
		}
		return fromKingdee(answer.bill, client.creds.lcid) as IDataObject;
	},
};
