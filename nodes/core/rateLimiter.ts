import { sleep } from 'n8n-workflow';

/**
 * Client-side rate limiting per credential identity and endpoint: requests are spaced evenly so that a
 * Return All over thousands of pages stays under the API's documented rate instead of running into its
 * throttling code. Each caller reserves the next free slot, then sleeps until it.
 */
const nextSlot = new Map<string, number>();

export async function acquireSlot(key: string, perSecond: number): Promise<void> {
	if (!(perSecond > 0)) return;
	const interval = 1000 / perSecond;
	const now = Date.now();
	const slot = Math.max(now, nextSlot.get(key) ?? 0);
	nextSlot.set(key, slot + interval);
	if (slot - now >= 1) await sleep(slot - now);
}
