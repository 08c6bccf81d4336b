/**
 * The WebAPI services: `POST /k3cloud/<service>.common.kdsvc` with the SDK's bodies (`{formid, data}`,
 * `{data}` for ExecuteBillQuery). Every answer is HTTP 200 with Kingdee's envelope; injected 5xx faults are HTTP 500.
 */
import type { EmuRequest, EmuResponse } from '../common/server';
import {
	batchAnswer,
	CALL_LIMIT,
	CONTEXT_LOST,
	failureAnswer,
	operationAnswer,
	pushAnswer,
	saveAnswer,
	type RowEntity,
	type RowMessage,
} from './answers';
import { authenticate, login } from './auth';
import { findForm } from './forms';
import { executeBillQuery } from './query';
import { applyModel, changeStatus, pushOrder, saveOptionsOf, viewOf } from './records';
import type { KingdeeState, StoredRecord } from './state';
import { prop, RowFault } from './values';

const STUB = 'kingdee.bos.webapi.servicesstub.';
const WRITES = new Set(['save', 'batchsave', 'draft', 'submit', 'audit', 'unaudit', 'delete', 'push', 'excuteoperation']);

export function serviceOf(path: string): string | undefined {
	const m = /^\/k3cloud\/([^/]+)\.common\.kdsvc$/i.exec(path);
	return m ? m[1] : undefined;
}

const json = (body: unknown, extra: Partial<EmuResponse> = {}): EmuResponse => ({ status: 200, body, ...extra });

export function handleService(state: KingdeeState, req: EmuRequest, service: string): EmuResponse {
	const name = service.toLowerCase();
	const short = name.startsWith(STUB) ? name.slice(name.lastIndexOf('.') + 1) : name;
	const isQuery = short === 'executebillquery';
	const wrap = (answer: unknown) => (isQuery ? [[answer]] : answer);
	const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;

	if (name === `${STUB}authservice.loginbyappsecret` || name === `${STUB}authservice.validateuser`) {
		const answer = login(state, body, name.endsWith('loginbyappsecret') ? 'appSecret' : 'password');
		return json(answer.body, answer.cookies.length ? { headers: { 'set-cookie': answer.cookies as unknown as string } } : {});
	}
	if (!name.startsWith(`${STUB}dynamicformservice.`))
		return {
			status: 404,
			body: `<html><body>404 - ${service} not found</body></html>`,
			headers: { 'content-type': 'text/html' },
		};

	const auth = authenticate(state, req);
	const data = (typeof body.data === 'string' ? JSON.parse(body.data) : (body.data ?? {})) as Record<string, unknown>;
	const formId = String(body.formid ?? body.formId ?? prop(data, 'FormId') ?? '');
	const rows = Array.isArray(data.Model)
		? data.Model.length
		: Array.isArray(data.Numbers) && data.Numbers.length
			? data.Numbers.length
			: typeof data.Ids === 'string' && data.Ids
				? data.Ids.split(',').length
				: 1;
	const log = (ok: boolean) =>
		state.log({ service: short, formId: formId || undefined, rows, auth: auth.ok ? auth.via : 'none', ok });
	if (!auth.ok) {
		state.stat.contextLost++;
		if (auth.reason !== 'session lost' && auth.reason !== 'no credentials')
			state.stat.signatureFailures[auth.reason] = (state.stat.signatureFailures[auth.reason] ?? 0) + 1;
		log(false);
		return json(wrap(failureAnswer(state, 1, CONTEXT_LOST)));
	}
	if (!state.allowCall(auth.user)) {
		state.stat.throttled++;
		log(false);
		return json(wrap(failureAnswer(state, 14, CALL_LIMIT)));
	}
	if (WRITES.has(short) && state.beforeNextWrite) {
		const hook = state.beforeNextWrite;
		state.beforeNextWrite = undefined;
		hook();
	}
	try {
		const answer = run(state, short, formId, data);
		log(true);
		if (WRITES.has(short) && state.dropThisWrite()) return { destroy: true };
		return json(answer);
	} catch (e) {
		if (!(e instanceof RowFault)) throw e;
		log(false);
		const errors = [{ FieldName: e.fieldName, Message: e.message, DIndex: 0 }];
		if (short === 'save' || short === 'draft') return json(saveAnswer(state, { errors, msgCode: e.msgCode }));
		if (short === 'batchsave') return json(batchAnswer(state, { errors, msgCode: e.msgCode }, []));
		return json(wrap(failureAnswer(state, e.msgCode, e.message, e.fieldName)));
	}
}

function formOf(formId: string) {
	const form = findForm(formId);
	if (!form) throw new RowFault(null, `业务对象“${formId}”不存在`, 5);
	return form;
}

function run(state: KingdeeState, service: string, formId: string, data: Record<string, unknown>): unknown {
	switch (service) {
		case 'executebillquery':
			return executeBillQuery(state, data);
		case 'save':
		case 'draft': {
			const form = formOf(formId);
			const { record, created } = applyModel(
				state,
				form,
				prop(data, 'Model'),
				saveOptionsOf(data, service === 'save' ? 'save' : 'draft'),
			);
			commit(state, record, created);
			return saveAnswer(
				state,
				{ successes: [{ Id: record.id, Number: record.number, DIndex: 0 }] },
				{ id: record.id, number: record.number },
			);
		}
		case 'batchsave':
			return batchSave(state, formOf(formId), data);
		case 'submit':
		case 'audit':
		case 'unaudit':
		case 'delete':
			return statusChange(state, formOf(formId), data, service);
		case 'excuteoperation':
			throw new RowFault(null, '请使用 opNumber', 3);
		case 'view': {
			const form = formOf(formId);
			const record = pickOne(state, form.id, data);
			return { Result: { ResponseStatus: null, Result: viewOf(state, form, record, 2052) } };
		}
		case 'push':
			return push(state, formOf(formId), data);
		default:
			throw new RowFault(null, `不支持的服务 ${service}`, 3);
	}
}

function commit(state: KingdeeState, record: StoredRecord, created: boolean): void {
	state.insert(record);
	if (created) state.stat.created++;
	else state.stat.updated++;
}

function batchSave(state: KingdeeState, form: ReturnType<typeof formOf>, data: Record<string, unknown>): unknown {
	const models = prop(data, 'Model');
	if (!Array.isArray(models)) throw new RowFault(null, 'Model 应为数组', 8);
	const options = saveOptionsOf(data, 'save');
	const errors: RowMessage[] = [];
	const saved: Array<{ record: StoredRecord; created: boolean; index: number }> = [];
	models.forEach((model, index) => {
		try {
			const result = applyModel(state, form, model, options);
			// Rows are applied one by one, so that a later row sees an earlier row's number as taken.
			if (!state.batchAllOrNothing) commit(state, result.record, result.created);
			saved.push({ ...result, index });
		} catch (e) {
			if (!(e instanceof RowFault)) throw e;
			errors.push({ FieldName: e.fieldName, Message: e.message, DIndex: index });
		}
	});
	if (state.batchAllOrNothing) {
		if (errors.length) return batchAnswer(state, { errors }, []);
		saved.forEach((s) => commit(state, s.record, s.created));
	}
	const successes: RowEntity[] = saved.map((s) => ({ Id: s.record.id, Number: s.record.number, DIndex: s.index }));
	return batchAnswer(state, { errors, successes }, []);
}

function keysOf(data: Record<string, unknown>): Array<{ number?: string; id?: number }> {
	const numbers = prop(data, 'Numbers');
	const ids = prop(data, 'Ids');
	if (typeof ids === 'string' && ids.trim()) return ids.split(',').map((id) => ({ id: Number(id.trim()) }));
	if (Array.isArray(numbers) && numbers.length) return numbers.map((n) => ({ number: String(n) }));
	throw new RowFault(null, '请传入单据编码(Numbers)或单据内码(Ids)', 8);
}

function find(state: KingdeeState, formId: string, key: { number?: string; id?: number }): StoredRecord {
	const form = formOf(formId);
	const record = key.id !== undefined ? state.byId(form.id, key.id) : state.byNumber(form.id, key.number ?? '');
	if (!record) throw new RowFault(null, `${form.label}“${key.number ?? key.id}”不存在`, 10);
	return record;
}

function pickOne(state: KingdeeState, formId: string, data: Record<string, unknown>): StoredRecord {
	const id = prop(data, 'Id');
	const number = prop(data, 'Number');
	if (id !== undefined && id !== '' && id !== 0) return find(state, formId, { id: Number(id) });
	if (number !== undefined && number !== '') return find(state, formId, { number: String(number) });
	throw new RowFault(null, '请传入单据编码(Number)或单据内码(Id)', 8);
}

function statusChange(state: KingdeeState, form: ReturnType<typeof formOf>, data: Record<string, unknown>, op: string): unknown {
	const errors: RowMessage[] = [];
	const successes: RowEntity[] = [];
	keysOf(data).forEach((key, index) => {
		try {
			const record = find(state, form.id, key);
			changeStatus(state, form, record, op);
			successes.push({ Id: record.id, Number: record.number, DIndex: index });
		} catch (e) {
			if (!(e instanceof RowFault)) throw e;
			errors.push({ FieldName: e.fieldName, Message: e.message, DIndex: index });
		}
	});
	return operationAnswer(state, { errors, successes });
}

function push(state: KingdeeState, form: ReturnType<typeof formOf>, data: Record<string, unknown>): unknown {
	const target = String(prop(data, 'TargetFormId') ?? '');
	const rule = String(prop(data, 'RuleId') ?? '');
	const known =
		form.id === 'SAL_SaleOrder' &&
		(rule === 'SaleOrder-DeliveryNotice' || (rule === '' && target.toLowerCase() === 'sal_deliverynotice'));
	if (!known) throw new RowFault(null, `没有从“${form.id}”到“${target || rule}”的转换规则`, 8);
	const entryIds = String(prop(data, 'EntryIds') ?? '').trim();
	const sources = entryIds
		? [
				...new Set(
					entryIds
						.split(',')
						.map((e) => state.list(form.id).find((r) => (r.entries.FSaleOrderEntry ?? []).some((l) => l.entryId === Number(e)))),
				),
			].filter((r): r is StoredRecord => Boolean(r))
		: keysOf(data).map((key) => find(state, form.id, key));
	const convertErrors: RowMessage[] = [];
	const converted: RowEntity[] = [];
	const created: RowEntity[] = [];
	sources.forEach((order, index) => {
		try {
			const notice = pushOrder(state, order);
			commit(state, notice, true);
			converted.push({ Id: order.id, Number: order.number, DIndex: index });
			created.push({ Id: notice.id, Number: notice.number, DIndex: created.length });
		} catch (e) {
			if (!(e instanceof RowFault)) throw e;
			convertErrors.push({ FieldName: null, Message: e.message, DIndex: index });
		}
	});
	return pushAnswer(
		state,
		{ successes: created, ok: created.length > 0 && convertErrors.length === 0, errors: [] },
		{ successes: converted, errors: convertErrors, msgCode: convertErrors.length ? 12 : undefined },
	);
}
