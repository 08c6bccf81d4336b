/**
 * What n8n-core needs around it to run nodes, and nothing more: the node types (this package's nodes by their n8n
 * type name, plus stand-ins for the two n8n-nodes-base nodes tests use), a credentials store, and the "additional
 * data" the CLI would normally build. See ./index.ts for the overview.
 */
import './env';
import { join } from 'path';
import { ExecutionLifecycleHooks } from 'n8n-core';
import { Expression, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import pkg from '../../../package.json';

const ROOT = join(__dirname, '..', '..', '..');
export const PACKAGE_NAME = pkg.name;

/** Credential data by credential type (`xiaoeApi`) or by the credential id a workflow's node refers to. */
export type CredentialStore = Record<string, IDataObject>;

/** Node parameters as workflow JSON holds them (n8n's INodeParameters, loosely typed for tests). */
export type Parameters = Record<string, unknown>;

// ---- expressions ---------------------------------------------------------------------------------------------

type Engine = 'legacy' | 'vm' | 'quickjs';
let engineReady: Promise<void> | undefined;

/**
 * n8n 2.40.7 evaluates expressions in an isolated-vm sandbox: the `vm` engine is its default (@n8n/config
 * ExpressionEngineConfig), started at boot with these settings. isolated-vm ships binaries for Node 24 only, so the
 * engine tests run on Node 24 (npm run test:engine). N8N_EXPRESSION_ENGINE=legacy picks n8n's older in-process
 * evaluator instead, e.g. to debug on Node 20 — not what a default n8n does.
 */
export async function startExpressionEngine(): Promise<void> {
	engineReady ??= (async () => {
		const engine = (process.env.N8N_EXPRESSION_ENGINE ?? 'vm') as Engine;
		if (engine === 'legacy') return Expression.setExpressionEngine('legacy');
		try {
			await Expression.initExpressionEngine({ engine, poolSize: 1, maxCodeCacheSize: 1024, bridgeTimeout: 5000, bridgeMemoryLimit: 128 });
		} catch (error) {
			throw new Error(
				`n8n's "${engine}" expression engine did not start on Node ${process.versions.node}: ${(error as Error).message}\n` +
					'It needs isolated-vm, built for Node 24: run `npm run test:engine`, or set N8N_EXPRESSION_ENGINE=legacy.',
			);
		}
	})();
	await engineReady;
}

/** For the test file's teardown: the isolate pool is not left running. */
export async function stopExpressionEngine(): Promise<void> {
	if (!engineReady) return;
	engineReady = undefined;
	await Expression.disposeExpressionEngine();
}

// ---- node types ------------------------------------------------------------------------------------------------

/** A pass-through node: what comes in goes out, each item paired with its input. */
function passThrough(name: string, displayName: string, trigger: boolean): INodeType {
	const description: INodeTypeDescription = {
		displayName,
		name,
		group: [trigger ? 'trigger' : 'transform'],
		version: 1,
		description: `Test stand-in for n8n-nodes-base.${name}`,
		defaults: { name: displayName },
		inputs: trigger ? [] : [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};
	return {
		description,
		async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			return [this.getInputData().map((item, i) => ({ json: item.json, pairedItem: { item: i } }))];
		},
	};
}

/**
 * Stand-ins for the only n8n-nodes-base nodes the tests need (that package is not a dependency): the Manual Trigger,
 * which here hands on the run's input items (n8n's own emits one empty item), and No Operation, to give a branch
 * a named end.
 */
const BASE_STAND_INS: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': passThrough('manualTrigger', 'Manual Trigger', true),
	'n8n-nodes-base.noOp': passThrough('noOp', 'No Operation', false),
};

/** n8n's name for a node type of this package: `<package name>.<description.name>`. */
export function typeName(node: INodeType | IVersionedNodeType): string {
	return `${PACKAGE_NAME}.${node.description.name}`;
}

/** Node types as n8n's loader would offer them: this package's nodes (from package.json `n8n.nodes`) and stand-ins. */
class NodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>(Object.entries(BASE_STAND_INS));

	private packageLoaded = false;

	/** Registers a node class's instance under its n8n name (the latest registration of a name wins). */
	add(type: INodeType | IVersionedNodeType): string {
		const name = typeName(type);
		this.types.set(name, type);
		return name;
	}

	getByName(name: string): INodeType | IVersionedNodeType {
		if (!this.types.has(name) && name.startsWith(`${PACKAGE_NAME}.`)) this.loadPackage();
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown node type "${name}" (known: ${[...this.types.keys()].join(', ')})`);
		return type;
	}

	getByNameAndVersion(name: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(name), version);
	}

	getKnownTypes() {
		return {};
	}

	/** The compiled paths in package.json map to the TypeScript sources: dist/nodes/X/X.node.js → nodes/X/X.node.ts. */
	private loadPackage(): void {
		if (this.packageLoaded) return;
		this.packageLoaded = true;
		for (const file of pkg.n8n.nodes) {
			const source = join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, ''));
			const exports = require(source) as Record<string, new () => INodeType>;
			for (const Exported of Object.values(exports)) {
				if (typeof Exported === 'function' && Exported.name && /^[A-Z]/.test(Exported.name)) {
					const instance = new Exported();
					if (instance.description && !this.types.has(typeName(instance))) this.add(instance);
				}
			}
		}
	}
}

export const nodeTypes = new NodeTypes();

// ---- credentials -----------------------------------------------------------------------------------------------

/**
 * n8n's credentials helper, reduced to a lookup: the node's credential id first, then the credential type.
 * Our nodes authenticate themselves (the core's token cache), so `authenticate` and `preAuthentication` pass
 * requests through unchanged; `httpRequestWithAuthentication` with a declarative credential would need more.
 */
class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: CredentialStore) {
		super();
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = (nodeCredentials.id && this.store[nodeCredentials.id]) || this.store[type];
		// n8n's own message when a credential is missing
		if (!data) throw new Error(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		return structuredClone(data) as ICredentialDataDecryptedObject;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, options: IHttpRequestOptions) {
		return options;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async getCredentials(): Promise<never> {
		throw new Error('getCredentials is not supported by the engine test harness');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return [];
	}
}

/**
 * Gives every node the credentials its type requires, as `{ id: <type>, name: <type> }`, when the workflow JSON does
 * not name any and the store has data for that type (shared workflows often arrive without credential ids).
 */
export function attachCredentials(node: INode, store: CredentialStore): void {
	const description = nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
	for (const { name } of description.credentials ?? []) {
		if (node.credentials?.[name] || !store[name]) continue;
		node.credentials = { ...node.credentials, [name]: { id: name, name } };
	}
}

// ---- workflow and additional data -------------------------------------------------------------------------------------------

/** A saved workflow's record, for the parts given; the rest as n8n fills it for a new workflow. */
export function workflowBase(parts: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>): IWorkflowBase {
	const now = new Date();
	return {
		id: 'engine-test',
		name: 'engine test',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: now,
		updatedAt: now,
		...parts,
	};
}

/** A node of one of the given type, as the editor would add it (defaults are filled in by `new Workflow`). */
export function nodeOf(type: INodeType, parameters: Parameters, more: Partial<INode> = {}): INode {
	return {
		id: 'node',
		name: type.description.defaults.name ?? type.description.displayName,
		type: nodeTypes.add(type),
		typeVersion: 1,
		position: [0, 0],
		parameters: structuredClone(parameters) as INodeParameters,
		...more,
	};
}

const BASE_URL = 'http://localhost:5678';

/** What the CLI's `WorkflowExecuteAdditionalData.getBase()` provides, for a run without database or queue. */
export function additionalData(options: {
	workflow: IWorkflowBase;
	mode: WorkflowExecuteMode;
	credentials: CredentialStore;
	hooks?: ExecutionLifecycleHooks;
}): IWorkflowExecuteAdditionalData {
	const unsupported = (what: string) => async () => {
		throw new NodeOperationError(options.workflow.nodes[0], `${what} is not supported by the engine test harness`);
	};
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		hooks: options.hooks ?? new ExecutionLifecycleHooks(options.mode, '1', options.workflow),
		credentialsHelper: new CredentialsHelper(options.credentials),
		executeWorkflow: unsupported('Execute Workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('The Code node task runner'),
		logAiEvent: () => {},
		currentNodeExecutionIndex: 0,
		variables: {},
		workflowId: options.workflow.id,
		restApiUrl: `${BASE_URL}/rest`,
		instanceBaseUrl: `${BASE_URL}/`,
		formBaseUrl: `${BASE_URL}/form`,
		formWaitingBaseUrl: `${BASE_URL}/form-waiting`,
		formTestBaseUrl: `${BASE_URL}/form-test`,
		webhookBaseUrl: `${BASE_URL}/webhook`,
		webhookWaitingBaseUrl: `${BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${BASE_URL}/webhook-test`,
		mcpBaseUrl: `${BASE_URL}/mcp`,
		mcpTestBaseUrl: `${BASE_URL}/mcp-test`,
	};
	return data as IWorkflowExecuteAdditionalData;
}
