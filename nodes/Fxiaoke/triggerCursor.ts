import type { CursorOptions } from '../core/pollCursor';

/**
 * The trigger's cursor times: Fxiaoke times are ms epoch numbers; the core's cursor compares text, so they are
 * zero-padded to 15 digits (sortable as text until the year 33658).
 */
export const TIME_WIDTH = 15;

export function padTime(ms: number): string {
	return String(Math.max(0, Math.floor(ms))).padStart(TIME_WIDTH, '0');
}

export function unpadTime(time: string): number {
	return Number(time);
}

export function cursorOptions(overlapSeconds: number): CursorOptions {
	return { overlapStart: (time) => padTime(unpadTime(time) - overlapSeconds * 1000) };
}
