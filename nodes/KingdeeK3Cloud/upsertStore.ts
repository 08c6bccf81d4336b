import type { IDataObject } from 'n8n-workflow';
import { chunk } from '../core/paginate';
import type { RowResult } from '../core/types';
import type { UpsertStore, Values } from '../core/upsert';
import { rowsOfAnswer } from './answers';
import { unAudit } from './approve';
import type { KingdeeClient } from './client';
import { SERVICES } from './client';
import { toModel } from './values';

/**
 * A create refused because the number is taken (another process created the record since the look-up). Kingdee
 * documents no code for it; its messages name uniqueness (唯一 / 已经被使用 / 已存在 / 重复). A wrong guess only costs
 * one more look-up: the row is looked up again and, if still missing, fails with Kingdee's message.
 */
const DUPLICATE = /唯一|已经被使用|已被使用|已存在|重复/;

/** Keys per ExecuteBillQuery `IN (…)` lookup: keeps the filter string short. */
export const LOOKUP_CHUNK = 200;

export interface UpsertTarget {
	formId: string;
	/** Primary key field (FID, FCUSTID, …): sent in the model to update. */
	idField: string;
	/** The field the records are found by (FNumber, FBillNo, or any header field). */
	matchField: string;
	/** The form's number field (FNumber / FBillNo): each record's number is output, whatever the match field. */
	numberField: string;
	/** Header field keys (flat, `FCustId.FNumber` style) compared to decide whether a record changed. */
	compareKeys: string[];
	/** Save parameters sent with every BatchSave (IsDeleteEntry false, …). */
	data: IDataObject;
	batchSize: number;
	/**
	 * Audited records (FDocumentStatus C) cannot be saved: with this set, they are unaudited (反审核) right before
	 * their update, and the caller audits them again afterwards (Submit and Audit). Without it Kingdee's refusal is
	 * the row's error.
	 */
	unauditBeforeUpdate?: boolean;
}

export type Found = IDataObject;

/** A FilterString literal: single quotes doubled, as in SQL. */
export function quote(value: string): string {
	return `'${value.replace(/'/g, "''")}'`;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?(?:\.\d+)?$/;

/** Kingdee answers dates as 2026-01-02T00:00:00 and blanks as " "; compare the meaning, not the spelling. */
export function sameValue(current: unknown, wanted: unknown): boolean {
	const blank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
	if (blank(current) || blank(wanted)) return blank(current) && blank(wanted);
	if (typeof wanted === 'boolean' || typeof current === 'boolean')
		return String(current).toLowerCase() === String(wanted).toLowerCase();
	if (typeof wanted === 'number' || typeof current === 'number') {
		const a = Number(current);
		const b = Number(wanted);
		if (Number.isFinite(a) && Number.isFinite(b)) return a === b;
	}
	const a = String(current).trim();
	const b = String(wanted).trim();
	const da = DATE.exec(a);
	const db = DATE.exec(b);
	if (da && db) {
		const time = (t: string | undefined) => (t ? (t.length === 5 ? `${t}:00` : t) : '00:00:00');
		return da[1] === db[1] && time(da[2]) === time(db[2]);
	}
	return a === b;
}

/**
 * Upsert on Kingdee, which has no native one: ExecuteBillQuery with `<match field> IN (…)` to find records,
 * BatchSave to create (full model, entries included) and to update (internal ID + changed header fields only,
 * NeedUpDateFields = those fields, IsDeleteEntry false). Entry rows are written on create only.
 */
export function kingdeeUpsertStore(
	client: KingdeeClient,
	target: UpsertTarget,
): UpsertStore<Found> & { numberOf(id: string): string | undefined } {
	const { formId, idField, matchField, numberField } = target;
	/** Number of every record looked up or saved, by internal id (the match field may be another field). */
	const numberById = new Map<string, string>();
	/** Document status of the records looked up (by internal id), when audited records are unaudited first. */
	const statusById = new Map<string, string>();
	const batchSave = async (models: IDataObject[], extra: IDataObject = {}): Promise<RowResult[]> => {
		const result = await client.form(SERVICES.batchSave, formId, { ...target.data, ...extra, Model: models }, { write: true });
		const rows = rowsOfAnswer(result, models.length);
		for (const row of rows) if (row.ok && row.id && row.number) numberById.set(row.id, row.number);
		return rows;
	};
	return {
		// Concurrent upserts of one form and key in this n8n process take turns (core key locks).
		lockScope: `kingdee|${client.creds.serverUrl}|${client.creds.acctId}|${formId}|${matchField}`,
		numberOf: (id) => numberById.get(id),
		isConflict: (failure) => DUPLICATE.test(failure.message),
		async findByKeys(keys) {
			const found = new Map<string, Found>();
			const status = target.unauditBeforeUpdate ? ['FDocumentStatus'] : [];
			const fieldKeys = [...new Set([idField, matchField, numberField, ...target.compareKeys, ...status])];
			for (const part of chunk(keys, LOOKUP_CHUNK)) {
				const rows = await client.query({ formId, fieldKeys, filter: `${matchField} IN (${part.map(quote).join(',')})` });
				const wanted = new Set(part);
				for (const row of rows) {
					const key = String(row[matchField] ?? '');
					// First match wins; keep only exact keys (a server collation may match loosely).
					if (wanted.has(key) && !found.has(key)) found.set(key, row);
					if (row[numberField] !== undefined && row[numberField] !== null) numberById.set(String(row[idField]), String(row[numberField]));
					if (target.unauditBeforeUpdate) statusById.set(String(row[idField]), String(row.FDocumentStatus ?? ''));
				}
			}
			return found;
		},
		idOf: (row) => String(row[idField]),
		changes(row, values) {
			const out: Values = {};
			for (const [key, value] of Object.entries(values)) {
				if (Array.isArray(value)) continue; // entry rows: written on create only
				if (key === matchField) continue;
				if (!sameValue(row[key], value)) out[key] = value;
			}
			return out;
		},
		createBatchSize: target.batchSize,
		async create(rows) {
			return batchSave(rows.map((row) => toModel(row.values)));
		},
		updateBatchSize: target.batchSize,
		async update(rows) {
			const results: RowResult[] = [];
			const audited = rows.filter((row) => statusById.get(row.id) === 'C').map((row) => row.id);
			const refused = new Set<string>();
			if (audited.length) {
				const outcomes = await unAudit(client, { formId, idField, batchSize: target.batchSize }, audited);
				rows.forEach((row, index) => {
					const outcome = outcomes.get(row.id);
					if (outcome && !outcome.ok) {
						refused.add(row.id);
						results.push({ index, ok: false, failure: outcome.failure });
					} else if (outcome) statusById.set(row.id, 'D');
				});
			}
			// NeedUpDateFields is per call: rows changing the same fields share a call.
			const groups = new Map<string, number[]>();
			rows.forEach((row, n) => {
				if (refused.has(row.id)) return;
				const signature = Object.keys(row.values).sort().join('|');
				groups.set(signature, [...(groups.get(signature) ?? []), n]);
			});
			for (const positions of groups.values()) {
				const fields = [...new Set(Object.keys(rows[positions[0]].values).map((key) => key.split('.')[0]))];
				const models = positions.map((n) => toModel({ [idField]: asId(rows[n].id), ...rows[n].values }));
				const answer = await batchSave(models, { NeedUpDateFields: fields });
				for (const r of answer) results.push({ ...r, index: positions[r.index] });
			}
			return results;
		},
	};
}

/** Internal ids are numbers in Kingdee's models. */
function asId(id: string): number | string {
	return /^\d+$/.test(id) ? Number(id) : id;
}
