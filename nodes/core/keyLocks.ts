/**
 * In-process locks on keys. Two executions upserting the same keys at once would both look the keys up, both
 * find nothing and both create: with these, the second waits until the first has written, then finds the rows.
 * Locks are taken in sorted order, so two callers with overlapping key sets cannot deadlock.
 */
export class KeyLocks {
	private tails = new Map<string, Promise<void>>();

	async acquire(keys: string[]): Promise<() => void> {
		const releases: Array<() => void> = [];
		for (const key of [...new Set(keys)].sort()) {
			const previous = this.tails.get(key) ?? Promise.resolve();
			let release!: () => void;
			const mine = new Promise<void>((resolve) => (release = resolve));
			const tail = previous.then(() => mine);
			this.tails.set(key, tail);
			await previous;
			releases.push(() => {
				release();
				// The last holder cleans up, so the map does not grow with every key ever seen.
				if (this.tails.get(key) === tail) this.tails.delete(key);
			});
		}
		return () => releases.forEach((r) => r());
	}

	get size(): number {
		return this.tails.size;
	}
}

/** The locks of this process, shared by every upsert of the package (scoped by the caller, e.g. worksheet id). */
export const upsertLocks = new KeyLocks();
