import type { INode } from 'n8n-workflow';
import { inputError } from '../core/errors';
import { readDate } from './dates';
import type { EpochUnit } from './dates';
import { exactNumber, exactNumberFromText, numberOf } from './numbers';
import { labelOf } from './worksheet';
import type { Field } from './worksheet';

/**
 * Field values in both directions. Users give values the way n8n items carry them (labels, ISO dates, booleans,
 * numbers as text); Mingdao v3 wants keys, Beijing-time strings, 1/0 and id arrays, and reads back yet another
 * form. Both directions meet in one canonical form per type, so that upsert can tell "unchanged" from "changed".
 * A value that cannot be written exactly is an error naming the field, the item and the expected format.
 */

/** Returned by `toWriteValue` for a value that leaves the field as it is. */
export const SKIP = Symbol('skip');

export interface ValueContext {
	node: INode;
	itemIndex: number;
	/** Zone for ISO strings without an offset (the workflow's). */
	timezone: string;
	/** How plain numbers in date fields are read: never (default), as epoch seconds or milliseconds. */
	epoch?: EpochUnit;
}

const SINGLE_SELECT = new Set(['SingleSelect', 'Dropdown']);
const MULTI_VALUE = new Set(['MultipleSelect', 'Relation', 'Collaborator']);
const TEXT = new Set(['Text', 'Email', 'PhoneNumber']);
const NUMBER = new Set(['Number', 'Currency']);

const isBlank = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** How a value is shown in messages: numbers as they print (NaN stays NaN), everything else as JSON. */
const show = (raw: unknown) => (typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? String(raw)));

/**
 * A user value → the v3 write value (also the canonical form). Undefined and '' leave the field alone;
 * null clears it. Throws an input error naming the field, the item and the expected format.
 */
export function toWriteValue(field: Field, raw: unknown, ctx: ValueContext): unknown {
	if (raw === null) return null;
	if (isBlank(raw)) return SKIP;
	const fail = (expected: string, problem = `${show(raw)} is not valid`) =>
		inputError(ctx.node, `Field ${labelOf(field)}`, `${problem}: expected ${expected}`, ctx.itemIndex);
	if (TEXT.has(field.type)) {
		if (typeof raw === 'string') return raw;
		if (typeof raw === 'boolean') return String(raw);
		if (typeof raw === 'number') {
			const n = exactNumber(raw);
			if (!n.ok) throw fail('text: pass long numbers (IDs, phone numbers) as strings', n.problem);
			return String(n.value);
		}
		throw fail('text');
	}
	if (NUMBER.has(field.type)) {
		const n = typeof raw === 'number' ? exactNumber(raw) : typeof raw === 'string' ? exactNumberFromText(raw) : undefined;
		if (!n || (!n.ok && n.notNumber)) throw fail('a number, e.g. 12.5');
		if (!n.ok) throw fail('a number with at most 15 significant digits, e.g. 12.5 (write longer numbers to a Text field)', n.problem);
		return n.value;
	}
	switch (field.type) {
		case 'Date':
		case 'DateTime': {
			const date = readDate(raw, { withTime: field.type === 'DateTime', timezone: ctx.timezone, epoch: ctx.epoch ?? 'none' });
			if (date.ok) return date.text;
			const expected =
				field.type === 'Date'
					? 'a date: YYYY-MM-DD, or ISO 8601 such as 2026-11-25T10:00:00+08:00'
					: 'a date and time: YYYY-MM-DD HH:mm[:ss] (Beijing time), or ISO 8601 such as 2026-11-25T10:00:00+08:00';
			throw fail(expected, `${show(raw)} ${date.problem}`);
		}
		case 'SingleSelect':
		case 'Dropdown':
		case 'MultipleSelect': {
			const single = SINGLE_SELECT.has(field.type);
			const wanted = single && typeof raw === 'string' ? [raw] : listOf(raw, 'key');
			const keys: string[] = [];
			const live = field.options.filter((o) => !o.deleted);
			for (const w of wanted) {
				const option = live.find((o) => o.value === w) ?? live.find((o) => o.key === w);
				if (!option) throw fail(`one of the options; valid: ${live.map((o) => o.value).join(', ')}`);
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

const MINGDAO_MINUTES = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

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
			return numberOf(value) ?? value;
		case 'Date':
			return typeof value === 'string' ? value.slice(0, 10) : value;
		case 'DateTime':
			return typeof value === 'string' && MINGDAO_MINUTES.test(value) ? `${value}:00` : value;
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
		if (NUMBER.has(field.type)) return String(numberOf(v) ?? v);
		return JSON.stringify(v);
	};
	return norm(a) === norm(b);
}
