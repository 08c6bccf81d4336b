import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { unexpectedResponse } from '../../../core/errors';
import { KINGDEE } from '../../adapter';
import { readAnswer } from '../../answers';
import type { KingdeeClient } from '../../client';
import { fromKingdee } from '../../values';
import { readFormId, readModel, saveData } from '../common';

/** What a saved record looks like in the output: `{formId, id, number}` (+ `returnData` when asked for). */
export function savedRecord(
	formId: string,
	id: string | undefined,
	number: string | undefined,
	returnData?: unknown,
): IDataObject {
	const out: IDataObject = { formId, id: id ?? null, number: number ?? null };
	if (returnData !== undefined) out.returnData = returnData as IDataObject;
	return out;
}

/** Save or Draft of one item's model (create when the model has no internal ID, update when it has one). */
export async function saveOne(ctx: IExecuteFunctions, client: KingdeeClient, i: number, service: string): Promise<IDataObject> {
	const formId = readFormId(ctx, i);
	const data: IDataObject = { ...saveData(ctx, i), Model: readModel(ctx, i) };
	const { body } = await client.form(service, formId, data, { write: true, itemIndex: i });
	const answer = readAnswer(body);
	if (answer.kind !== 'status') throw unexpectedResponse(ctx.getNode(), KINGDEE, 'no ResponseStatus in the answer', i);
	const first = answer.status.successes[0];
	const result = answer.result;
	const id = result.Id !== undefined && result.Id !== '' ? String(result.Id) : first?.id;
	const number =
		result.Number !== undefined && result.Number !== '' && result.Number !== null ? String(result.Number) : first?.number;
	const returnData = Array.isArray(data.NeedReturnFields) ? fromKingdee(result.NeedReturnData, client.creds.lcid) : undefined;
	return savedRecord(formId, id, number, returnData);
}
