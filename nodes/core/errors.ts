import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import type { ApiFailure, RowResult } from './types';
import { redact } from './redact';

/**
 * An error the API reported (its own code and message, plus a hint where one helps).
 * Only the redacted code and message go into the error: never the request, whose URL or body may carry a token.
 */
export function apiError(
	node: INode,
	service: string,
	failure: ApiFailure,
	options: { itemIndex?: number; httpCode?: string; maybeApplied?: boolean } = {},
): NodeApiError {
	const code = redact(String(failure.code));
	const message = redact(failure.message || 'Unknown error');
	const error = new NodeApiError(node, { code, message } as JsonObject, {
		message: `${service} API error ${code}: ${message}`,
		description: failure.hint ? redact(failure.hint) : undefined,
		httpCode: options.httpCode,
		itemIndex: options.itemIndex,
	});
	// Given no HTTP status, NodeApiError takes the body's `code` for one, so a business code such as "2003" would
	// read like an HTTP status: only a real HTTP error status is kept.
	error.httpCode = options.httpCode ?? null;
	// Keep the API's code machine-readable for callers (continueOnFail output, upsert recovery, tests).
	const details = error as ApiErrorDetails;
	details.apiCode = code;
	if (options.maybeApplied) details.maybeApplied = true;
	if (failure.rows) details.rows = failure.rows;
	return error;
}

/** What the core attaches to the NodeApiErrors it throws. */
interface ApiErrorDetails extends NodeApiError {
	apiCode?: string;
	/** A write failed in a way that leaves open whether the server ran it (timeout, connection reset, 5xx). */
	maybeApplied?: boolean;
	rows?: RowResult[];
}

/** The API's own error code of an error the core threw, if any. */
export function apiCodeOf(error: unknown): string | undefined {
	return error instanceof NodeApiError ? (error as ApiErrorDetails).apiCode : undefined;
}

/** True when a failed write may nevertheless have been applied: look before writing again. */
export function maybeApplied(error: unknown): boolean {
	return error instanceof NodeApiError && (error as ApiErrorDetails).maybeApplied === true;
}

/** Bad input: names the field and the item (1-based in the message, as users count items). */
export function inputError(
	node: INode,
	field: string,
	problem: string,
	itemIndex?: number,
	description?: string,
): NodeOperationError {
	const where = itemIndex === undefined ? '' : ` (item ${itemIndex + 1})`;
	return new NodeOperationError(node, redact(`${field}: ${problem}${where}`), {
		itemIndex,
		description: description ? redact(description) : undefined,
	});
}

/** The API answered something the node cannot read (shape changed, proxy page, …). */
export function unexpectedResponse(node: INode, service: string, detail: string, itemIndex?: number) {
	return new NodeOperationError(node, `${service} returned an unexpected response: ${redact(detail)}`, {
		itemIndex,
	});
}
