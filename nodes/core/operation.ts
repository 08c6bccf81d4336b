import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { withItemParameters } from './itemParameters';
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
	/** Operation value → its label, for the node's subtitle. */
	operationNames?: Record<string, string>;
}

/**
 * One operation, in one file (`actions/<resource>/<op>.operation.ts`): how it appears in the Operation list and the
 * node panel, its own parameters, and its execute.
 */
export type OperationModule<Client> = Operation<Client> & {
	/** Label in the Operation list, e.g. 'Get Many'. */
	name: string;
	/** The node panel's action text, e.g. 'Get many orders'. Users search for it (add the Chinese term too). */
	action: string;
	description?: string;
	/** Parameters of this operation; `defineResource` shows them only for it (their own conditions are kept). */
	properties: INodeProperties[];
};

/**
 * A resource from its operations (`actions/<resource>/<Resource>.resource.ts`): builds the Operation selector and
 * scopes every operation's parameters to it, so operation files carry no display boilerplate.
 */
export function defineResource<Client>(
	resource: string,
	operations: Record<string, OperationModule<Client>>,
	options: { defaultOperation: string; shared?: INodeProperties[] },
): ResourceModule<Client> {
	const { defaultOperation } = options;
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options: Object.entries(operations)
			.map(([value, op]) => ({ name: op.name, value, action: op.action, description: op.description }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
	const scoped = (property: INodeProperties, ops: string[]): INodeProperties => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { resource: [resource], operation: ops, ...(property.displayOptions?.show ?? {}) },
		},
	});
	const properties = [selector, ...(options.shared ?? []).map((p) => scoped(p, Object.keys(operations)))];
	for (const [value, op] of Object.entries(operations)) properties.push(...op.properties.map((p) => scoped(p, [value])));
	const operationNames = Object.fromEntries(Object.entries(operations).map(([value, op]) => [value, op.name]));
	return { properties, operations, operationNames };
}

/** The shared `execute()` of every action node: pick the operation, run it, map results and errors per item. */
export async function runOperation<Client>(
	node: IExecuteFunctions,
	resources: Record<string, ResourceModule<Client>>,
	makeClient: () => Promise<Client>,
): Promise<INodeExecutionData[][]> {
	// Per-item parameters that only read the item (`{{ $json.a.b }}`) are read without n8n's per-item cost.
	const ctx = withItemParameters(node);
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

/** The standard "Return All" + "Limit" pair, for an operation's properties (defineResource scopes them). */
export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
];

/** Reads Return All / Limit for an item: undefined means "all". */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	return returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
}
