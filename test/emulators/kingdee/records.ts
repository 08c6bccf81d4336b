/**
 * Save semantics and the status flow of K3Cloud, as the official pages describe them:
 * - Save with internal id 0 / absent creates, with an id updates; NeedUpDateFields limits an update to those fields;
 *   IsDeleteEntry (default TRUE) deletes existing entry rows not in the model; rows with their FEntryID update
 *   that row, rows without it are added.
 * - Draft stores without validation (status Z, no number generated); Save validates (status A).
 * - Submit A/D → B, Audit B → C, UnAudit C → D; Delete only Z/A/D; an audited or submitted record cannot be saved.
 */
import { canonical, findForm, type FormDef } from './forms';
import { beijing, type DocStatus, type EntryRow, type KingdeeState, type StoredRecord } from './state';
import { isBlank, prop, RowFault, toStored, truthy } from './values';

const STATUS_NAME: Record<DocStatus, string> = { Z: '暂存', A: '创建', B: '审核中', C: '已审核', D: '重新审核' };

export interface SaveOptions {
	mode: 'save' | 'draft';
	isDeleteEntry: boolean;
	needUpdateFields: string[];
}

export function saveOptionsOf(data: Record<string, unknown>, mode: 'save' | 'draft'): SaveOptions {
	const fields = prop(data, 'NeedUpDateFields');
	return {
		mode,
		isDeleteEntry: truthy(prop(data, 'IsDeleteEntry'), true),
		needUpdateFields: Array.isArray(fields) ? fields.map((f) => String(f).toLowerCase()) : [],
	};
}

/** Validate and apply one model; returns the saved record (not yet stored) or throws RowFault. */
export function applyModel(
	state: KingdeeState,
	form: FormDef,
	model: unknown,
	options: SaveOptions,
): { record: StoredRecord; created: boolean } {
	if (!model || typeof model !== 'object' || Array.isArray(model)) throw new RowFault(null, 'Model 数据包格式不正确', 8);
	const m = model as Record<string, unknown>;
	const rawId = prop(m, form.idField);
	const id = rawId === undefined || rawId === null || rawId === '' ? 0 : Number(rawId);
	if (!Number.isFinite(id)) throw new RowFault(form.idField, `内码“${String(rawId)}”不正确`, 8);
	const existing = id ? state.byId(form.id, id) : undefined;
	if (id && !existing) throw new RowFault(form.idField, `内码为${id}的${form.label}不存在`, 10);
	if (existing && (existing.status === 'B' || existing.status === 'C')) {
		throw new RowFault(null, `${form.label}“${existing.number}”的单据状态为“${STATUS_NAME[existing.status]}”，不允许修改`, 12);
	}
	const record: StoredRecord = existing
		? {
				...existing,
				values: { ...existing.values },
				entries: Object.fromEntries(
					Object.entries(existing.entries).map(([k, rows]) => [k, rows.map((r) => ({ ...r, values: { ...r.values } }))]),
				),
			}
		: {
				id: 0,
				formId: form.id,
				number: '',
				status: 'Z',
				forbid: 'A',
				values: {},
				entries: {},
				createDate: '',
				modifyDate: '',
				approveDate: null,
			};
	const updating = Boolean(existing);
	const allowed = (key: string) =>
		!updating || options.needUpdateFields.length === 0 || options.needUpdateFields.includes(key.toLowerCase());

	for (const [rawKey, value] of Object.entries(m)) {
		const key = rawKey.trim();
		if (key.toLowerCase() === form.idField.toLowerCase()) continue;
		if (key.toLowerCase() === form.numberField.toLowerCase()) {
			if (!allowed(key) || isBlank(value)) continue;
			const number = String(value).trim();
			const other = state.byNumber(form.id, number);
			if (other && other.id !== record.id)
				throw new RowFault(form.numberField, `编码“${number}”已经被使用，${form.label}编码不能重复`);
			record.number = number;
			continue;
		}
		const header = canonical(form.header, key);
		if (header) {
			if (allowed(header)) record.values[header] = toStored(state, header, form.header[header], value);
			continue;
		}
		const entryKey = canonical(form.entries, key);
		if (entryKey) {
			if (!allowed(entryKey)) continue;
			if (!Array.isArray(value)) throw new RowFault(entryKey, `单据体“${form.entries[entryKey].label}”应为数组`, 8);
			record.entries[entryKey] = applyEntry(
				state,
				form,
				entryKey,
				record.entries[entryKey] ?? [],
				value,
				options.isDeleteEntry || !updating,
			);
		}
		// Other keys (read-only or unknown fields) are ignored, as Kingdee does.
	}

	if (options.mode === 'save') {
		for (const [key, def] of Object.entries(form.header)) {
			if (def.required && isBlank(record.values[key])) throw new RowFault(key, `字段“${def.label}”是必填项`);
		}
		for (const [entryKey, entry] of Object.entries(form.entries)) {
			const rows = record.entries[entryKey] ?? [];
			if (form.kind === 'bill' && rows.length === 0) throw new RowFault(entryKey, `单据体“${entry.label}”至少需要一行`);
			rows.forEach((row, n) => {
				for (const [key, def] of Object.entries(entry.fields)) {
					if (def.required && isBlank(row.values[key])) throw new RowFault(key, `第${n + 1}行分录，字段“${def.label}”是必填项`);
					if (def.positive && !(Number(row.values[key]) > 0)) throw new RowFault(key, `第${n + 1}行分录，${def.label}必须大于0`);
				}
			});
		}
		if (!record.number) record.number = state.newNumber(form);
	}
	const now = beijing(state.now());
	if (!record.id) {
		record.id = state.newId();
		record.createDate = now;
	}
	if (options.mode === 'save' && (record.status === 'Z' || !updating)) record.status = 'A';
	record.modifyDate = now;
	return { record, created: !updating };
}

function applyEntry(
	state: KingdeeState,
	form: FormDef,
	entryKey: string,
	current: EntryRow[],
	rows: unknown[],
	deleteOthers: boolean,
): EntryRow[] {
	const def = form.entries[entryKey];
	const kept = new Map(current.map((r) => [r.entryId, r]));
	const touched = new Set<number>();
	const out: EntryRow[] = deleteOthers ? [] : [...current];
	rows.forEach((raw, n) => {
		if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new RowFault(entryKey, `第${n + 1}行分录格式不正确`, 8);
		const row = raw as Record<string, unknown>;
		const entryId = Number(prop(row, 'FEntryID') ?? 0) || 0;
		let target = entryId ? kept.get(entryId) : undefined;
		if (entryId && !target) throw new RowFault('FEntryID', `第${n + 1}行分录内码${entryId}不存在`, 10);
		if (!target) {
			target = { entryId: state.newEntryId(), seq: 0, values: {} };
			out.push(target);
		} else if (deleteOthers) out.push(target);
		touched.add(target.entryId);
		for (const [rawKey, value] of Object.entries(row)) {
			const key = canonical(def.fields, rawKey.trim());
			if (key) target.values[key] = toStored(state, key, def.fields[key], value);
		}
	});
	out.forEach((r, i) => (r.seq = i + 1));
	return out;
}

/** Submit, Audit, UnAudit, Delete, Forbid, Enable on one record; throws RowFault when the status forbids it. */
export function changeStatus(state: KingdeeState, form: FormDef, record: StoredRecord, op: string): void {
	const refuse = (what: string) => {
		throw new RowFault(null, `${form.label}“${record.number}”的单据状态为“${STATUS_NAME[record.status]}”，不能${what}`, 12);
	};
	const now = beijing(state.now());
	switch (op) {
		case 'submit':
			if (record.status !== 'A' && record.status !== 'D') refuse('提交');
			record.status = 'B';
			break;
		case 'audit':
			if (record.status !== 'B') refuse('审核');
			record.status = 'C';
			record.approveDate = now;
			break;
		case 'unaudit':
			if (record.status !== 'C') refuse('反审核');
			record.status = 'D';
			record.approveDate = null;
			break;
		case 'delete':
			if (record.status === 'B' || record.status === 'C') refuse('删除');
			state.table(form.id).delete(record.id);
			state.stat.deleted++;
			return;
		case 'forbid':
			record.forbid = 'B';
			break;
		case 'enable':
			record.forbid = 'A';
			break;
		default:
			throw new RowFault(null, `不支持的操作“${op}”`, 3);
	}
	record.modifyDate = now;
}

/** View's `Result.Result`: keys without the leading F, names multi-language, references as objects. */
export function viewOf(state: KingdeeState, form: FormDef, record: StoredRecord, lcid: number): Record<string, unknown> {
	const multi = (value: unknown) => [{ Key: lcid, Value: value ?? '' }];
	const short = (key: string) => key.replace(/^F/, '');
	const render = (defs: FormDef['header'], values: Record<string, unknown>, out: Record<string, unknown>) => {
		for (const [key, def] of Object.entries(defs)) {
			const value = values[key] ?? null;
			if (typeof def.type === 'object') {
				const refForm = findForm(def.type.ref)!;
				const ref = typeof value === 'number' ? state.byId(refForm.id, value) : undefined;
				out[`${short(key)}_Id`] = ref?.id ?? 0;
				out[short(key)] = ref ? { Id: ref.id, Number: ref.number, Name: multi(ref.values.FName) } : null;
			} else out[short(key)] = key === 'FName' ? multi(value) : (value ?? ' ');
		}
	};
	const out: Record<string, unknown> = { Id: record.id };
	out[form.kind === 'base' ? 'Number' : 'BillNo'] = record.number;
	out.DocumentStatus = record.status;
	out.ForbidStatus = record.forbid;
	render(form.header, record.values, out);
	out.CreateDate = record.createDate;
	out.FModifyDate = record.modifyDate;
	out.ApproveDate = record.approveDate;
	for (const [entryKey, entry] of Object.entries(form.entries)) {
		out[short(entryKey)] = (record.entries[entryKey] ?? []).map((row) => {
			const line: Record<string, unknown> = { Id: row.entryId, Seq: row.seq };
			render(entry.fields, row.values, line);
			return line;
		});
	}
	return out;
}

/** Push SAL_SaleOrder → SAL_DELIVERYNOTICE (the one conversion the emulator knows): one notice per audited order. */
export function pushOrder(state: KingdeeState, order: StoredRecord): StoredRecord {
	if (order.status !== 'C') throw new RowFault(null, `销售订单“${order.number}”未审核，不能下推`, 12);
	const form = findForm('SAL_DELIVERYNOTICE')!;
	const now = beijing(state.now());
	const lines = (order.entries.FSaleOrderEntry ?? []).map((row, i) => ({
		entryId: state.newEntryId(),
		seq: i + 1,
		values: { FMaterialID: row.values.FMaterialId, FQty: row.values.FQty, FSrcBillNo: order.number, FSrcType: 'SAL_SaleOrder' },
	}));
	return {
		id: state.newId(),
		formId: form.id,
		number: state.newNumber(form),
		status: 'A',
		forbid: 'A',
		values: {
			FDate: `${now.slice(0, 10)}T00:00:00`,
			FCustomerID: order.values.FCustId,
			FDeliveryOrgID: order.values.FSaleOrgId,
			FNote: `由销售订单${order.number}下推`,
		},
		entries: { FEntity: lines },
		createDate: now,
		modifyDate: now,
		approveDate: null,
	};
}
