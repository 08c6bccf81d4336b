/** `/__emulator/...`: inspect and steer the emulator over HTTP (e2e tests, the sandbox). Never counted in stats. */
import type { EmuRequest, EmuResponse } from '../common/server';
import { findForm } from './forms';
import { applyModel, changeStatus, saveOptionsOf } from './records';
import type { KingdeeState, StoredRecord } from './state';
import { RowFault } from './values';

const ok = (body: unknown): EmuResponse => ({ body });

/** A record as tests read it: number, status, plain values (references as numbers) and entry lines. */
export function recordView(state: KingdeeState, record: StoredRecord): Record<string, unknown> {
	const form = findForm(record.formId)!;
	const plain = (defs: Record<string, { type: unknown }>, values: Record<string, unknown>) =>
		Object.fromEntries(
			Object.entries(values).map(([key, value]) => {
				const type = defs[key]?.type as { ref?: string } | string | undefined;
				const ref = typeof type === 'object' && type?.ref && typeof value === 'number' ? state.byId(type.ref, value) : undefined;
				return [key, ref ? ref.number : value];
			}),
		);
	return {
		id: record.id,
		number: record.number,
		status: record.status,
		forbid: record.forbid,
		values: plain(form.header, record.values),
		entries: Object.fromEntries(
			Object.entries(record.entries).map(([key, rows]) => [
				key,
				rows.map((r) => ({ entryId: r.entryId, seq: r.seq, ...plain(form.entries[key].fields, r.values) })),
			]),
		),
		createDate: record.createDate,
		modifyDate: record.modifyDate,
	};
}

export function handleControl(state: KingdeeState, req: EmuRequest): EmuResponse {
	const parts = req.path.split('/').filter(Boolean).slice(1); // drop "__emulator"
	const route = `${req.method} ${parts[0] ?? ''}${parts.length > 1 ? '/:form' : ''}`;
	const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
	try {
		switch (route) {
			case 'GET stats':
				return ok(state.stats());
			case 'POST reset-stats':
				state.resetStats();
				return ok({ ok: true });
			case 'POST reset':
				state.reset(body);
				return ok({ ok: true });
			case 'GET faults':
				return ok(state.faults);
			case 'POST faults':
				return ok(state.setFaults(body));
			case 'POST expire-sessions':
				return ok({ expired: state.expireSessions() });
			case 'POST advance-clock':
				state.clockOffsetMs += Number(body.ms) || 0;
				return ok({ clockOffsetMs: state.clockOffsetMs });
			case 'GET records/:form':
				return ok(state.list(parts[1]).map((r) => recordView(state, r)));
			case 'POST records/:form': {
				// Seed: body {models: [...], status?: 'C'}; Save semantics, not counted.
				const form = findForm(parts[1]);
				if (!form) return { status: 404, body: { error: `unknown form ${parts[1]}` } };
				const created = (Array.isArray(body.models) ? body.models : []).map((model) => {
					const { record } = applyModel(state, form, model, saveOptionsOf({}, 'save'));
					state.insert(record);
					if (body.status === 'C') ['submit', 'audit'].forEach((op) => changeStatus(state, form, record, op));
					return recordView(state, record);
				});
				return ok(created);
			}
		}
	} catch (e) {
		return { status: 400, body: { error: e instanceof RowFault ? `${e.fieldName ?? ''} ${e.message}` : String(e) } };
	}
	return { status: 404, body: { error: `unknown control route ${req.method} ${req.path}` } };
}
