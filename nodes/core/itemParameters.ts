import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameters } from 'n8n-workflow';

/**
 * Per-item parameters without n8n's per-item expression cost, where the answer cannot differ.
 *
 * Dragging a field from the input panel writes `{{ $json.buyer.user_nickname }}`: the most common expression by far.
 * n8n evaluates it per item in its expression sandbox (≈ 0.5 ms each in n8n 2.x), which is most of a sync's time
 * once the API calls are batched (bench/README.md: 17 such expressions × 10 000 orders ≈ 85 s of a 112 s run).
 * Such an expression only reads the item's json, so this wrapper reads it directly when:
 * - the whole parameter (or one column of a resource mapper's `value`) is exactly `={{ $json.a.b[0]['c d'] }}`,
 * - the value is a string, number, boolean, null or undefined (a missing field, also below a missing one, is
 *   undefined in n8n too); objects, arrays and steps into text go to n8n, which answers or throws as it always did,
 * - n8n would not convert it afterwards: no `options` on the call, and for a resource mapper a column whose schema
 *   type is 'string' or unknown (n8n leaves those as they are; see `validateResourceMapperValue` in n8n-core).
 * Other expressions in a mapper's `value` are evaluated by n8n one column at a time (`evaluateExpression`, the same
 * resolver getNodeParameter uses); a parameter that refers to `$parameter` goes to n8n whole. A parameter without any
 * expression is read by n8n once and its answer copied for the other items (n8n's answer cannot depend on the item);
 * every other parameter is read by n8n as before.
 */
export function withItemParameters(ctx: IExecuteFunctions): IExecuteFunctions {
	const original = ctx.getNodeParameter.bind(ctx) as IExecuteFunctions['getNodeParameter'];
	// n8n's getNode() deep-copies the node (parameters included) on every call; errors and value conversions ask
	// for it per item. It does not change during an execution, so one copy serves them all.
	const node = ctx.getNode();
	const getNode = () => node;
	const parameters = node.parameters;
	const items = ctx.getInputData();
	const plans = new Map<string, Plan>();
	const planFor = (name: string): Plan => {
		let plan = plans.get(name);
		if (!plan) plans.set(name, (plan = planParameter(parameters, name)));
		return plan;
	};

	const constants = new Map<string, unknown>();
	const getNodeParameter = (name: string, itemIndex: number, fallback?: unknown, options?: unknown): unknown => {
		const plan = planFor(name);
		if (plan.kind === 'constant') {
			// No expression in it: n8n's answer (checks and conversions included) is the same for every item.
			const key = `${name}|${JSON.stringify(options ?? null)}`;
			if (!constants.has(key)) constants.set(key, (original as (...args: unknown[]) => unknown)(name, itemIndex, fallback, options));
			return copy(constants.get(key));
		}
		if (options !== undefined) return (original as (...args: unknown[]) => unknown)(name, itemIndex, fallback, options);
		const item = items[itemIndex];
		if (plan.kind === 'path' && item) {
			const value = readPath(item, plan.path);
			if (value !== UNREADABLE) return value;
		}
		if (plan.kind === 'mapper' && item) {
			const value = readMapper(ctx, plan, item, itemIndex);
			if (value !== UNREADABLE) return value;
		}
		return (original as (...args: unknown[]) => unknown)(name, itemIndex, fallback, options);
	};

	const bound = new Map<PropertyKey, unknown>();
	return new Proxy(ctx, {
		get(target, property) {
			if (property === 'getNodeParameter') return getNodeParameter;
			if (property === 'getNode') return getNode;
			const value = Reflect.get(target, property, target) as unknown;
			if (typeof value !== 'function') return value;
			if (!bound.has(property)) bound.set(property, (value as (...args: unknown[]) => unknown).bind(target));
			return bound.get(property);
		},
	});
}

type Step = string | number;
type Plan =
	| { kind: 'n8n' }
	| { kind: 'constant' }
	| { kind: 'path'; path: Step[] }
	| { kind: 'mapper'; columns: Array<{ key: string; read: ColumnRead; required: boolean }> };
type ColumnRead = { kind: 'literal'; value: unknown } | { kind: 'path'; path: Step[]; expression: string } | { kind: 'n8n'; expression: string };

const NOT_FAST: Plan = { kind: 'n8n' };
const UNREADABLE = Symbol('unreadable');

/** `={{ $json.a.b[0]['c d'] }}` (also with `?.`), nothing before or after, no other code. */
const PURE_PATH = /^=\{\{\s*\$json((?:\??\.[A-Za-z_$][\w$]*|(?:\?\.)?\[\d+\]|(?:\?\.)?\['[^'\\]*'\]|(?:\?\.)?\["[^"\\]*"\])+)\s*\}\}$/;
const STEP = /\??\.([A-Za-z_$][\w$]*)|(?:\?\.)?\[(\d+)\]|(?:\?\.)?\['([^'\\]*)'\]|(?:\?\.)?\["([^"\\]*)"\]/g;

export function parsePurePath(raw: unknown): Step[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = PURE_PATH.exec(raw);
	if (!match) return undefined;
	const path: Step[] = [];
	for (const step of match[1].matchAll(STEP)) {
		path.push(step[2] !== undefined ? Number(step[2]) : (step[1] ?? step[3] ?? step[4]));
	}
	return path;
}

const isExpression = (value: unknown): value is string => typeof value === 'string' && value.startsWith('=');

function hasExpression(value: unknown): boolean {
	if (isExpression(value)) return true;
	if (value === null || typeof value !== 'object') return false;
	return Object.values(value as IDataObject).some(hasExpression);
}

/** n8n hands each caller its own copy of an object parameter; so does the cache. */
const copy = <T>(value: T): T => (value !== null && typeof value === 'object' ? structuredClone(value) : value);

function planParameter(parameters: INodeParameters, name: string): Plan {
	const raw = lookup(parameters, name);
	if (raw !== undefined && !hasExpression(raw)) return { kind: 'constant' };
	const path = parsePurePath(raw);
	if (path) return { kind: 'path', path };
	const mapperName = /^([\w]+)\.value$/.exec(name)?.[1];
	const mapper = mapperName ? (parameters[mapperName] as IDataObject | undefined) : undefined;
	if (!mapper || typeof mapper !== 'object' || !('mappingMode' in mapper) || !raw || typeof raw !== 'object' || Array.isArray(raw)) {
		return NOT_FAST;
	}
	const types = new Map<string, unknown>();
	const required = new Set<string>();
	for (const entry of (mapper.schema as IDataObject[] | undefined) ?? []) {
		types.set(String(entry.id), entry.type);
		if (entry.required === true) required.add(String(entry.id));
	}
	const columns: Array<{ key: string; read: ColumnRead; required: boolean }> = [];
	let anyExpression = false;
	for (const [key, value] of Object.entries(raw as IDataObject)) {
		if (!isExpression(value)) {
			// Literals are handed on as given, unless n8n would convert them (a typed column): then all go to n8n.
			if (value !== null && typeof value === 'object') return NOT_FAST;
			if (value !== undefined && value !== null && !leftAsIs(types.get(key))) return NOT_FAST;
			columns.push({ key, read: { kind: 'literal', value }, required: required.has(key) });
			continue;
		}
		anyExpression = true;
		if (value.includes('$parameter') || !leftAsIs(types.get(key))) return NOT_FAST;
		const columnPath = parsePurePath(value);
		const read: ColumnRead = columnPath ? { kind: 'path', path: columnPath, expression: value } : { kind: 'n8n', expression: value };
		columns.push({ key, read, required: required.has(key) });
	}
	return anyExpression ? { kind: 'mapper', columns } : NOT_FAST;
}

/** Resource mapper column types whose values n8n hands on unchanged (no type conversion options on our mappers). */
const leftAsIs = (type: unknown) => type === undefined || type === 'string';

function lookup(parameters: INodeParameters, name: string): unknown {
	let value: unknown = parameters;
	for (const part of name.split('.')) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as IDataObject)[part];
	}
	return value;
}

function readPath(item: INodeExecutionData, path: Step[]): unknown {
	let value: unknown = item.json;
	for (const step of path) {
		// n8n answers undefined for a missing field, also below a missing or null one (its expression engine swallows
		// the TypeError); the engine test pins this against n8n-core.
		if (value === null || value === undefined) return undefined;
		if (typeof value !== 'object') return UNREADABLE;
		value = Object.prototype.hasOwnProperty.call(value, step) ? (value as Record<string | number, unknown>)[step] : undefined;
	}
	return value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value) ? value : UNREADABLE;
}

function readMapper(ctx: IExecuteFunctions, plan: Extract<Plan, { kind: 'mapper' }>, item: INodeExecutionData, itemIndex: number): unknown {
	const out: IDataObject = {};
	for (const { key, read, required } of plan.columns) {
		if (read.kind === 'literal') {
			if (required && (read.value === undefined || read.value === null)) return UNREADABLE;
			out[key] = read.value as IDataObject[string];
			continue;
		}
		let value = read.kind === 'path' ? readPath(item, read.path) : UNREADABLE;
		if (value === UNREADABLE) {
			try {
				value = ctx.evaluateExpression(read.expression.slice(1), itemIndex);
			} catch {
				return UNREADABLE; // n8n reads the whole parameter and throws its own error, with its context
			}
			if (value !== null && (typeof value === 'object' || typeof value === 'function')) return UNREADABLE; // n8n post-processes these
		}
		// n8n checks required columns itself (with the mapper's mode, which only it knows): let it.
		if (required && (value === undefined || value === null)) return UNREADABLE;
		out[key] = value as IDataObject[string];
	}
	return out;
}
