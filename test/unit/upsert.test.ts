import { upsert } from '../../nodes/core/upsert';
import type { UpsertStore, Values } from '../../nodes/core/upsert';

/** An in-memory table with the same contract as a real store, counting calls. */
function memoryStore(initial: Array<{ id: string; key: string; values: Values }>, options: { refuse?: (v: Values) => boolean; failCreate?: boolean } = {}) {
	const rows = new Map(initial.map((r) => [r.key, { ...r }]));
	const calls = { find: 0, create: 0, update: 0 };
	let next = 1000;
	const store: UpsertStore<{ id: string; key: string; values: Values }> = {
		async findByKeys(keys) {
			calls.find++;
			return new Map(keys.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)!]));
		},
		idOf: (r) => r.id,
		changes(r, values) {
			return Object.fromEntries(Object.entries(values).filter(([k, v]) => r.values[k] !== v));
		},
		createBatchSize: 2,
		async createMany(list) {
			calls.create++;
			if (options.failCreate) throw Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' });
			if (list.some((v) => options.refuse?.(v))) throw Object.assign(new Error('bad value'), { refused: true });
			return list.map((values) => {
				const id = `r${next++}`;
				rows.set(String(values.key), { id, key: String(values.key), values });
				return id;
			});
		},
		updateBatchSize: 100,
		async updateMany(ids, values) {
			calls.update++;
			for (const r of rows.values()) if (ids.includes(r.id)) Object.assign(r.values, values);
		},
		isRefusal: (e) => Boolean((e as { refused?: boolean }).refused),
	};
	return { store, rows, calls };
}

const input = (itemIndex: number, key: string, values: Values) => ({ itemIndex, key, values: { key, ...values } });

describe('batched upsert', () => {
	it('creates missing rows in batches, updates only changes, leaves unchanged rows alone, merges duplicate keys', async () => {
		const { store, rows, calls } = memoryStore([
			{ id: 'a1', key: 'a', values: { key: 'a', n: 1 } },
			{ id: 'b1', key: 'b', values: { key: 'b', n: 2 } },
			{ id: 'c1', key: 'c', values: { key: 'c', n: 3 } },
		]);
		const out = await upsert(store, [
			input(0, 'a', { n: 1 }), // unchanged
			input(1, 'b', { n: 9 }), // updated
			input(2, 'c', { n: 9 }), // updated with the same change as b: one call
			input(3, 'x', { n: 5 }),
			input(4, 'y', { n: 6 }),
			input(5, 'z', { n: 7 }),
			input(6, 'x', { m: 1 }), // duplicate of item 3: merged, one row
		]);
		expect([...out.entries()].sort(([a], [b]) => a - b).map(([, o]) => (o instanceof Error ? 'error' : o.action))).toEqual([
			'unchanged', 'updated', 'updated', 'created', 'created', 'created', 'created',
		]);
		const x3 = out.get(3) as { id: string };
		expect((out.get(6) as { id: string }).id).toBe(x3.id);
		expect(rows.get('x')!.values).toEqual({ key: 'x', n: 5, m: 1 });
		expect(calls).toEqual({ find: 1, create: 2, update: 1 }); // 3 new keys in batches of 2; b and c share a call
	});

	it('a refused batch is retried row by row so only the bad row fails; nothing is duplicated', async () => {
		const { store, rows } = memoryStore([], { refuse: (v) => v.n === 'bad' });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'b', { n: 'bad' }), input(2, 'c', { n: 3 })]);
		expect(out.get(1)).toBeInstanceOf(Error);
		expect((out.get(0) as { action: string }).action).toBe('created');
		expect((out.get(2) as { action: string }).action).toBe('created');
		expect([...rows.keys()].sort()).toEqual(['a', 'c']);
	});

	it('a batch with an unknown outcome (timeout) is not retried: its items fail, others are unaffected', async () => {
		const { store, calls } = memoryStore([{ id: 'a1', key: 'a', values: { key: 'a', n: 1 } }], { failCreate: true });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'new', { n: 2 })]);
		expect((out.get(0) as { action: string }).action).toBe('unchanged');
		expect(out.get(1)).toBeInstanceOf(Error);
		expect(calls.create).toBe(1);
	});
});
