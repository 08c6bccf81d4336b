import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { redact } from './redact';

/** What an operation produced for one input item: records, or the error that item hit. */
export type ItemResult = IDataObject[] | Error;

/**
 * The json of a failed item. Only `error` and `details` keys, because that is how n8n recognises an error item
 * and routes it to the node's error output ("On Error: Continue (using error output)").
 */
function errorJson(error: Error): IDataObject {
	const e = error as Error & { description?: string; apiCode?: string };
	const details: IDataObject = {};
	if (e.apiCode) details.code = e.apiCode;
	if (e.description) details.description = redact(String(e.description));
	return Object.keys(details).length ? { error: redact(e.message), details } : { error: redact(e.message) };
}

/**
 * Turn per-item results into n8n output, honouring "Continue On Fail" item by item: with it, a failed item
 * becomes `{error}` paired with its input and the others go on; without it, the first failure stops the node.
 */
export function toOutput(ctx: IExecuteFunctions, results: Map<number, ItemResult>): INodeExecutionData[] {
	const out: INodeExecutionData[] = [];
	const indexes = [...results.keys()].sort((a, b) => a - b);
	for (const i of indexes) {
		const result = results.get(i)!;
		if (result instanceof Error) {
			if (!ctx.continueOnFail()) {
				const e = result as Error & { context?: IDataObject };
				if (e instanceof NodeOperationError || 'context' in e) {
					e.context = { ...(e.context ?? {}), itemIndex: i };
					throw e;
				}
				throw new NodeOperationError(ctx.getNode(), result, { itemIndex: i });
			}
			out.push({ json: errorJson(result), pairedItem: { item: i } });
			continue;
		}
		for (const json of result) out.push({ json, pairedItem: { item: i } });
	}
	return out;
}

/**
 * Run `fn` for every item, one at a time, collecting results. Without "Continue On Fail" it stops at the first
 * failure (as n8n nodes do), so nothing after a failed item is written.
 */
export async function perItem(
	ctx: IExecuteFunctions,
	itemIndexes: number[],
	fn: (itemIndex: number) => Promise<IDataObject | IDataObject[]>,
): Promise<Map<number, ItemResult>> {
	const results = new Map<number, ItemResult>();
	const stopOnError = !ctx.continueOnFail();
	for (const i of itemIndexes) {
		try {
			const value = await fn(i);
			results.set(i, Array.isArray(value) ? value : [value]);
		} catch (error) {
			results.set(i, error as Error);
			if (stopOnError) break;
		}
	}
	return results;
}

/** The "Put Result in Field" option of the upserts: keep the input item and add the result under a field. */
export function putResultInFieldOption(placeholder: string, result: string): INodeProperties {
	return {
		displayName: 'Put Result in Field',
		name: 'putResultInField',
		type: 'string',
		default: '',
		placeholder,
		description: `Empty: each output item is the result (${result}). A field name: each output item is the input item with the result added under that field, so later steps read both from the item itself, without reaching back to earlier nodes.`,
	};
}

/** An upsert's output for item `i`: the result alone, or the input item with the result under the option's field. */
export function withResultIn(ctx: IExecuteFunctions, itemIndex: number, result: IDataObject): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const field = String(options.putResultInField ?? '').trim();
	return field ? { ...ctx.getInputData()[itemIndex].json, [field]: result } : result;
}
