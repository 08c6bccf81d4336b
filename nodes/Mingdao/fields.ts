import type { INode } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { inputError } from '../core/errors';
import { BEIJING, BEIJING_FORMAT, parseDateInput, toBeijingString } from '../core/time';
import { parseResponse } from '../core/validate';
import { MINGDAO } from './adapter';

/**
 * Worksheet fields and their values. Users give values the way n8n items carry them (labels, ISO dates, booleans,
 * numbers as strings); Mingdao v3 wants keys, Beijing-time strings, 1/0 and id arrays, and reads back yet another
 * form. Both directions meet in one canonical form per type, so that upsert can tell "unchanged" from "changed".
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
const SINGLE_SELECT = new Set(['SingleSelect', 'Dropdown']);
const MULTI_VALUE = new Set(['MultipleSelect', 'Relation', 'Collaborator']);
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

/** Returned by `toWriteValue` for a value that leaves the field as it is. */
export const SKIP = Symbol('skip');

export interface ValueContext {
	node: INode;
	itemIndex: number;
	/** Zone for ISO strings without an offset (the workflow's). */
	timezone: string;
}

const isBlank = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * A user value → the v3 write value (also the canonical form). Undefined and '' leave the field alone;
 * null clears it. Throws an input error naming the field, the item and the expected format.
 */
export function toWriteValue(field: Field, raw: unknown, ctx: ValueContext): unknown {
	if (raw === null) return null;
	if (isBlank(raw)) return SKIP;
	// String() for numbers so that NaN (e.g. from an expression on a missing value) shows as NaN, not null.
	const shown = typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
	const fail = (expected: string, extra = '') =>
		inputError(ctx.node, `Field ${labelOf(field)}`, `${shown} is not valid: expected ${expected}${extra}`, ctx.itemIndex);
	switch (field.type) {
		case 'Text':
		case 'Email':
		case 'PhoneNumber':
			if (typeof raw === 'string') return raw;
			if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
			throw fail('text');
		case 'Number':
		case 'Currency': {
			const n = toNumber(raw);
			if (n === undefined) throw fail('a number, e.g. 12.5');
			return n;
		}
		case 'Date':
		case 'DateTime': {
			const text = toMingdaoDate(field.type, raw, ctx.timezone);
			if (text === undefined) {
				throw fail(field.type === 'Date' ? 'a date, e.g. 2026-11-25' : 'a date-time, e.g. 2026-11-25 10:00:00 (Beijing time) or ISO 8601 with offset');
			}
			return text;
		}
		case 'SingleSelect':
		case 'Dropdown':
		case 'MultipleSelect': {
			const single = SINGLE_SELECT.has(field.type);
			const wanted = single && typeof raw === 'string' ? [raw] : listOf(raw, 'key');
			const keys: string[] = [];
			for (const w of wanted) {
				const live = field.options.filter((o) => !o.deleted);
				const option = live.find((o) => o.value === w) ?? live.find((o) => o.key === w);
				if (!option) throw fail('one of the options', `; valid: ${live.map((o) => o.value).join(', ')}`);
				if (!keys.includes(option.key)) keys.push(option.key);
			}
			if (single && keys.length > 1) throw fail('a single option');
			return keys.length ? keys : SKIP;
		}
		case 'Checkbox': {
			if (raw === true || raw === 1 || (typeof raw === 'string' && /^(true|1|yes|on)$/i.test(raw.trim()))) return 1;
			if (raw === false || raw === 0 || (typeof raw === 'string' && /^(false|0|no|off)$/i.test(raw.trim()))) return 0;
			throw fail('true/false or 1/0');
		}
		case 'Relation':
		case 'Collaborator': {
			const ids = listOf(raw, field.type === 'Relation' ? 'sid' : 'accountId');
			if (ids.some((id) => !id)) throw fail(field.type === 'Relation' ? 'row ids (a string, an array or [{sid}])' : 'account ids (accountId)');
			return ids.length ? [...new Set(ids)] : SKIP;
		}
	}
	// Types this node does not know: passed through as given.
	return raw;
}

function toNumber(raw: unknown): number | undefined {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
	if (typeof raw === 'string' && /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return Number(raw);
	return undefined;
}

/** Strings, comma lists, JSON-string arrays, arrays, or objects carrying `idKey`/key/value → a list of strings. */
function listOf(raw: unknown, idKey: string): string[] {
	let value = raw;
	if (typeof value === 'string') {
		const text = value.trim();
		if (text.startsWith('[')) {
			try {
				value = JSON.parse(text);
			} catch {
				value = text;
			}
		}
		if (typeof value === 'string') return value.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
	}
	const list = Array.isArray(value) ? value : [value];
	return list.map((x) => {
		if (typeof x === 'string' || typeof x === 'number') return String(x).trim();
		if (x && typeof x === 'object') {
			const o = x as Record<string, unknown>;
			const id = o[idKey] ?? o.rowid ?? o.id ?? o.key ?? o.value;
			return typeof id === 'string' || typeof id === 'number' ? String(id) : '';
		}
		return '';
	});
}

const MINGDAO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MINGDAO_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/;

/** 'YYYY-MM-DD' / 'YYYY-MM-DD HH:mm:ss' in Beijing time from ISO (with offset), Luxon, Date, epoch or Beijing text. */
function toMingdaoDate(type: string, raw: unknown, timezone: string): string | undefined {
	let dt: DateTime | undefined;
	if (typeof raw === 'string') {
		const text = raw.trim();
		// A date alone is a calendar day: no zone conversion that could move it.
		if (MINGDAO_DATE.test(text)) {
			dt = DateTime.fromISO(text, { zone: BEIJING });
			return dt.isValid ? (type === 'Date' ? text : `${text} 00:00:00`) : undefined;
		}
		// Mingdao's own format is Beijing time; other ISO text without an offset is in the workflow's zone.
		dt = MINGDAO_DATETIME.test(text) ? parseDateInput(text, BEIJING) : parseDateInput(text, timezone);
	} else {
		dt = parseDateInput(raw, timezone);
	}
	if (!dt || !dt.isValid) return undefined;
	return toBeijingString(dt, type === 'Date' ? 'yyyy-MM-dd' : BEIJING_FORMAT);
}

/**
 * A value as v3 reads it → the canonical (write) form: "12.5" → 12.5, [{key,value}] → [key], [{sid,name}] → [sid],
 * [{accountId}] → [accountId], "1" → 1, "" / [] → null. Lets upsert compare rows with what the user wants.
 */
export function normalizeRead(field: Field, value: unknown): unknown {
	if (field.type === 'Checkbox') return value === true || value === 1 || value === '1' || value === 'true' ? 1 : 0;
	if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null;
	switch (field.type) {
		case 'Number':
		case 'Currency':
			return toNumber(value) ?? value;
		case 'Date':
			return typeof value === 'string' ? value.slice(0, 10) : value;
		case 'DateTime':
			if (typeof value !== 'string') return value;
			return MINGDAO_DATETIME.test(value) && value.length === 16 ? `${value}:00` : value;
		case 'SingleSelect':
		case 'Dropdown':
		case 'MultipleSelect':
			return listOf(value, 'key');
		case 'Relation':
			return listOf(value, 'sid');
		case 'Collaborator':
			return listOf(value, 'accountId');
		case 'Text':
		case 'Email':
		case 'PhoneNumber':
			return typeof value === 'number' ? String(value) : value;
	}
	return value;
}

/** Whether two canonical values are the same (order of multi-value fields does not count). */
export function sameValue(field: Field, a: unknown, b: unknown): boolean {
	const norm = (v: unknown) => {
		if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return 'null';
		if (Array.isArray(v)) return JSON.stringify(MULTI_VALUE.has(field.type) ? [...v].map(String).sort() : v.map(String));
		if (field.type === 'Number' || field.type === 'Currency') return String(toNumber(v) ?? v);
		return JSON.stringify(v);
	};
	return norm(a) === norm(b);
}
