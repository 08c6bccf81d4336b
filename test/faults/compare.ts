/**
 * The comparison at the end of a fault run: the target's final state against the fault-free run's.
 * A snapshot holds, per table, every stored row as its business key and its values, with what differs between
 * two runs by construction taken out (row ids, creation and update times) and references replaced by the key of
 * the row they point to. Rows are compared by key:
 *   lost        — a key the fault-free run stored and the fault run did not;
 *   duplicated  — extra rows for one key (the fault run stored the same item more than once);
 *   different   — a key stored in both with other values (a stale or partial write);
 *   unexpected  — a key only the fault run stored.
 */
import type { FxiaokeEmulator } from '../emulators/fxiaoke';
import { recordView, type KingdeeEmulator } from '../emulators/kingdee';
import type { MingdaoEmulator } from '../emulators/mingdao';

export interface SnapshotRow {
	key: string;
	values: Record<string, unknown>;
}

export type Snapshot = Record<string, SnapshotRow[]>;

export interface Comparison {
	/** Rows the fault-free run stored. */
	expected: number;
	lost: string[];
	duplicated: string[];
	different: Array<{ row: string; field: string; expected: unknown; actual: unknown }>;
	unexpected: string[];
	/** Keys stored more than once by the fault-free run itself (the template's own doing, not the faults'). */
	duplicatedWithoutFaults: string[];
}

/** Mingdao worksheets → snapshot; `keys` names the key field of each worksheet compared (alias → field alias). */
export function mingdaoSnapshot(md: MingdaoEmulator, keys: Record<string, string>): Snapshot {
	const sheets = md.state.listWorksheets();
	const keyById = new Map<string, { sheet: string; keyField: string }>();
	for (const sheet of sheets) if (keys[sheet.alias]) keyById.set(sheet.worksheetId, { sheet: sheet.alias, keyField: keys[sheet.alias] });
	// row id → business key, across the compared worksheets, for relation fields
	const rowKey = new Map<string, string>();
	for (const [alias, keyField] of Object.entries(keys)) {
		for (const row of md.state.listRows(alias)) rowKey.set(String(row.id), String(row[keyField] ?? ''));
	}
	const snapshot: Snapshot = {};
	for (const [alias, keyField] of Object.entries(keys)) {
		const sheet = sheets.find((s) => s.alias === alias);
		if (!sheet) throw new Error(`no worksheet ${alias}`);
		const relations = new Set(sheet.fields.filter((f) => f.type === 'Relation').map((f) => f.alias));
		snapshot[alias] = md.state.listRows(alias).map((row) => {
			const values: Record<string, unknown> = {};
			for (const [field, value] of Object.entries(row)) {
				if (field === 'id' || field.startsWith('_')) continue;
				values[field] = relations.has(field) && Array.isArray(value) ? value.map((id) => rowKey.get(String(id)) ?? `unknown row ${String(id)}`).sort() : value;
			}
			return { key: String(row[keyField] ?? ''), values };
		});
	}
	return snapshot;
}

export function compareSnapshots(expected: Snapshot, actual: Snapshot): Comparison {
	const out: Comparison = { expected: 0, lost: [], duplicated: [], different: [], unexpected: [], duplicatedWithoutFaults: [] };
	for (const table of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
		const want = group(expected[table] ?? []);
		const got = group(actual[table] ?? []);
		out.expected += want.size;
		for (const [key, rows] of want) {
			const name = `${table}/${key}`;
			if (rows.length > 1) out.duplicatedWithoutFaults.push(name);
			const stored = got.get(key);
			if (!stored) {
				out.lost.push(name);
				continue;
			}
			for (let extra = (stored.length - rows.length); extra > 0; extra--) out.duplicated.push(name);
			for (const row of stored) {
				for (const field of new Set([...Object.keys(rows[0].values), ...Object.keys(row.values)])) {
					if (!same(rows[0].values[field], row.values[field])) {
						out.different.push({ row: name, field, expected: rows[0].values[field], actual: row.values[field] });
					}
				}
			}
		}
		for (const key of got.keys()) if (!want.has(key)) out.unexpected.push(`${table}/${key}`);
	}
	return out;
}

/** True when nothing was lost, duplicated, changed or added. */
export function identical(c: Comparison): boolean {
	return c.lost.length + c.duplicated.length + c.different.length + c.unexpected.length === 0;
}

function group(rows: SnapshotRow[]): Map<string, SnapshotRow[]> {
	const map = new Map<string, SnapshotRow[]>();
	for (const row of rows) map.set(row.key, [...(map.get(row.key) ?? []), row]);
	return map;
}

function same(a: unknown, b: unknown): boolean {
	return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Kingdee forms → snapshot, keyed by bill or master-data number; ids, dates of the record's life, entry ids and line order out. */
export function kingdeeSnapshot(kd: KingdeeEmulator, forms: string[], key: (view: Record<string, any>) => string = (v) => String(v.number)): Snapshot {
	const snapshot: Snapshot = {};
	for (const form of forms) {
		snapshot[form] = kd.state.list(form).map((record) => {
			const view = recordView(kd.state, record) as Record<string, any>;
			const entries = Object.fromEntries(
				Object.entries(view.entries as Record<string, Array<Record<string, unknown>>>).map(([name, rows]) => [
					name,
					// Lines as a set: their order follows the source's query order, which no API defines.
					rows.map(({ entryId: _entryId, seq: _seq, ...rest }) => JSON.stringify(rest)).sort(),
				]),
			);
			return { key: key(view), values: { status: view.status, forbid: view.forbid, values: view.values, entries } };
		});
	}
	return snapshot;
}

/** Fxiaoke objects → snapshot: `fields` of each record (system fields such as times and versions left out). */
export function fxiaokeSnapshot(fx: FxiaokeEmulator, object: string, keyField: string, fields: string[]): Snapshot {
	return {
		[object]: fx.state
			.list(object)
			.filter((r) => r.life_status !== 'invalid')
			.map((r) => ({ key: String(r[keyField] ?? ''), values: Object.fromEntries(fields.map((f) => [f, r[f] ?? null])) })),
	};
}
