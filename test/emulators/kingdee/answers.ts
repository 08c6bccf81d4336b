/**
 * Kingdee's answer envelopes, as the official pages and captured answers show them
 * (test/fixtures/kingdee/responses.json). 'typed' answers like the captures (booleans, numbers, no ErrorCode on
 * success, no MsgCode on validation failures); 'template' answers every value as a string, like the page template.
 */
import type { KingdeeState } from './state';

export interface RowMessage {
	FieldName: string | null;
	Message: string;
	DIndex: number;
}

export interface RowEntity {
	Id: number;
	Number: string;
	DIndex: number;
}

export interface StatusInput {
	errors?: RowMessage[];
	successes?: RowEntity[];
	/** MsgCode on failures; undefined leaves it out (as in the captured validation failure). */
	msgCode?: number;
	/** IsSuccess; default: no errors. */
	ok?: boolean;
}

export function responseStatus(state: KingdeeState, input: StatusInput): Record<string, unknown> {
	const errors = input.errors ?? [];
	const successes = input.successes ?? [];
	const ok = input.ok ?? errors.length === 0;
	if (state.answerStyle === 'template') {
		return {
			ErrorCode: ok ? '' : '500',
			IsSuccess: ok ? 'true' : 'false',
			Errors: errors.map((e) => ({ FieldName: e.FieldName ?? '', Message: e.Message, DIndex: e.DIndex })),
			SuccessEntitys: successes.map((s) => ({ Id: String(s.Id), Number: s.Number, DIndex: s.DIndex })),
			SuccessMessages: [],
			MsgCode: ok ? '0' : input.msgCode === undefined ? '' : String(input.msgCode),
		};
	}
	const status: Record<string, unknown> = {};
	if (!ok) status.ErrorCode = 500;
	status.IsSuccess = ok;
	status.Errors = errors;
	status.SuccessEntitys = successes;
	status.SuccessMessages = [];
	if (ok) status.MsgCode = 0;
	else if (input.msgCode !== undefined) status.MsgCode = input.msgCode;
	return status;
}

/** Save / Draft: `{Result: {ResponseStatus, Id, Number, NeedReturnData}}`; failures carry `Id: ""` and no Number. */
export function saveAnswer(
	state: KingdeeState,
	input: StatusInput,
	saved?: { id: number; number: string; returnData?: unknown },
) {
	const result: Record<string, unknown> = { ResponseStatus: responseStatus(state, input) };
	if (saved) {
		result.Id = state.answerStyle === 'template' ? String(saved.id) : saved.id;
		result.Number = saved.number;
	} else result.Id = '';
	result.NeedReturnData = [saved?.returnData ?? {}];
	return { Result: result };
}

/** BatchSave: `{Result: {ResponseStatus, NeedReturnData}}`. */
export function batchAnswer(state: KingdeeState, input: StatusInput, returnData: unknown[]) {
	return { Result: { ResponseStatus: responseStatus(state, input), NeedReturnData: returnData.length ? returnData : [{}] } };
}

/** Submit / Audit / UnAudit / Delete / ExcuteOperation: `{Result: {ResponseStatus}}`. */
export function operationAnswer(state: KingdeeState, input: StatusInput) {
	return { Result: { ResponseStatus: responseStatus(state, input) } };
}

/** Push: the save of the new bills (ResponseStatus) and the conversion (ConvertResponseStatus). */
export function pushAnswer(state: KingdeeState, save: StatusInput, convert: StatusInput) {
	return { Result: { ResponseStatus: responseStatus(state, save), ConvertResponseStatus: responseStatus(state, convert) } };
}

/** A whole-request failure (captured shape of 会话信息已丢失: ErrorCode 500, MsgCode, one error at DIndex 0). */
export function failureAnswer(
	state: KingdeeState,
	msgCode: number | undefined,
	message: string,
	fieldName: string | null = null,
) {
	return operationAnswer(state, { msgCode, errors: [{ FieldName: fieldName, Message: message, DIndex: 0 }] });
}

export const CONTEXT_LOST = '会话信息已丢失，请重新登录';
export const CALL_LIMIT = '接口调用过于频繁，已超出调用限制，请稍后再试';
