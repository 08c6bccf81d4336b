import type { IExecuteFunctions } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { inputError } from '../../core/errors';
import { BEIJING } from '../../core/time';

/**
 * A date-time parameter as Unix seconds (what WeChat's card APIs take). ISO text with an offset is exact; without
 * one it is read in Beijing time, as WeChat's console shows times. Numbers are refused: they could be seconds or
 * milliseconds, and guessing would be a silent wrong write.
 */
export function epochSeconds(ctx: IExecuteFunctions, value: unknown, label: string, i: number): number {
	if (typeof value !== 'string') {
		throw inputError(ctx.getNode(), label, `${JSON.stringify(value)} is not a date; use ISO text such as 2026-12-01T08:00:00+08:00`, i);
	}
	const text = value.trim();
	let parsed = DateTime.fromISO(text, { zone: BEIJING, setZone: true });
	if (!parsed.isValid) parsed = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: BEIJING });
	if (!parsed.isValid) parsed = DateTime.fromFormat(text, 'yyyy-MM-dd', { zone: BEIJING });
	if (!parsed.isValid) throw inputError(ctx.getNode(), label, `"${text}" is not a date (ISO, yyyy-MM-dd or yyyy-MM-dd HH:mm:ss)`, i);
	return Math.floor(parsed.toSeconds());
}
