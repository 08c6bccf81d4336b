/**
 * Polling triggers as n8n runs them. An active workflow keeps one `Workflow` (and so one static data object) for
 * all its ticks; each tick is n8n-core's `PollTriggerExecutor` with a `PollContext`: poll() runs, a non-null result
 * is emitted, and the CLI saves the static data at that moment, or after activation (only if it changed).
 * "Fetch Test Event" is a manual run of the trigger node through `WorkflowExecute`, whose static data n8n never
 * saves.
 */
import { Container } from './di';
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type { IDataObject, INodeExecutionData, INodeType, IRun, WorkflowExecuteMode } from 'n8n-workflow';

/** The done promise n8n hands to a poll's `__emit`. */
type DonePromise = { resolve(run: IRun | undefined): void };
import { additionalData, attachCredentials, nodeOf, nodeTypes, startExpressionEngine, workflowBase } from './runtime';
import type { CredentialStore, Parameters } from './runtime';
import { asError, runWorkflow } from './workflow';

export interface PollOptions {
	credentials?: CredentialStore;
	/** The workflow's time zone (settings). Default: n8n's default, America/New_York. */
	timezone?: string;
	/**
	 * How the run an emission starts ends. n8n settles the emission's done promise with the finished run (that is
	 * how a trigger learns the outcome); the poller starts no workflow, so it settles the promise itself, after the
	 * tick, as `success` unless this says otherwise.
	 */
	runOutcome?: () => 'success' | 'error';
}

export interface PollResult {
	/** What the tick emitted (output 0), or `null` when poll() returned null and no execution started. */
	items: INodeExecutionData[] | null;
	/** What poll() threw: on activation the activation fails, later n8n records a failed execution. */
	error?: Error;
	/** The node's static data after the tick (a copy). */
	staticData: IDataObject;
	/** Whether n8n wrote the static data to its database in this tick (it changed, and the tick emitted or activated). */
	saved: boolean;
}

export interface Poller {
	poll(): Promise<PollResult>;
	/** The node's static data now (a copy). */
	readonly staticData: IDataObject;
	/** What n8n last wrote to its database: what the poller would start from after a restart (a copy). */
	readonly savedStaticData: IDataObject;
}

function triggerWorkflow(TriggerClass: new () => INodeType, parameters: Parameters, staticData: IDataObject, options: PollOptions) {
	const node = nodeOf(new TriggerClass(), parameters, { id: 'trigger' });
	attachCredentials(node, options.credentials ?? {});
	const workflowData = workflowBase({
		active: true,
		nodes: [node],
		connections: {},
		settings: options.timezone ? { timezone: options.timezone } : {},
		// n8n keeps a node's static data under "node:<name>"
		staticData: { [`node:${node.name}`]: staticData },
	});
	return { node, workflowData };
}

/**
 * An active workflow's poller: the first `poll()` is the tick n8n runs on activation (its error fails the
 * activation, and the static data is saved after it), later ones are scheduled ticks, all on one workflow.
 */
export function activePoller(
	TriggerClass: new () => INodeType,
	parameters: Parameters,
	staticData: IDataObject = {},
	options: PollOptions = {},
): Poller {
	return poller(TriggerClass, parameters, staticData, options, true);
}

function poller(
	TriggerClass: new () => INodeType,
	parameters: Parameters,
	staticData: IDataObject,
	options: PollOptions,
	activateFirst: boolean,
): Poller {
	const { node, workflowData } = triggerWorkflow(TriggerClass, parameters, staticData, options);
	const workflow = new Workflow({ ...workflowData, nodeTypes });
	const nodeStaticData = () => JSON.parse(JSON.stringify(workflow.getStaticData('node', node))) as IDataObject;
	let saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
	// WorkflowStaticDataService.saveStaticData: written only when changed, then marked clean
	const save = () => {
		if (workflow.staticData.__dataChanged !== true) return false;
		saved = nodeStaticData();
		workflow.staticData.__dataChanged = false;
		return true;
	};
	const data = additionalData({ workflow: workflowData, mode: 'trigger', credentials: options.credentials ?? {} });
	let ticks = 0;
	return {
		get staticData() {
			return nodeStaticData();
		},
		get savedStaticData() {
			return structuredClone(saved);
		},
		async poll() {
			await startExpressionEngine();
			const activation = activateFirst && ticks++ === 0;
			let items: INodeExecutionData[] | null = null;
			let error: Error | undefined;
			let wasSaved = false;
			let done: DonePromise | undefined;
			const emit = (output: INodeExecutionData[][], _response?: unknown, donePromise?: DonePromise) => {
				items = output[0] ?? [];
				wasSaved = save();
				done = donePromise;
			};
			// getActivationMode() is how the workflow was activated, on every tick
			const context = new PollContext(workflow, node, data, 'trigger', 'activate', emit, (e) => void (error = e));
			const tick = Container.get(PollTriggerExecutor).create(workflow, node, context, () => true);
			// On activation n8n runs the tick as a test (errors are thrown, not emitted) in the activator's isolate.
			const ownIsolate = activation && (await workflow.expression.acquireIsolate());
			try {
				await tick(activation);
			} catch (e) {
				error = e as Error;
			} finally {
				if (ownIsolate) await workflow.expression.releaseIsolate();
			}
			if (activation) wasSaved = save() || wasSaved;
			if (done) {
				const status = options.runOutcome?.() ?? 'success';
				const run = { status, data: { resultData: { runData: {}, ...(status === 'error' ? { error: { message: 'the run failed' } } : {}) } } };
				done.resolve(run as unknown as IRun);
				await new Promise((resolve) => setImmediate(resolve)); // the outcome is known before the next tick, as in n8n
			}
			return { items, error, staticData: nodeStaticData(), saved: wasSaved };
		},
	};
}

/**
 * One poll. `trigger` mode is one scheduled tick of an active workflow holding `staticData`; `manual` mode is
 * "Fetch Test Event" (the trigger run as a one-node workflow; errors reject). Pass the returned `staticData` to
 * the next call to carry the cursor, or use `activePoller` to keep one workflow across ticks as n8n does.
 */
export async function runPoll(
	TriggerClass: new () => INodeType,
	parameters: Parameters,
	staticData: IDataObject = {},
	mode: Extract<WorkflowExecuteMode, 'trigger' | 'manual'> = 'trigger',
	options: PollOptions = {},
): Promise<PollResult> {
	if (mode === 'trigger') return await poller(TriggerClass, parameters, staticData, options, false).poll();
	const { node, workflowData } = triggerWorkflow(TriggerClass, parameters, staticData, options);
	const run = await runWorkflow({
		nodes: workflowData.nodes,
		connections: {},
		credentials: options.credentials,
		settings: workflowData.settings,
		staticData: workflowData.staticData,
		mode: 'manual',
	});
	if (run.error) throw asError(run.error);
	return { items: run.output(node.name), staticData: (run.staticData[`node:${node.name}`] as IDataObject) ?? {}, saved: false };
}
