/**
 * The editor's calls into a node's `methods` (load options, list search, resource mapping) with n8n-core's
 * `LoadOptionsContext`, as the CLI's DynamicNodeParametersService makes them: the node's current parameters are
 * the editor's, completed with defaults.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INode, INodeParameters, INodeType, IWorkflowBase } from 'n8n-workflow';
import { additionalData, attachCredentials, nodeTypes } from './runtime';
import type { CredentialStore } from './runtime';

export type MethodKind = 'loadOptions' | 'listSearch' | 'resourceMapping';

export async function runMethod<T = unknown>(
	NodeClass: new () => INodeType,
	kind: MethodKind,
	method: string,
	parameters: INodeParameters,
	options: { credentials?: CredentialStore; args?: unknown[] } = {},
): Promise<T> {
	const type = new NodeClass();
	const fn = (type.methods?.[kind] as Record<string, (this: ILoadOptionsFunctions, ...args: unknown[]) => Promise<T>> | undefined)?.[method];
	if (!fn) throw new Error(`${type.description.name} has no methods.${kind}.${method}`);
	const node: INode = {
		id: 'node',
		name: type.description.defaults.name ?? type.description.displayName,
		type: nodeTypes.add(type),
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(parameters),
	};
	const credentials = options.credentials ?? {};
	attachCredentials(node, credentials);
	const workflowData: IWorkflowBase = {
		id: 'engine-test',
		name: 'engine test',
		active: false,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: [node],
		connections: {},
	};
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const completed = workflow.getNode(node.name)!;
	const data = additionalData({ workflow: workflowData, mode: 'internal', credentials });
	data.currentNodeParameters = completed.parameters;
	const context = new LoadOptionsContext(workflow, completed, data, '');
	return await fn.call(context, ...(options.args ?? []));
}
