import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { perItem, toOutput } from './items';
import type { ItemResult } from './items';

/**
 * One operation of a node's Resource/Operation choice. Most run per item; some (lookups by many ids, upserts)
 * see all items at once so that they can batch API calls.
 */
export type Operation<Client> =
	| { batch?: false; execute(ctx: IExecuteFunctions, client: Client, itemIndex: number): Promise<IDataObject | IDataObject[]> }
	| { batch: true; execute(ctx: IExecuteFunctions, client: Client, itemIndexes: number[]): Promise<Map<number, ItemResult>> };

export interface ResourceModule<Client> {
	/** Parameters of this resource (operation choice + fields), shown only when the resource is selected. */
	properties: INodeProperties[];
	operations: Record<string, Operation<Client>>;
}

/** The shared `execute()` of every action node: pick the operation, run it, map results and errors per item. */
export async function runOperation<Client>(
	ctx: IExecuteFunctions,
	resources: Record<string, ResourceModule<Client>>,
	makeClient: () => Promise<Client>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const operation = resources[resource]?.operations[operationName];
	if (!operation) {
		throw new NodeOperationError(ctx.getNode(), `Unsupported operation "${operationName}" for resource "${resource}"`);
	}
	const client = await makeClient();
	const indexes = items.map((_, i) => i);
	const results = operation.batch
		? await operation.execute(ctx, client, indexes)
		: await perItem(ctx, indexes, (i) => operation.execute(ctx, client, i));
	return [toOutput(ctx, results)];
}

/** Shorthand for `displayOptions.show` on a resource + operations. */
export function showFor(resource: string, operations: string[]): INodeProperties['displayOptions'] {
	return { show: { resource: [resource], operation: operations } };
}

/** The standard "Return All" + "Limit" pair. */
export function returnAllAndLimit(resource: string, operations: string[]): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: showFor(resource, operations),
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { resource: [resource], operation: operations, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/** Reads Return All / Limit for an item: undefined means "all". */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
