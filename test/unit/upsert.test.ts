import type { INode } from 'n8n-workflow';
import { apiError, maybeApplied } from '../../nodes/core/errors';
import { planUpsert, upsert } from '../../nodes/core/upsert';
import type { UpsertOutcome, UpsertStore, Values } from '../../nodes/core/upsert';

const node: INode = { id: '1', name: 'Upsert', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };
type Rec = { id: string; key: string; values: Values };

/**
 * An in-memory table with the same contract as a real store, counting calls. Faults model what a real service
 * does: a refusal writes nothing; an ambiguous failure (timeout) may have written everything before it failed.
 */
function memoryStore(
	initial: Rec[],
	faults: { refuse?: (v: Values) => boolean; rejectRow?: (v: Values) => boolean; createFaults?: Array<'landed' | 'lost'>; updateFaults?: Array<'landed' | 'lost'> } = {},
) {
	const rows = new Map(initial.map((r) => [r.key, { ...r, values: { ...r.values } }]));
	const calls = { find: 0, create: 0, update: 0, rowsCreated: 0, rowsUpdated: 0 };
	let next = 1000;
	const timeout = () => apiError(node, 'Test', { code: 'ETIMEDOUT', message: 'timeout' }, { maybeApplied: true });
	const store: UpsertStore<Rec> = {
		async findByKeys(keys) {
			calls.find++;
			return new Map(keys.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)!]));
		},
		idOf: (r) => r.id,
		changes: (r, values) => Object.fromEntries(Object.entries(values).filter(([k, v]) => r.values[k] !== v)),
		createBatchSize: 2,
		async create(list) {
			calls.create++;
			if (list.some((r) => faults.refuse?.(r.values))) throw apiError(node, 'Test', { code: '430019', message: 'bad value' });
			const fault = faults.createFaults?.shift();
			if (fault === 'lost') throw timeout();
			const out = list.map((r, index) => {
				if (faults.rejectRow?.(r.values)) return { index, ok: false as const, failure: { code: 'E1', message: `row ${r.key} refused` } };
				const id = `r${next++}`;
				rows.set(r.key, { id, key: r.key, values: { ...r.values } });
				calls.rowsCreated++;
				return { index, ok: true as const, id };
			});
			if (fault === 'landed') throw timeout();
			return out;
		},
		updateBatchSize: 100,
		async update(list) {
			calls.update++;
			const fault = faults.updateFaults?.shift();
			if (fault === 'lost') throw timeout();
			for (const r of list) {
				Object.assign([...rows.values()].find((x) => x.id === r.id)!.values, r.values);
				calls.rowsUpdated++;
			}
			if (fault === 'landed') throw timeout();
			return list.map((r, index) => ({ index, ok: true as const, id: r.id }));
		},
	};
	return { store, rows, calls };
}

const input = (itemIndex: number, key: string, values: Values) => ({ itemIndex, key, values: { key, ...values } });
const options = { rowError: (f: { code: string; message: string }) => apiError(node, 'Test', f) };
const actions = (out: Map<number, UpsertOutcome | Error>) =>
	[...out.entries()].sort(([a], [b]) => a - b).map(([, o]) => (o instanceof Error ? 'error' : o.action));

describe('upsert plan', () => {
	it('is a pure split into creates, updates with only the changed fields, and unchanged', () => {
		const existing = new Map([
			['a', { id: 'a1', values: { n: 1, m: 2 } }],
			['b', { id: 'b1', values: { n: 1 } }],
		]);
		const plan = planUpsert(
			new Map<string, Values>([
				['a', { n: 1, m: 3 }],
				['b', { n: 1 }],
				['c', { n: 5 }],
			]),
			existing,
			{ idOf: (r) => r.id, changes: (r, v) => Object.fromEntries(Object.entries(v).filter(([k, x]) => (r.values as Values)[k] !== x)) },
		);
		expect(plan).toEqual({
			creates: [{ key: 'c', values: { n: 5 } }],
			updates: [{ key: 'a', id: 'a1', values: { m: 3 } }],
			unchanged: [{ key: 'b', id: 'b1' }],
		});
	});
});

describe('batched upsert', () => {
	it('creates missing rows in batches, updates only changes, leaves unchanged rows alone, merges duplicate keys', async () => {
		const { store, rows, calls } = memoryStore([
			{ id: 'a1', key: 'a', values: { key: 'a', n: 1 } },
			{ id: 'b1', key: 'b', values: { key: 'b', n: 2 } },
			{ id: 'c1', key: 'c', values: { key: 'c', n: 3 } },
		]);
		const out = await upsert(
			store,
			[
				input(0, 'a', { n: 1 }), // unchanged
				input(1, 'b', { n: 9 }), // updated
				input(2, 'c', { n: 8 }), // updated, its own values, same update call
				input(3, 'x', { n: 5 }),
				input(4, 'y', { n: 6 }),
				input(5, 'z', { n: 7 }),
				input(6, 'x', { m: 1 }), // duplicate of item 3: merged, one row
			],
			options,
		);
		expect(actions(out)).toEqual(['unchanged', 'updated', 'updated', 'created', 'created', 'created', 'created']);
		expect((out.get(6) as UpsertOutcome).id).toBe((out.get(3) as UpsertOutcome).id);
		expect(rows.get('x')!.values).toEqual({ key: 'x', n: 5, m: 1 });
		expect(rows.get('c')!.values.n).toBe(8);
		expect((out.get(1) as UpsertOutcome).changed).toEqual(['n']);
		expect(calls).toMatchObject({ find: 1, create: 2, update: 1 }); // 3 new keys in batches of 2
	});

	it('a batch refused as a whole is retried row by row so only the bad row fails, whatever the code', async () => {
		const { store, rows } = memoryStore([], { refuse: (v) => v.n === 'bad' });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'b', { n: 'bad' }), input(2, 'c', { n: 3 })], options);
		expect(actions(out)).toEqual(['created', 'error', 'created']);
		expect((out.get(1) as Error).message).toContain('430019');
		expect([...rows.keys()].sort()).toEqual(['a', 'c']);
	});

	it('a partial batch answer fails only the rows the service refused', async () => {
		const { store, rows, calls } = memoryStore([], { rejectRow: (v) => v.n === 2 });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'b', { n: 2 })], options);
		expect(actions(out)).toEqual(['created', 'error']);
		expect((out.get(1) as Error).message).toContain('row b refused');
		expect([...rows.keys()]).toEqual(['a']);
		expect(calls.create).toBe(1);
	});
});

describe('upsert recovery after ambiguous failures', () => {
	it('a create that landed before its timeout is found on re-lookup: reported created, not created twice', async () => {
		const { store, rows, calls } = memoryStore([], { createFaults: ['landed'] });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'b', { n: 2 })], options);
		expect(actions(out)).toEqual(['created', 'created']);
		expect((out.get(0) as UpsertOutcome).recovered).toBe(true);
		expect((out.get(0) as UpsertOutcome).id).toBe(rows.get('a')!.id);
		expect(rows.size).toBe(2);
		expect(calls).toMatchObject({ find: 2, create: 1, rowsCreated: 2 });
	});

	it('a create that was lost is created again, once', async () => {
		const { store, rows, calls } = memoryStore([], { createFaults: ['lost'] });
		const out = await upsert(store, [input(0, 'a', { n: 1 }), input(1, 'b', { n: 2 })], options);
		expect(actions(out)).toEqual(['created', 'created']);
		expect(rows.size).toBe(2);
		expect(calls).toMatchObject({ find: 2, create: 2, rowsCreated: 2 });
	});

	it('an update that landed is not written again; one that was lost is', async () => {
		const initial = [
			{ id: 'a1', key: 'a', values: { key: 'a', n: 1 } },
			{ id: 'b1', key: 'b', values: { key: 'b', n: 1 } },
		];
		const landed = memoryStore(initial, { updateFaults: ['landed'] });
		const out = await upsert(landed.store, [input(0, 'a', { n: 2 }), input(1, 'b', { n: 3 })], options);
		expect(actions(out)).toEqual(['updated', 'updated']);
		expect((out.get(0) as UpsertOutcome).changed).toEqual(['n']);
		expect(landed.calls).toMatchObject({ update: 1, rowsUpdated: 2 });

		const lost = memoryStore(initial, { updateFaults: ['lost'] });
		const again = await upsert(lost.store, [input(0, 'a', { n: 2 })], options);
		expect(actions(again)).toEqual(['updated']);
		expect(lost.calls).toMatchObject({ update: 2, rowsUpdated: 1 });
		expect(lost.rows.get('a')!.values.n).toBe(2);
	});

	it('gives up after the bounded rounds with the write error, never duplicating', async () => {
		const { store, rows } = memoryStore([], { createFaults: ['lost', 'lost', 'lost', 'lost'] });
		const out = await upsert(store, [input(0, 'a', { n: 1 })], options);
		expect(out.get(0)).toBeInstanceOf(Error);
		expect(maybeApplied(out.get(0))).toBe(true);
		expect(rows.size).toBe(0);
	});
});

describe('concurrent upserts', () => {
	/** A table whose create refuses keys that exist (a unique key field), like a real service would. */
	function uniqueStore(rows: Map<string, Rec>, options: { lockScope?: string; onFind?: () => void } = {}) {
		let next = 1;
		const calls = { create: 0 };
		const store: UpsertStore<Rec> = {
			async findByKeys(keys) {
				const found = new Map(keys.filter((k) => rows.has(k)).map((k) => [k, rows.get(k)!]));
				await new Promise((r) => setTimeout(r, 5)); // the answer travels while others write
				options.onFind?.();
				return found;
			},
			idOf: (r) => r.id,
			changes: (r, values) => Object.fromEntries(Object.entries(values).filter(([k, v]) => r.values[k] !== v)),
			createBatchSize: 10,
			async create(list) {
				calls.create++;
				return list.map((r, index) => {
					if (rows.has(r.key)) return { index, ok: false as const, failure: { code: 'DUP', message: `duplicate value ${r.key}` } };
					rows.set(r.key, { id: `n${next++}`, key: r.key, values: { ...r.values } });
					return { index, ok: true as const, id: rows.get(r.key)!.id };
				});
			},
			updateBatchSize: 10,
			async update(list) {
				for (const r of list) Object.assign([...rows.values()].find((x) => x.id === r.id)!.values, r.values);
				return list.map((r, index) => ({ index, ok: true as const, id: r.id }));
			},
			isConflict: (failure) => failure.code === 'DUP',
			lockScope: options.lockScope,
		};
		return { store, calls };
	}

	it('two upserts of the same keys at once in one process take turns: one row per key, nobody fails', async () => {
		const rows = new Map<string, Rec>();
		const a = uniqueStore(rows, { lockScope: 'ws1' });
		const b = uniqueStore(rows, { lockScope: 'ws1' });
		const [ra, rb] = await Promise.all([
			upsert(a.store, [input(0, 'k1', { n: 1 }), input(1, 'k2', { n: 1 })], options),
			upsert(b.store, [input(0, 'k1', { n: 2 }), input(1, 'k2', { n: 1 })], options),
		]);
		expect(rows.size).toBe(2);
		expect([...ra.values(), ...rb.values()].every((o) => !(o instanceof Error))).toBe(true);
		expect(rows.get('k1')!.values.n).toBe(2);
		expect(a.calls.create + b.calls.create).toBe(1);
	});

	it('a key created by another process between look-up and create is updated instead of failing', async () => {
		const rows = new Map<string, Rec>();
		let raced = false;
		const { store } = uniqueStore(rows, {
			onFind: () => {
				if (raced) return;
				raced = true;
				rows.set('k1', { id: 'other', key: 'k1', values: { key: 'k1', n: 7 } });
			},
		});
		const out = await upsert(store, [input(0, 'k1', { n: 1 })], options);
		expect(out.get(0)).toMatchObject({ action: 'updated', id: 'other' });
		expect(rows.get('k1')!.values.n).toBe(1);
		expect(rows.size).toBe(1);
	});
});
