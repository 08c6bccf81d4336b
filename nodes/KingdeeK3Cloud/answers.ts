import { z } from 'zod';
import type { ApiResult, RowResult } from '../core/types';

/**
 * Reading Kingdee's answers. Real servers answer with JSON booleans and numbers (`IsSuccess: true`, `Id: 100074`,
 * `MsgCode: 0`), the official templates show strings (`"IsSuccess": "false"`, `"Id": ""`): both are accepted.
 * Shapes: test/fixtures/kingdee/responses.json (official page templates and captured production answers).
 */

/** true / "true" / "True" / 1 → true; false / "false" / 0 / "" → false. */
export function asBool(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (text === 'true' || text === '1') return true;
		if (text === 'false' || text === '0' || text === '') return false;
	}
	return undefined;
}

/** A number from a number or a numeric string; "" and null → undefined. */
export function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}

/** An id or number as text; "" / null / 0 → undefined (the template's "Id": "" on failures). */
export function asText(value: unknown): string | undefined {
	if (value === null || value === undefined || value === '' || value === 0) return undefined;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

const message = z
	.object({ FieldName: z.unknown().optional(), Message: z.unknown().optional(), DIndex: z.unknown().optional() })
	.passthrough();
const entity = z
	.object({ Id: z.unknown().optional(), Number: z.unknown().optional(), DIndex: z.unknown().optional() })
	.passthrough();
const responseStatus = z
	.object({
		ErrorCode: z.unknown().optional(),
		IsSuccess: z.unknown(),
		Errors: z.array(message).nullish(),
		SuccessEntitys: z.array(entity).nullish(),
		SuccessMessages: z.array(message).nullish(),
		MsgCode: z.unknown().optional(),
	})
	.passthrough();

export interface KdMessage {
	fieldName?: string;
	message: string;
	/** Position of the row in the request (Model array / Numbers), 0 when the API gives none. */
	index: number;
}

export interface KdEntity {
	id?: string;
	number?: string;
	index: number;
}

/** One `ResponseStatus`, read leniently. */
export interface KdStatus {
	isSuccess: boolean;
	msgCode?: number;
	errorCode?: string;
	errors: KdMessage[];
	successes: KdEntity[];
}

function readStatus(raw: unknown): KdStatus | undefined {
	const parsed = responseStatus.safeParse(raw);
	if (!parsed.success) return undefined;
	const s = parsed.data;
	const index = (value: unknown) => asNumber(value) ?? 0;
	return {
		isSuccess: asBool(s.IsSuccess) === true,
		msgCode: asNumber(s.MsgCode),
		errorCode: asText(s.ErrorCode),
		errors: (s.Errors ?? []).map((e) => ({
			fieldName: asText(e.FieldName),
			message: typeof e.Message === 'string' ? e.Message : String(e.Message ?? ''),
			index: index(e.DIndex),
		})),
		successes: (s.SuccessEntitys ?? []).map((e) => ({ id: asText(e.Id), number: asText(e.Number), index: index(e.DIndex) })),
	};
}

/** What an answer is, before deciding what it means. */
export type Answer =
	/** ExecuteBillQuery rows: arrays of column values. */
	| { kind: 'rows'; rows: unknown[][] }
	/** An operation result (Save, Submit, …) or a failure, with its status; Push adds the conversion status. */
	| { kind: 'status'; status: KdStatus; convert?: KdStatus; result: Record<string, unknown> }
	/** View's success: `{Result: {ResponseStatus: null, Result: {…}}}`. */
	| { kind: 'view'; bill: unknown; result: Record<string, unknown> }
	| { kind: 'unknown' };

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export function readAnswer(body: unknown): Answer {
	if (Array.isArray(body)) {
		// A failed ExecuteBillQuery answers `[[{"Result":{"ResponseStatus":{…}}}]]`.
		const first = Array.isArray(body[0]) ? body[0][0] : body[0];
		if (isObject(first) && isObject(first.Result)) return readAnswer(first);
		if (body.every((row) => Array.isArray(row))) return { kind: 'rows', rows: body as unknown[][] };
		return { kind: 'unknown' };
	}
	if (!isObject(body) || !isObject(body.Result)) return { kind: 'unknown' };
	const result = body.Result;
	const status =
		result.ResponseStatus === null || result.ResponseStatus === undefined ? undefined : readStatus(result.ResponseStatus);
	const convert = result.ConvertResponseStatus ? readStatus(result.ConvertResponseStatus) : undefined;
	// View's success may also carry a successful status next to the record.
	if (status?.isSuccess && isObject(result.Result)) return { kind: 'view', bill: result.Result, result };
	if (status) return { kind: 'status', status, convert, result };
	if (convert) return { kind: 'status', status: convert, convert, result };
	if ('Result' in result) return { kind: 'view', bill: result.Result, result };
	return { kind: 'unknown' };
}

/** The status that decides the outcome: a failed conversion (Push) wins over the save status. */
export function decisiveStatus(answer: Extract<Answer, { kind: 'status' }>): KdStatus {
	if (answer.convert && !answer.convert.isSuccess) return answer.convert;
	return answer.status;
}

/** `FieldName: Message` for each error (the first few), as users read them. */
export function describeErrors(errors: KdMessage[], max = 5): string {
	const text = errors
		.slice(0, max)
		.map((e) => (e.fieldName ? `${e.fieldName}: ${e.message}` : e.message))
		.filter((m) => m.trim() !== '')
		.join('; ');
	return errors.length > max ? `${text}; … (${errors.length - max} more)` : text;
}

/**
 * Per-row results of a batch answer. Partial answers: the core's rows (by DIndex). Successful answers: every row
 * succeeded; its id/number comes from the success entity with the same number or id, else the same DIndex.
 */
export function rowsOfAnswer(result: ApiResult, count: number, keys?: { by: 'number' | 'id'; values: string[] }): RowResult[] {
	if (result.rows) return result.rows;
	const answer = readAnswer(result.body);
	if (answer.kind !== 'status') return [];
	const successes = answer.status.successes;
	const distinctIndexes = new Set(successes.map((s) => s.index)).size === successes.length;
	const rows: RowResult[] = [];
	for (let index = 0; index < count; index++) {
		const key = keys?.values[index];
		const entity =
			(key !== undefined ? successes.find((s) => (keys!.by === 'number' ? s.number : s.id) === key) : undefined) ??
			(distinctIndexes ? successes.find((s) => s.index === index) : successes[index]);
		rows.push({
			index,
			ok: true,
			id: entity?.id ?? (keys?.by === 'id' ? key : undefined),
			number: entity?.number ?? (keys?.by === 'number' ? key : undefined),
		});
	}
	return rows;
}
