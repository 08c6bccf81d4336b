/** Test helpers, not part of the emulator: a raw signed client for calling it, and the credentials the tests use. */
import axios from 'axios';
import { signatureHeaders } from '../../../nodes/KingdeeK3Cloud/sign';
import { findForm } from './forms';
import { applyModel, changeStatus, pushOrder, saveOptionsOf } from './records';
import { DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET } from './state';
import type { KingdeeState, StoredRecord } from './state';

export const STUB = 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService';

export function kingdeeCreds(
	url: string,
	mode: 'signature' | 'appSecretLogin' | 'passwordLogin' = 'signature',
	extra: Record<string, unknown> = {},
) {
	return {
		serverUrl: `${url}/`,
		acctId: DEFAULT_ACCT_ID,
		userName: 'demo',
		authMode: mode,
		appId: DEFAULT_APP_ID,
		appSecret: DEFAULT_APP_SECRET,
		password: 'emu_password',
		lcid: 2052,
		orgNumber: '0',
		requestsPerSecond: 0,
		...extra,
	};
}

/** POST a service with signed headers (the official SDK's way), as a raw test client. */
export async function signedCall(url: string, service: string, body: unknown, user = 'demo') {
	const full = `${url}/${service}.common.kdsvc`;
	const headers = signatureHeaders({
		url: full,
		acctId: DEFAULT_ACCT_ID,
		userName: user,
		appId: DEFAULT_APP_ID,
		appSecret: DEFAULT_APP_SECRET,
		lcid: 2052,
		orgNumber: '0',
		unixTime: Date.now() / 1000,
	});
	return axios.post(full, body, { headers, validateStatus: () => true });
}

/** In-process seeding for tests: save models with Save semantics (not counted in stats), optionally audited. */
export function seedRecords(
	state: KingdeeState,
	formId: string,
	models: Array<Record<string, unknown>>,
	status: 'A' | 'C' = 'A',
): StoredRecord[] {
	const form = findForm(formId);
	if (!form) throw new Error(`unknown form ${formId}`);
	return models.map((model) => {
		const { record } = applyModel(state, form, model, saveOptionsOf({}, 'save'));
		state.insert(record);
		if (status === 'C') ['submit', 'audit'].forEach((op) => changeStatus(state, form, record, op));
		return record;
	});
}

/** Submit / Audit / UnAudit a record as a Kingdee user would (its modify date moves). */
export function setStatus(state: KingdeeState, formId: string, number: string, ops: Array<'submit' | 'audit' | 'unaudit'>): StoredRecord {
	const form = findForm(formId)!;
	const record = state.byNumber(form.id, number);
	if (!record) throw new Error(`no ${formId} ${number}`);
	ops.forEach((op) => changeStatus(state, form, record, op));
	return record;
}

/** Push an audited sales order to a delivery notice (the emulator's one conversion rule). */
export function pushToDeliveryNotice(state: KingdeeState, orderNumber: string): StoredRecord {
	const order = state.byNumber('SAL_SaleOrder', orderNumber);
	if (!order) throw new Error(`no sales order ${orderNumber}`);
	const notice = pushOrder(state, order);
	state.insert(notice);
	return notice;
}
