import type { IDataObject } from 'n8n-workflow';
import { unexpectedResponse } from '../core/errors';
import { chunk, paginate } from '../core/paginate';
import type { ApiFailure, RowResult } from '../core/types';
import type { UpsertStore, Values } from '../core/upsert';
import { MINGDAO } from './adapter';
import type { MingdaoClient } from './client';
import { fieldsPayload, rowIdOf, valuesSignature } from './rows';
import { normalizeRead, sameValue } from './values';
import { keyOf } from './worksheet';
import type { Field, Worksheet } from './worksheet';

/** Keys per lookup call for text-like match fields (one `eq` condition with all of them). */
export const LOOKUP_CHUNK = 1000;
/** Keys per lookup call for number match fields (an OR group of single-value `eq` conditions). */
export const NUMBER_LOOKUP_CHUNK = 100;
export const PAGE_SIZE = 1000;
export const WRITE_BATCH = 100;

const NUMERIC = new Set(['Number', 'Currency']);

/**
 * A key as it is written and looked up: text trimmed and in Unicode NFC (so "é" typed as e + ◌́ and "é" are one
 * key, and "A1 " is "A1"); numbers as they are. The same function serves the write and the lookup.
 */
export function keyValue(field: Field, value: unknown): unknown {
	return typeof value === 'string' && !NUMERIC.has(field.type) ? value.trim().normalize('NFC') : value;
}

/** The canonical key of a match value, written or read back: numbers as "12.5", text trimmed and NFC; '' = none. */
export function matchKey(field: Field, value: unknown): string {
	const canonical = normalizeRead(field, keyValue(field, value));
	return canonical === null || canonical === undefined ? '' : String(keyValue(field, String(canonical)));
}

/**
 * The lookup filter for many keys of the match field, built only from what Mingdao documents for its type (the
 * per-type table lists no `in` for Text, Number, Email or Phone):
 * - text-like fields: one `eq` condition with all the keys: how Mingdao's own filter generator sends Text
 *   "is any of" (mingdaocom/pd-openweb, worksheetApi/core/utils.js);
 * - number fields: an OR group of single-value `eq` conditions (multi-value `eq` on numbers is not documented).
 */
export function lookupFilter(match: Field, keys: string[]): Record<string, unknown> {
	if (NUMERIC.has(match.type)) {
		return { type: 'group', logic: 'OR', children: keys.map((k) => ({ type: 'condition', field: match.id, operator: 'eq', value: [k] })) };
	}
	return { type: 'group', logic: 'AND', children: [{ type: 'condition', field: match.id, operator: 'eq', value: keys }] };
}

/**
 * Row ids from POST rows/batch: the reference's schema says `data.rowIds`, its example `data.rows` (ids or rows).
 * Throws when the count does not match what was sent: the items could not be paired with their rows.
 */
export function createdRowIds(client: MingdaoClient, data: unknown, sent: number, itemIndex?: number): string[] {
	const d = (data ?? {}) as { rowIds?: unknown; rows?: unknown };
	const list = Array.isArray(d.rowIds) ? d.rowIds : Array.isArray(d.rows) ? d.rows : [];
	const ids = list.map((x) => (typeof x === 'string' ? x : x && typeof x === 'object' ? rowIdOf(x as IDataObject) : undefined));
	if (ids.length !== sent || ids.some((id) => !id)) {
		throw unexpectedResponse(
			client.ctx.getNode(),
			MINGDAO,
			`rows/batch created rows but answered ${ids.filter(Boolean).length} row ids for ${sent} rows: the items cannot be paired with their rows; check the worksheet before running again`,
			itemIndex,
		);
	}
	return ids as string[];
}

/**
 * PATCH the same values onto rows: one row → PATCH rows/{id} (its answer is not documented beyond success),
 * several → PATCH rows/batch, which answers `{successfulRowIds, failedRowIds}`. Returns the rows that were not
 * updated, each with the failure its items get: every row in failedRowIds, and, when successfulRowIds lists rows,
 * every row it leaves out. Empty lists (the reference's own example) or none at all (older servers: `data: true`)
 * leave `success` as the only word, and it says the call worked.
 */
export async function patchRows(
	client: MingdaoClient,
	ws: Worksheet,
	ids: string[],
	body: { fields: Array<{ id: string; value: unknown }>; triggerWorkflow: boolean },
	itemIndex?: number,
): Promise<Map<string, ApiFailure>> {
	const failed = new Map<string, ApiFailure>();
	const rows = client.rowsPath(ws.id);
	if (ids.length === 1) {
		await client.v3('PATCH', `${rows}/${encodeURIComponent(ids[0])}`, body, { itemIndex });
		return failed;
	}
	const data = (await client.v3('PATCH', `${rows}/batch`, { ...body, rowIds: ids }, { itemIndex })) as {
		successfulRowIds?: unknown;
		failedRowIds?: unknown;
	} | null;
	const list = (v: unknown) => (Array.isArray(v) ? new Set(v.map(String)) : new Set<string>());
	const refused = list(data?.failedRowIds);
	const confirmed = list(data?.successfulRowIds);
	for (const id of ids) {
		if (!refused.has(id) && (confirmed.size === 0 || confirmed.has(id))) continue;
		failed.set(id, {
			code: 'failedRowIds',
			message: refused.has(id)
				? `row ${id} was not updated (Mingdao listed it in failedRowIds)`
				: `row ${id} was not confirmed as updated (not in successfulRowIds)`,
			hint: "Mingdao gives no reason per row. The row may have been deleted, be locked (for example by an approval) or be outside the App Key's scope.",
		});
	}
	return failed;
}

/**
 * Upsert on Mingdao, which has no native one: batched lookups (lookupFilter, paged to the end) to find rows,
 * rows/batch to create and PATCH rows/batch to update (rows needing the same change share a call). Values are
 * keyed by field id, in canonical form. Concurrent upserts of one worksheet and key take turns in this process;
 * a create refused because a unique field already holds the key (another process won) becomes an update.
 */
export function mingdaoUpsertStore(
	client: MingdaoClient,
	ws: Worksheet,
	match: Field,
	options: { triggerWorkflow: boolean },
): UpsertStore<IDataObject> {
	const rows = client.rowsPath(ws.id);
	return {
		lockScope: `mingdao|${client.creds.baseUrl}|${ws.id}|${match.id}`,
		async findByKeys(keys) {
			const found = new Map<string, IDataObject>();
			for (const part of chunk(keys, NUMERIC.has(match.type) ? NUMBER_LOOKUP_CHUNK : LOOKUP_CHUNK)) {
				const filter = lookupFilter(match, part);
				const list = await paginate<IDataObject>(
					async (pageIndex, pageSize) => {
						const data = (await client.v3('POST', `${rows}/list`, { filter, pageIndex, pageSize, includeTotalCount: true })) as {
							rows?: IDataObject[];
							total?: number | string;
						};
						return { items: data?.rows ?? [], total: data?.total === undefined ? undefined : Number(data.total) };
					},
					{ pageSize: PAGE_SIZE },
				);
				const wanted = new Set(part);
				for (const row of list) {
					if (!rowIdOf(row)) throw unexpectedResponse(client.ctx.getNode(), MINGDAO, 'rows/list returned a row without id');
					const key = matchKey(match, row[match.alias] ?? row[match.id]);
					// First match wins; the API may match loosely (case), so keep only exact keys.
					if (wanted.has(key) && !found.has(key)) found.set(key, row);
				}
			}
			return found;
		},
		idOf: (row) => rowIdOf(row) as string,
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
			const data = await client.v3('POST', `${rows}/batch`, {
				rows: list.map((row) => ({ fields: fieldsPayload(row.values) })),
				triggerWorkflow: options.triggerWorkflow,
			});
			return createdRowIds(client, data, list.length).map((id, index) => ({ index, ok: true as const, id }));
		},
		updateBatchSize: WRITE_BATCH,
		async update(list) {
			const bySignature = new Map<string, number[]>();
			list.forEach((row, n) => {
				const signature = valuesSignature(row.values);
				bySignature.set(signature, [...(bySignature.get(signature) ?? []), n]);
			});
			const results: RowResult[] = [];
			for (const positions of bySignature.values()) {
				const body = { fields: fieldsPayload(list[positions[0]].values), triggerWorkflow: options.triggerWorkflow };
				const failed = await patchRows(client, ws, positions.map((n) => list[n].id), body);
				for (const index of positions) {
					const failure = failed.get(list[index].id);
					results.push(failure ? { index, ok: false, failure } : { index, ok: true, id: list[index].id });
				}
			}
			return results;
		},
		isConflict: (failure) => UNIQUE_CONFLICT.has(failure.code),
	};
}

/** "A field marked unique already holds this value" (error code from field reports; see the README). */
const UNIQUE_CONFLICT = new Set(['100005']);
