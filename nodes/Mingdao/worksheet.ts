import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { z } from 'zod';
import { parseResponse } from '../core/validate';
import { MINGDAO } from './adapter';
import type { MingdaoClient } from './client';

/**
 * A worksheet's structure (GET /v3/app/worksheets/{id or alias}): its fields, their types, options and flags.
 * Shapes: Mingdao's official v3 reference, pinned by test/contract/mingdao.contract.test.ts.
 */
export interface FieldOption {
	key: string;
	value: string;
	/** Deleted options still label old values but cannot be written. */
	deleted: boolean;
}

export interface Field {
	id: string;
	alias: string;
	name: string;
	type: string;
	required: boolean;
	isUnique: boolean;
	isTitle: boolean;
	/** Set in Mingdao's form designer; the mapper hides such fields by default. */
	isReadOnly: boolean;
	isHidden: boolean;
	/** Date precision, member/relation count (see the reference's field table). */
	subType?: number;
	options: FieldOption[];
	dataSource?: string;
}

export interface Worksheet {
	id: string;
	alias: string;
	name: string;
	fields: Field[];
}

/**
 * Numeric field type codes → the v3 type names. The reference's own worksheet example answers `type: 2`
 * although its schema says a name; the mapping is the "Code" column of the per-type table in Mingdao's API skill
 * (mingdaocom/hap-skills, skills/api/hap-apiv3-data/SKILL.md).
 */
export const TYPE_CODES: Record<number, string> = {
	2: 'Text', 3: 'PhoneNumber', 4: 'LandlinePhone', 5: 'Email', 6: 'Number', 7: 'Certificate', 8: 'Currency',
	9: 'SingleSelect', 10: 'MultipleSelect', 11: 'Dropdown', 14: 'Attachment', 15: 'Date', 16: 'DateTime',
	19: 'Region', 21: 'DynamicLink', 22: 'Divider', 23: 'Region', 24: 'Region', 25: 'AmountInWords', 26: 'Collaborator',
	27: 'Department', 28: 'Rating', 29: 'Relation', 30: 'Lookup', 31: 'Formula', 32: 'Concatenate', 33: 'AutoNumber',
	34: 'SubTable', 35: 'CascadingSelect', 36: 'Checkbox', 37: 'Rollup', 38: 'DateFormula', 39: 'CodeScan', 40: 'Location',
	41: 'RichText', 42: 'Signature', 43: 'OCR', 44: 'Role', 45: 'Embed', 46: 'Time', 47: 'Barcode', 48: 'OrgRole',
	49: 'Button', 50: 'APIQuery', 51: 'QueryRecord', 52: 'Section', 53: 'FunctionFormula', 54: 'CustomField',
};

/** Computed by Mingdao: never written, never shown in the mapper. */
export const READ_ONLY = new Set([
	'AutoNumber', 'Formula', 'Concatenate', 'Lookup', 'Rollup', 'DateFormula', 'AmountInWords', 'FunctionFormula', 'Divider', 'Section',
]);
/** Fields an upsert can match on (see upsertStore.ts for how each is looked up). */
export const MATCHABLE = new Set(['Text', 'Number', 'Email', 'PhoneNumber']);

/** Booleans the reference types as strings in places (option isDeleted): true, "true", "1", 1. */
const flag = z
	.union([z.boolean(), z.string(), z.number()])
	.nullish()
	.transform((v) => v === true || v === 1 || v === '1' || (typeof v === 'string' && v.toLowerCase() === 'true'));

const fieldSchema = z.object({
	id: z.string(),
	alias: z.string().nullish(),
	name: z.string().nullish(),
	type: z.union([z.string(), z.number()]),
	required: flag,
	isUnique: flag,
	/** Older answers and notes say `unique`. */
	unique: flag,
	isTitle: flag,
	isReadOnly: flag,
	isHidden: flag,
	subType: z.union([z.number(), z.string()]).nullish(),
	options: z
		.array(z.object({ key: z.string(), value: z.string().nullish(), isDeleted: flag }).passthrough())
		.nullish(),
	dataSource: z.string().nullish(),
});

/** GET /v3/app/worksheets/{id}: `worksheetId` in the reference; older answers (and notes) say `id`. */
const worksheetSchema = z
	.object({
		worksheetId: z.string().optional(),
		id: z.string().optional(),
		alias: z.string().nullish(),
		name: z.string().nullish(),
		fields: z.array(fieldSchema.passthrough()),
	})
	.refine((w) => !!(w.worksheetId || w.id), { message: 'Required', path: ['worksheetId'] });

export function readWorksheet(node: INode, data: unknown, itemIndex?: number): Worksheet {
	const ws = parseResponse(node, MINGDAO, worksheetSchema, data, itemIndex);
	const id = (ws.worksheetId || ws.id) as string;
	return {
		id,
		alias: ws.alias ?? '',
		name: ws.name ?? id,
		fields: ws.fields.map((f) => ({
			id: f.id,
			alias: f.alias ?? '',
			name: f.name ?? f.id,
			type: typeName(f.type),
			required: f.required,
			isUnique: f.isUnique || f.unique,
			isTitle: f.isTitle,
			isReadOnly: f.isReadOnly,
			isHidden: f.isHidden,
			subType: f.subType === null || f.subType === undefined || f.subType === '' ? undefined : Number(f.subType),
			options: (f.options ?? []).map((o) => ({ key: o.key, value: o.value ?? '', deleted: o.isDeleted })),
			dataSource: f.dataSource ?? undefined,
		})),
	};
}

/** Structures fetched in this execution, per client (one client lives for one execution): one call per worksheet. */
const fetched = new WeakMap<MingdaoClient, Map<string, Promise<Worksheet>>>();

/** The worksheet by id or alias (GET /v3/app/worksheets/{id or alias}), fetched once per execution. */
export async function loadWorksheet(client: MingdaoClient, idOrAlias: string, itemIndex?: number): Promise<Worksheet> {
	const key = idOrAlias.trim();
	const node = client.ctx.getNode();
	if (!key) throw new NodeOperationError(node, 'Worksheet: choose a worksheet or enter its ID or alias', { itemIndex });
	const cache = fetched.get(client) ?? new Map<string, Promise<Worksheet>>();
	fetched.set(client, cache);
	let pending = cache.get(key);
	if (!pending) {
		pending = client.v3('GET', `/app/worksheets/${encodeURIComponent(key)}`, undefined, { itemIndex }).then((data) =>
			readWorksheet(node, data, itemIndex),
		);
		// A failed fetch is not kept: the next item may succeed after a transient error.
		pending.catch(() => cache.delete(key));
		cache.set(key, pending);
	}
	return pending;
}

/** A type as the API gave it (name, number, or a number in a string) → the v3 name. */
export function typeName(type: string | number): string {
	const code = typeof type === 'number' ? type : /^\d+$/.test(type.trim()) ? Number(type) : undefined;
	if (code === undefined) return String(type);
	return TYPE_CODES[code] ?? String(code);
}

/** The key users and output see: the alias when the admin set one, else the field id. */
export const keyOf = (f: Field) => f.alias || f.id;
export const labelOf = (f: Field) => (f.alias && f.alias !== f.name ? `${f.name} (${f.alias})` : f.name);

export function findField(ws: Worksheet, ref: string): Field | undefined {
	return ws.fields.find((f) => f.alias === ref || f.id === ref) ?? ws.fields.find((f) => f.name === ref);
}
