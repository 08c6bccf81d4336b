import type { IDataObject } from 'n8n-workflow';
import { chunk, paginate } from '../core/paginate';
import type { UpsertStore, Values } from '../core/upsert';
import type { RowResult } from '../core/types';
import type { MingdaoClient } from './client';
import { keyOf, normalizeRead, sameValue } from './fields';
import type { Field, Worksheet } from './fields';
import { fieldsPayload } from './rows';

export const LOOKUP_CHUNK = 1000;
export const PAGE_SIZE = 1000;
export const WRITE_BATCH = 100;

/** The canonical key of a match value: what findByKeys compares with (numbers as "12.5", text as is). */
export function matchKey(field: Field, value: unknown): string {
	const canonical = normalizeRead(field, value);
	return canonical === null || canonical === undefined ? '' : String(canonical);
}

/**
 * Upsert on Mingdao, which has no native one: one `in` filter per 1000 keys (paged to the end) to find rows,
 * rows/batch to create and PATCH rows/batch to update (identical changes share a call). Values are keyed by
 * field id, in canonical form.
 */
export function mingdaoUpsertStore(
	client: MingdaoClient,
	ws: Worksheet,
	match: Field,
	options: { triggerWorkflow: boolean },
): UpsertStore<IDataObject> {
	const rows = client.rowsPath(ws);
	return {
		async findByKeys(keys) {
			const found = new Map<string, IDataObject>();
			for (const part of chunk(keys, LOOKUP_CHUNK)) {
				const filter = {
					type: 'group',
					logic: 'AND',
					children: [{ type: 'condition', field: match.id, operator: 'in', value: part }],
				};
				const list = await paginate<IDataObject>(
					async (pageIndex, pageSize) => {
						const data = (await client.v3('POST', `${rows}/list`, { filter, pageIndex, pageSize, includeTotalCount: true })) as {
							rows?: IDataObject[];
							total?: number;
						};
						return { items: data?.rows ?? [], total: data?.total === undefined ? undefined : Number(data.total) };
					},
					{ pageSize: PAGE_SIZE },
				);
				const wanted = new Set(part);
				for (const row of list) {
					const key = matchKey(match, row[match.alias] ?? row[match.id]);
					// First match wins; the API may match loosely (case), so keep only exact keys.
					if (wanted.has(key) && !found.has(key)) found.set(key, row);
				}
			}
			return found;
		},
		idOf: (row) => String(row.rowid),
		changes(row, values) {
			const out: Values = {};
			for (const [id, value] of Object.entries(values)) {
				const field = ws.fields.find((f) => f.id === id);
				if (!field) continue;
				const current = normalizeRead(field, row[field.alias] ?? row[field.id] ?? row[keyOf(field)]);
				if (!sameValue(field, current, value)) out[id] = value;
			}
			return out;
		},
		createBatchSize: WRITE_BATCH,
		async create(list) {
			const data = (await client.v3('POST', `${rows}/batch`, {
				rows: list.map((row) => ({ fields: fieldsPayload(row.values) })),
				triggerWorkflow: options.triggerWorkflow,
			})) as { rowIds?: string[] };
			if (!Array.isArray(data?.rowIds) || data.rowIds.length !== list.length) {
				throw new Error(`Mingdao created rows but returned ${data?.rowIds?.length ?? 'no'} row ids for ${list.length} rows`);
			}
			return data.rowIds.map((id, index) => ({ index, ok: true as const, id: String(id) }));
		},
		updateBatchSize: WRITE_BATCH,
		async update(list) {
			// PATCH rows/batch writes the same values to every row id: rows needing the same change share a call.
			const bySignature = new Map<string, number[]>();
			list.forEach((row, n) => {
				const signature = JSON.stringify(Object.entries(row.values).sort(([a], [b]) => (a < b ? -1 : 1)));
				bySignature.set(signature, [...(bySignature.get(signature) ?? []), n]);
			});
			const results: RowResult[] = [];
			for (const positions of bySignature.values()) {
				const body = { fields: fieldsPayload(list[positions[0]].values), triggerWorkflow: options.triggerWorkflow };
				const ids = positions.map((n) => list[n].id);
				if (ids.length === 1) await client.v3('PATCH', `${rows}/${encodeURIComponent(ids[0])}`, body);
				else await client.v3('PATCH', `${rows}/batch`, { ...body, rowIds: ids });
				positions.forEach((index) => results.push({ index, ok: true, id: list[index].id }));
			}
			return results;
		},
	};
}
