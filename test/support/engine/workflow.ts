/** Running a workflow JSON, or one node behind a Manual Trigger, with n8n-core's WorkflowExecute. */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import type {
	ExecutionBaseError,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { additionalData, attachCredentials, nodeTypes, startExpressionEngine, workflowBase } from './runtime';
import type { CredentialStore, Parameters } from './runtime';

/** A node as workflow JSON carries it; what the editor always fills in may be left out here. */
export type NodeJson = Pick<INode, 'name' | 'type'> & Partial<INode>;

export interface WorkflowOptions {
	nodes: NodeJson[];
	connections: IConnections;
	/** Credential data by credential type or by the credential id the nodes refer to. */
	credentials?: CredentialStore;
	/** Items the start node (a Manual Trigger) hands on. Default: one empty item. */
	input?: IDataObject[];
	/** The node the run starts from. Default: the workflow's trigger (n8n's `getStartNode`). */
	startNode?: string;
	pinData?: IPinData;
	/** Default `{ executionOrder: 'v1' }`; `timezone` falls back to n8n's default (America/New_York). */
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	/** Default `manual`, as "Execute workflow" in the editor; `cli` is what `n8n execute` uses. */
	mode?: WorkflowExecuteMode;
}

export interface WorkflowRun {
	/** n8n's full run data, as the execution would be saved. */
	run: IRun;
	/**
	 * The execution's error, as n8n keeps it in the run data: a plain copy of the thrown error's fields
	 * (`name`, `message`, `description`, `context.itemIndex`, `httpCode`, …), not an instance of its class.
	 */
	error?: ExecutionBaseError;
	/** Node names in the order they finished. */
	executed: string[];
	/** The workflow's static data after the run (n8n saves it only outside manual mode). */
	staticData: IDataObject;
	/** Items of one node's output (0 = main, 1 = error output with "On Error: Continue (using error output)"). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
}

/** Node JSON → INode, with the fields the editor fills in and the credentials the store can supply. */
function completeNode(json: NodeJson, index: number, credentials: CredentialStore): INode {
	const node: INode = {
		id: `node-${index}`,
		typeVersion: 1,
		position: [index * 200, 0],
		parameters: {},
		...structuredClone(json),
	};
	attachCredentials(node, credentials);
	return node;
}

export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowRun> {
	await startExpressionEngine();
	const mode = options.mode ?? 'manual';
	const credentials = options.credentials ?? {};
	const nodes = options.nodes.map((n, i) => completeNode(n, i, credentials));
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...options.settings };
	const workflowData = workflowBase({ nodes, connections: options.connections, settings, staticData: options.staticData, pinData: options.pinData });
	// The Workflow constructor fills in parameter defaults, as n8n does when it loads a saved workflow.
	const workflow = new Workflow({ ...workflowData, nodeTypes, active: false });
	const start = options.startNode ? workflow.getNode(options.startNode) : workflow.getStartNode();
	if (!start) throw new Error('The workflow has no start node: name one in `startNode`');

	const hooks = new ExecutionLifecycleHooks(mode, '1', workflowData);
	const executed: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => void executed.push(nodeName));
	const input = (options.input ?? [{}]).map((json, item) => ({ json, pairedItem: { item } }));
	const runExecutionData = createRunExecutionData({
		resultData: { runData: {}, pinData: options.pinData },
		executionData: { nodeExecutionStack: [{ node: start, data: { main: [input] }, source: null }] },
	});
	const execute = new WorkflowExecute(additionalData({ workflow: workflowData, mode, credentials, hooks }), mode, runExecutionData);
	const run = await execute.processRunExecutionData(workflow);

	const runData = run.data.resultData.runData;
	return {
		run,
		error: run.data.resultData.error,
		executed,
		staticData: JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		output(nodeName, outputIndex = 0, runIndex = 0) {
			const task = runData[nodeName]?.[runIndex];
			if (!task) {
				const why = run.data.resultData.error?.message;
				throw new Error(`"${nodeName}" did not run (ran: ${executed.join(', ') || 'nothing'}${why ? `; error: ${why}` : ''})`);
			}
			return task.data?.main[outputIndex] ?? [];
		},
	};
}

/** n8n's plain copy of an error as an `Error` again, with the same fields (`name`, `description`, `context`, …). */
export function asError(error: ExecutionBaseError): Error {
	return Object.assign(new Error(error.message), error);
}

export interface NodeOptions {
	/** Input items (json). Default: one empty item. */
	items?: IDataObject[];
	credentials?: CredentialStore;
	/** "On Error: Continue" in the node's settings. */
	continueOnFail?: boolean;
	/** The workflow's time zone (settings). Default: n8n's default, America/New_York. */
	timezone?: string;
	typeVersion?: number;
	mode?: WorkflowExecuteMode;
}

/**
 * One node behind a Manual Trigger: returns the node's main output, or rejects with the execution's error (an
 * `Error` carrying the fields n8n kept, so `error.name` is e.g. `NodeApiError`). Per-item values are expressions
 * over the input items, e.g. `orderId: '={{ $json.id }}'`.
 */
export async function runNode(
	NodeClass: new () => INodeType,
	parameters: Parameters,
	options: NodeOptions = {},
): Promise<INodeExecutionData[]> {
	const type = new NodeClass();
	const name = type.description.defaults.name ?? type.description.displayName;
	const result = await runWorkflow({
		nodes: [
			{ name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger' },
			{
				name,
				type: nodeTypes.add(type),
				typeVersion: options.typeVersion ?? 1,
				parameters: parameters as INodeParameters,
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { 'Manual Trigger': { main: [[{ node: name, type: 'main', index: 0 }]] } },
		credentials: options.credentials,
		input: options.items,
		settings: options.timezone ? { timezone: options.timezone } : undefined,
		mode: options.mode,
	});
	if (result.error) throw asError(result.error);
	return result.output(name);
}
