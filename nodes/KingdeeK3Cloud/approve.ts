import { NodeApiError } from 'n8n-workflow';
import { apiCodeOf } from '../core/errors';
import { chunk } from '../core/paginate';
import type { ApiFailure, RowResult } from '../core/types';
import { rowsOfAnswer } from './answers';
import type { KingdeeClient } from './client';
import { SERVICES } from './client';

/**
 * Submit (提交) and Audit (审核) by internal ID, as the last step of an upsert with "Submit and Audit", and UnAudit
 * (反审核) before an audited record is changed. Each record's status is read first, so running it again does only
 * what is still missing: created (A) or re-audit pending (D) → Submit → Audit; submitted (B) → Audit; audited (C) →
 * nothing. Status flow and services: open.kingdee.com Submit/Audit/UnAudit pages (test/fixtures/kingdee/requests.json).
 */
export interface StatusTarget {
	formId: string;
	idField: string;
	batchSize: number;
}

/** What became of one record: its final document status, or why it stopped. */
export type StatusOutcome = { ok: true; status: string } | { ok: false; failure: ApiFailure };

/** FDocumentStatus of these records (internal ids), by id. */
export async function documentStatus(client: KingdeeClient, target: StatusTarget, ids: string[]): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	for (const part of chunk(ids, 200)) {
		const rows = await client.query({
			formId: target.formId,
			fieldKeys: [target.idField, 'FDocumentStatus'],
			filter: `${target.idField} IN (${part.map(literal).join(',')})`,
		});
		for (const row of rows) out.set(String(row[target.idField]), String(row.FDocumentStatus ?? ''));
	}
	return out;
}

/** Bring every record to audited (C); one outcome per id. */
export async function submitAndAudit(client: KingdeeClient, target: StatusTarget, ids: string[]): Promise<Map<string, StatusOutcome>> {
	const outcomes = new Map<string, StatusOutcome>();
	const status = await documentStatus(client, target, ids);
	const toSubmit: string[] = [];
	const toAudit: string[] = [];
	for (const id of ids) {
		const s = status.get(id);
		if (s === 'C') outcomes.set(id, { ok: true, status: 'C' });
		else if (s === 'A' || s === 'D') toSubmit.push(id);
		else if (s === 'B') toAudit.push(id);
		else outcomes.set(id, { ok: false, failure: { code: 'STATUS', message: notSubmittable(s) } });
	}
	for (const [id, result] of await byIds(client, SERVICES.submit, target, toSubmit)) {
		if (result.ok) toAudit.push(id);
		else outcomes.set(id, { ok: false, failure: prefixed('Saved, but Submit failed', result.failure) });
	}
	for (const [id, result] of await byIds(client, SERVICES.audit, target, toAudit)) {
		outcomes.set(id, result.ok ? { ok: true, status: 'C' } : { ok: false, failure: prefixed('Saved and submitted, but Audit failed', result.failure) });
	}
	return outcomes;
}

/** UnAudit these records (audited, about to be changed); one result per id. */
export async function unAudit(client: KingdeeClient, target: StatusTarget, ids: string[]): Promise<Map<string, StatusOutcome>> {
	const outcomes = new Map<string, StatusOutcome>();
	for (const [id, result] of await byIds(client, SERVICES.unAudit, target, ids)) {
		outcomes.set(id, result.ok ? { ok: true, status: 'D' } : { ok: false, failure: prefixed('UnAudit before the update failed', result.failure) });
	}
	return outcomes;
}

/**
 * One status service for many records (`Ids: "1,2,3"`), in chunks; a chunk refused as a whole is sent again one
 * record at a time, so only the records Kingdee refuses fail. A call whose answer was lost fails its records: the
 * next run reads their status again before doing anything.
 */
async function byIds(client: KingdeeClient, service: string, target: StatusTarget, ids: string[]): Promise<Map<string, RowResult>> {
	const results = new Map<string, RowResult>();
	const send = async (part: string[]) => {
		const result = await client.form(service, target.formId, { Ids: part.join(',') }, { write: true });
		const rows = rowsOfAnswer(result, part.length, { by: 'id', values: part });
		part.forEach((id, index) => {
			const row = rows.find((r) => r.index === index);
			results.set(id, row ?? { index, ok: false, failure: { code: 'UNREPORTED', message: 'Kingdee did not report this record' } });
		});
	};
	for (const part of chunk(ids, Math.max(1, target.batchSize))) {
		try {
			await send(part);
		} catch (error) {
			if (part.length > 1 && error instanceof NodeApiError && apiCodeOf(error) !== undefined) {
				for (const id of part) {
					try {
						await send([id]);
					} catch (single) {
						results.set(id, { index: 0, ok: false, failure: failureOf(single) });
					}
				}
			} else part.forEach((id) => results.set(id, { index: 0, ok: false, failure: failureOf(error) }));
		}
	}
	return results;
}

/** The service's code and message of a thrown error, without the "<service> API error <code>:" prefix. */
function failureOf(error: unknown): ApiFailure {
	const message = (error instanceof Error ? error.message : String(error)).replace(/^.* API error [^:]+: /, '');
	return { code: apiCodeOf(error) ?? 'ERROR', message, hint: (error as { description?: string }).description ?? undefined };
}

function prefixed(what: string, failure: ApiFailure): ApiFailure {
	return { ...failure, message: `${what}: ${failure.message}` };
}

function notSubmittable(status: string | undefined): string {
	if (status === undefined) return 'the record was not found when its status was read';
	if (status === 'Z') return 'the record is a draft (暂存); save it to submit and audit it';
	return `document status "${status}" cannot be submitted`;
}

/** Internal ids are numbers; anything else is quoted as a FilterString literal. */
function literal(id: string): string {
	return /^\d+$/.test(id) ? id : `'${id.replace(/'/g, "''")}'`;
}
