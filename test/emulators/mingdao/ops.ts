/** Row operations shared by v3, v2 and the control API: validate everything first, then change state. */
import { randomUUID } from 'node:crypto';
import { ERR, MdError, missing } from './errors';
import { beijingNow, type FieldInfo, type MingdaoState, type StoredRow, type WorksheetInfo } from './state';
import { isEmpty, normalizeV2, toCanonical, toV2, toV3 } from './values';

export type Dialect = 'v3' | 'v2';

export function requireWorksheet(state: MingdaoState, idOrAlias: unknown): WorksheetInfo {
	if (typeof idOrAlias !== 'string' || !idOrAlias) throw missing('worksheetId');
	const ws = state.findWorksheet(idOrAlias);
	// Mingdao answers "no permission" for a worksheet the key cannot see, including one that does not exist.
	if (!ws) throw new MdError(ERR.noPermission, `没有权限: 工作表 ${idOrAlias} 不存在或不属于该应用`);
	return ws;
}

export function requireRow(ws: WorksheetInfo, rowId: unknown): StoredRow {
	if (typeof rowId !== 'string' || !rowId) throw missing('rowId');
	const row = ws.rows.get(rowId);
	if (!row) throw new MdError(ERR.rowNotFound, `记录不存在或已删除: ${rowId}`);
	return row;
}

/** `[{id|controlId, value}]` → canonical values keyed by field id. */
function parseFields(state: MingdaoState, ws: WorksheetInfo, items: unknown, dialect: Dialect): Record<string, unknown> {
	if (!Array.isArray(items)) throw missing(dialect === 'v3' ? 'fields must be an array' : 'controls must be an array');
	const out: Record<string, unknown> = {};
	for (const item of items as any[]) {
		const ref = item?.id ?? item?.controlId;
		if (typeof ref !== 'string' || !ref) throw missing(`field id is required (${JSON.stringify(item)})`);
		const field = state.findField(ws, ref);
		if (!field) throw new MdError(ERR.badValue, `字段不存在: ${ref}`);
		const raw = dialect === 'v2' ? normalizeV2(field, item.value) : item.value;
		out[field.id] = toCanonical(field, raw, state);
	}
	return out;
}

function checkRequired(ws: WorksheetInfo, values: Record<string, unknown>, creating: boolean): void {
	for (const f of ws.fields) {
		if (!f.required) continue;
		const touched = creating || f.id in values;
		if (touched && isEmpty(values[f.id])) throw new MdError(ERR.requiredEmpty, `必填字段为空: ${f.alias} (${f.name})`);
	}
}

/** Unique fields: no two live rows (existing or in this call) may share a non-empty value. */
function checkUnique(ws: WorksheetInfo, candidates: { id?: string; values: Record<string, unknown> }[]): void {
	const replaced = new Set(candidates.map((c) => c.id).filter(Boolean));
	for (const f of ws.fields.filter((x) => x.unique)) {
		const seen = new Set<string>();
		for (const r of ws.rows.values()) {
			if (!replaced.has(r.id) && !isEmpty(r.values[f.id])) seen.add(JSON.stringify(r.values[f.id]));
		}
		for (const c of candidates) {
			const v = c.values[f.id];
			if (isEmpty(v)) continue;
			const key = JSON.stringify(v);
			if (seen.has(key)) throw new MdError(ERR.duplicate, `数据重复: 字段 ${f.alias} (${f.name}) 的值 ${key} 已存在`);
			seen.add(key);
		}
	}
}

export function createRows(state: MingdaoState, ws: WorksheetInfo, rows: unknown[], dialect: Dialect): string[] {
	const parsed = rows.map((items) => parseFields(state, ws, items, dialect));
	parsed.forEach((values) => checkRequired(ws, values, true));
	checkUnique(ws, parsed.map((values) => ({ values })));
	const now = beijingNow();
	return parsed.map((values) => {
		for (const f of ws.fields) if (f.type === 'AutoNumber') values[f.id] = ++ws.autoNumber;
		const row: StoredRow = { id: randomUUID(), createdAt: now, updatedAt: now, seq: ++ws.seq, values };
		ws.rows.set(row.id, row);
		return row.id;
	});
}

/** The same values for every row (v3 PATCH, v2 editRow/editRows); all rows must exist. */
export function updateRows(state: MingdaoState, ws: WorksheetInfo, rowIds: unknown[], items: unknown, dialect: Dialect): number {
	const rows = [...new Set(rowIds)].map((id) => requireRow(ws, id));
	return applyUpdate(state, ws, rows, items, dialect);
}

/**
 * v3 PATCH rows/batch: `{successfulRowIds, failedRowIds}`. A bad value refuses the whole call (nothing written);
 * a row that does not exist (or is refused by the `refuseUpdateRowIds` fault) is listed in failedRowIds while
 * the others are updated. The reference does not say which rows Mingdao fails this way; these are our choice.
 */
export function updateRowsBatch(state: MingdaoState, ws: WorksheetInfo, rowIds: string[], items: unknown) {
	const ids = [...new Set(rowIds)];
	const refused = new Set(state.faults.refuseUpdateRowIds);
	const rows = ids.filter((id) => ws.rows.has(id) && !refused.has(id)).map((id) => ws.rows.get(id)!);
	if (rows.length) applyUpdate(state, ws, rows, items, 'v3');
	else parseFields(state, ws, items, 'v3'); // bad values are refused even when every row fails
	const ok = new Set(rows.map((r) => r.id));
	return { successfulRowIds: ids.filter((id) => ok.has(id)), failedRowIds: ids.filter((id) => !ok.has(id)) };
}

function applyUpdate(state: MingdaoState, ws: WorksheetInfo, rows: StoredRow[], items: unknown, dialect: Dialect): number {
	const patch = parseFields(state, ws, items, dialect);
	checkRequired(ws, patch, false);
	checkUnique(ws, rows.map((r) => ({ id: r.id, values: { ...r.values, ...patch } })));
	const now = beijingNow();
	for (const r of rows) {
		Object.assign(r.values, patch);
		r.updatedAt = now;
	}
	return rows.length;
}

/** Soft delete keeps the row in the recycle bin; either way the API no longer finds it. */
export function deleteRows(ws: WorksheetInfo, rowIds: unknown[], permanent: boolean): number {
	const rows = [...new Set(rowIds)].map((id) => requireRow(ws, id));
	for (const r of rows) {
		ws.rows.delete(r.id);
		if (!permanent) ws.recycleBin.set(r.id, r);
	}
	return rows.length;
}

/** Control API seeding: objects keyed by field alias or id, values in v3 write format. */
export function seedRows(state: MingdaoState, ws: WorksheetInfo, rows: unknown): string[] {
	if (!Array.isArray(rows)) throw missing('rows must be an array');
	return createRows(state, ws, rows.map((o) => Object.entries(o ?? {}).map(([id, value]) => ({ id, value }))), 'v3');
}

/** Who wrote rows through the API, and the unset owner, as the reference's examples show them. */
const API_USER = { accountId: 'user-api', fullname: 'API', avatar: 'https://p1.mingdaoyun.cn/UserAvatar/worksheetapi.png' };
const NO_OWNER = { accountId: 'user-undefined', fullname: '未指定', avatar: 'https://p1.mingdaoyun.cn/UserAvatar/undefined.gif' };

/** v3: `{id, _createdAt, _createdBy, _updatedAt, _updatedBy, _owner, <alias or id>: value}`; v2: `{rowid, ctime, utime, …}`. */
export function formatRow(
	state: MingdaoState,
	row: StoredRow,
	fields: FieldInfo[],
	opts: { dialect: Dialect; byId: boolean },
): Record<string, unknown> {
	const out: Record<string, unknown> =
		opts.dialect === 'v3'
			? {
					id: row.id,
					_createdAt: row.createdAt,
					_createdBy: { ...API_USER },
					_updatedAt: row.updatedAt,
					_updatedBy: { ...API_USER },
					_owner: { ...NO_OWNER },
				}
			: { rowid: row.id, ctime: row.createdAt, utime: row.updatedAt };
	for (const f of fields) {
		const v = row.values[f.id] ?? null;
		out[opts.byId ? f.id : f.alias] = opts.dialect === 'v3' ? toV3(f, v, state) : toV2(f, v, state);
	}
	return out;
}

/** `fields`/`controls` projection: unknown names are ignored, as a lenient API would. */
export function pickFields(state: MingdaoState, ws: WorksheetInfo, names: unknown): FieldInfo[] {
	if (!Array.isArray(names) || names.length === 0) return ws.fields;
	return names.map((n) => state.findField(ws, n)).filter((f): f is FieldInfo => !!f);
}

export function pageArgs(pageIndex: unknown, pageSize: unknown, defaultSize = 50): { index: number; size: number } {
	const index = pageIndex === undefined || pageIndex === null ? 1 : Number(pageIndex);
	const size = pageSize === undefined || pageSize === null ? defaultSize : Number(pageSize);
	if (!Number.isInteger(index) || index < 1) throw missing(`pageIndex must be an integer ≥ 1, got ${pageIndex}`);
	if (!Number.isInteger(size) || size < 1 || size > 1000) throw missing(`pageSize must be 1..1000, got ${pageSize}`);
	return { index, size };
}

export function requireIdList(value: unknown, name: string, max: number): string[] {
	if (!Array.isArray(value) || value.length === 0) throw missing(`${name} must be a non-empty array`);
	if (value.length > max) throw missing(`${name} takes at most ${max} items, got ${value.length}`);
	return value as string[];
}
