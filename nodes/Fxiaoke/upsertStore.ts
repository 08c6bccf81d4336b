import type { IDataObject } from 'n8n-workflow';
import { chunk } from '../core/paginate';
import type { UpsertStore, Values } from '../core/upsert';
import type { FxiaokeClient, WriteOptions } from './client';
import { findField, matchKey, sameValue } from './fields';
import type { FieldInfo, ObjectInfo } from './fields';
import { readAll } from './walk';

/** Keys per lookup query: one `IN` condition (field_values is a list), paged to the end. */
export const LOOKUP_CHUNK = 100;

/**
 * Upsert on Fxiaoke, which has none: lookups with `IN` on the match field, create one record at a time (the create
 * endpoint takes one), update one at a time with only the changed fields. A write whose answer was lost is looked
 * up again by the core before anything is written twice.
 */
export function fxiaokeUpsertStore(client: FxiaokeClient, object: ObjectInfo, match: FieldInfo, options: WriteOptions): UpsertStore<IDataObject> {
	return {
		// Concurrent upserts of one object and match field in this process take turns per key.
		lockScope: `fxiaoke|${client.creds.baseUrl}|${client.creds.appId}|${object.apiName}|${match.apiName}`,
		async findByKeys(keys) {
			const found = new Map<string, IDataObject>();
			for (const part of chunk(keys, LOOKUP_CHUNK)) {
				const rows = await readAll(client, object.apiName, {
					filters: [{ field_name: match.apiName, field_values: part, operator: 'IN' }],
					sort: { field: '_id', asc: true },
				});
				const wanted = new Set(part);
				for (const row of rows) {
					const key = matchKey(match, row[match.apiName]);
					// First match wins (oldest _id order is stable); the API may match loosely, so keep exact keys only.
					if (wanted.has(key) && !found.has(key)) found.set(key, row);
				}
			}
			return found;
		},
		idOf: (row) => String(row._id),
		changes(row, values) {
			const out: Values = {};
			for (const [key, value] of Object.entries(values)) {
				const field = findField(object, key);
				if (!field || !sameValue(field, row[key], value)) out[key] = value;
			}
			return out;
		},
		createBatchSize: 1,
		async create([row]) {
			const id = await client.create(object.apiName, row.values as IDataObject, options);
			return [{ index: 0, ok: true, id }];
		},
		updateBatchSize: 1,
		async update([row]) {
			await client.update(object.apiName, row.id, row.values as IDataObject, options);
			return [{ index: 0, ok: true, id: row.id }];
		},
	};
}
