import type { IDataObject } from 'n8n-workflow';
import { jsonParse } from 'n8n-workflow';

/**
 * Info-collection answers (信息采集). The official page documents `collection_list[].extra` only as a string
 * "采集结果" (api-doc.xiaoe-tech.com/api_list/info_collect/xe_information_form_result_get.html) and shows no
 * example, so nothing settles its inside. Read what shows up: a JSON string or a value, holding either a list of
 * question/answer entries or an object keyed by question; answers are then picked by question title.
 */

const QUESTION_KEYS = ['question', 'title', 'name', 'label', 'question_title', 'field_name', 'field', 'key', 'subject'];
const ANSWER_KEYS = ['answer', 'value', 'content', 'text', 'answers', 'values', 'result', 'option', 'options'];

/** One field to copy out of the answers: any of `titles` (question titles) → `key`. */
export interface FieldRule {
	titles: string[];
	key: string;
}

/** The common profile questions; alternatives include the English keys some forms (and older guesses) use. */
export const DEFAULT_FIELD_RULES: FieldRule[] = [
	{ titles: ['姓名', '名字', '真实姓名', 'name'], key: 'name' },
	{ titles: ['手机', '手机号', '手机号码', '电话', '联系电话', 'phone'], key: 'phone' },
	{ titles: ['公司', '公司名称', '单位', '工作单位', 'company'], key: 'company' },
	{ titles: ['职位', '职务', '岗位', 'job'], key: 'job' },
];

/** Question title → answer text, from whatever `extra` holds; {} when it holds no recognisable answers. */
export function readAnswers(extra: unknown): Record<string, string> {
	const out: Record<string, string> = {};
	collect(parseIfJson(extra), out);
	return out;
}

function parseIfJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	const text = value.trim();
	if (!text.startsWith('{') && !text.startsWith('[')) return value;
	try {
		return jsonParse(text);
	} catch {
		return value;
	}
}

function collect(value: unknown, out: Record<string, string>): void {
	if (Array.isArray(value)) {
		for (const entry of value) if (isObject(entry)) addEntry(entry, out);
		return;
	}
	if (!isObject(value)) return;
	for (const [key, answer] of Object.entries(value)) {
		// Entries keyed by an id ({"1": {"title": "姓名", "value": "…"}}) carry their own question.
		if (isObject(answer) && questionOf(answer) !== undefined) {
			addEntry(answer, out);
			continue;
		}
		const value = text(answer);
		if (value !== undefined) out[key] = value;
	}
}

function addEntry(entry: IDataObject, out: Record<string, string>): void {
	const question = questionOf(entry);
	if (question === undefined) return;
	const key = ANSWER_KEYS.find((k) => entry[k] !== undefined);
	out[question] = key ? (text(entry[key]) ?? '') : '';
}

function questionOf(entry: IDataObject): string | undefined {
	const key = QUESTION_KEYS.find((k) => typeof entry[k] === 'string' && (entry[k] as string).trim() !== '');
	return key ? (entry[key] as string).trim() : undefined;
}

/** An answer as text: multi-choice lists are joined, option objects give their label or value. */
function text(value: unknown): string | undefined {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return value.map((v) => text(v) ?? '').filter((v) => v !== '').join(', ');
	if (isObject(value)) {
		// An option object: its label is what the user saw.
		const key = ['label', 'text', 'name', ...ANSWER_KEYS].find((k) => value[k] !== undefined && !isObject(value[k]));
		return key ? text(value[key]) : undefined;
	}
	return undefined;
}

const isObject = (v: unknown): v is IDataObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Compare titles without case, spaces, or the marks forms add (required *, colons, question marks). */
const normalise = (title: string) => title.toLowerCase().replace(/[\s*:：?？()（）]/g, '');

/**
 * `fields` for one answer: for each rule, the answer whose question equals one of its titles, else the first
 * question containing one of them (e.g. "您的手机号码" for 手机). A key whose question the form does not ask is
 * left out (not ''), so that a mapping downstream does not overwrite a value with nothing.
 */
export function pickFields(answers: Record<string, string>, rules: FieldRule[]): Record<string, string> {
	const questions = Object.keys(answers).map((q) => ({ q, n: normalise(q) }));
	const out: Record<string, string> = {};
	for (const rule of rules) {
		const wanted = rule.titles.map(normalise).filter((t) => t !== '');
		const hit =
			questions.find(({ n }) => wanted.includes(n)) ?? questions.find(({ n }) => wanted.some((t) => n.includes(t)));
		if (hit) out[rule.key] = answers[hit.q];
	}
	return out;
}

/** The answer record as output: the API's fields untouched, plus `answers` by question and the picked `fields`. */
export function withAnswers(record: IDataObject, rules: FieldRule[]): IDataObject {
	const answers = readAnswers(record.extra);
	return { ...record, answers, fields: pickFields(answers, rules) };
}
