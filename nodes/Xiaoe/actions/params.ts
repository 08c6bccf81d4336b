import type { IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { inputError } from '../../core/errors';
import { parseDateInput } from '../../core/time';

/**
 * Reading node parameters strictly: a value that cannot be sent as given is an error naming the field and the item,
 * never a cleared or guessed value.
 */

/** A required text parameter, trimmed; empty is an error. */
export function requiredText(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number') {
		throw inputError(ctx.getNode(), label, 'must be text', itemIndex);
	}
	const text = String(value ?? '').trim();
	if (!text) throw inputError(ctx.getNode(), label, 'is required', itemIndex);
	return text;
}

/** Read a date parameter in the workflow's time zone; a clear error names the field and the item. */
export function dateParam(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	required: boolean,
): DateTime | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (raw === '' || raw === undefined || raw === null) {
		if (required) throw inputError(ctx.getNode(), label, 'is required', itemIndex);
		return undefined;
	}
	const dt = parseDateInput(raw, ctx.getTimezone());
	if (!dt) {
		throw inputError(
			ctx.getNode(),
			label,
			`"${String(raw)}" is not a date (use ISO 8601, e.g. 2026-11-25T08:00:00+08:00, or 'yyyy-MM-dd HH:mm:ss')`,
			itemIndex,
		);
	}
	return dt;
}

/** An optional value from a Filters collection: undefined when not set or empty. */
export function filterValue(filters: Record<string, unknown>, name: string): unknown {
	const value = filters[name];
	return value === '' || value === undefined || value === null ? undefined : value;
}
