import type { IExecuteFunctions } from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { inputError } from '../../core/errors';
import { parseDateInput } from '../../core/time';

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
