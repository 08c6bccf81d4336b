/**
 * The editor's calls into a node's `methods` (load options, list search, resource mapping) with n8n-core's
 * `LoadOptionsContext`, as the CLI's DynamicNodeParametersService makes them: the node's current parameters are
 * the editor's, completed with defaults.
 */
import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { ILoadOptionsFunctions, INodeType } from 'n8n-workflow';
import { additionalData, attachCredentials, nodeOf, nodeTypes, startExpressionEngine, workflowBase } from './runtime';
import type { CredentialStore, Parameters } from './runtime';

export type MethodKind = 'loadOptions' | 'listSearch' | 'resourceMapping';

export async function runMethod<T = unknown>(
	NodeClass: new () => INodeType,
	kind: MethodKind,
	method: string,
	parameters: Parameters,
	options: { credentials?: CredentialStore; args?: unknown[] } = {},
): Promise<T> {
	await startExpressionEngine();
	const type = new NodeClass();
	const fn = (type.methods?.[kind] as Record<string, (this: ILoadOptionsFunctions, ...args: unknown[]) => Promise<T>> | undefined)?.[method];
	if (!fn) throw new Error(`${type.description.name} has no methods.${kind}.${method}`);
	const node = nodeOf(type, parameters);
	const credentials = options.credentials ?? {};
	attachCredentials(node, credentials);
	const workflowData = workflowBase({ nodes: [node], connections: {} });
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const completed = workflow.getNode(node.name)!;
	const data = additionalData({ workflow: workflowData, mode: 'internal', credentials });
	data.currentNodeParameters = completed.parameters;
	const context = new LoadOptionsContext(workflow, completed, data, '');
	const ownIsolate = await workflow.expression.acquireIsolate();
	try {
		return await fn.call(context, ...(options.args ?? []));
	} finally {
		if (ownIsolate) await workflow.expression.releaseIsolate();
	}
}
