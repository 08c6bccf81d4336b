/**
 * The three Fxiaoke ↔ Kingdee templates in workflows/, imported into one real n8n (`n8n start`) and run as active
 * workflows against both emulators, as a user would: polls are driven by deactivate/activate. Assertions are on
 * the emulators' final state: counts, field mapping, write-backs, no duplicates on re-runs, rows refused by one
 * side reported on the error output and completed on a later poll after the data is fixed, and runs that fail
 * after the trigger emitted (a service down for a poll) re-delivered with an exact final state.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime, itemsOf, type RunOutput } from './harness/n8n';
import { PKG } from './harness/workflow';
import { startFxiaokeEmulator, type FxiaokeEmulator } from '../emulators/fxiaoke';
import {
	DEFAULT_ACCT_ID,
	DEFAULT_APP_ID,
	DEFAULT_APP_SECRET,
	recordView,
	startKingdeeEmulator,
	type KingdeeEmulator,
} from '../emulators/kingdee';
import { pushToDeliveryNotice, seedRecords, setStatus } from '../emulators/kingdee/testing';

jest.setTimeout(10 * 60 * 1000);

type Json = Record<string, unknown>;
const ROOT = path.resolve(__dirname, '../..');
const CREDS = {
	fxiaokeApi: { id: 'erpFxiaoke00001', name: 'Fxiaoke' },
	kingdeeK3CloudApi: { id: 'erpKingdee00001', name: 'Kingdee' },
};
const START = new Date(Date.now() - 24 * 3600_000).toISOString();

let fx: FxiaokeEmulator;
let kd: KingdeeEmulator;
let n8n: N8nInstance;

/** A template as shipped, with the test's credentials and a few settings changed. */
function template(file: string, id: string, patch: (nodes: Record<string, Json & { parameters: Json }>) => void): Json {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as Json & { nodes: Array<Json & { parameters: Json }> };
	for (const node of wf.nodes) {
		const type = String(node.type);
		if (type.startsWith(`${PKG}.fxiaoke`)) node.credentials = { fxiaokeApi: CREDS.fxiaokeApi };
		if (type.startsWith(`${PKG}.kingdeeK3Cloud`)) node.credentials = { kingdeeK3CloudApi: CREDS.kingdeeK3CloudApi };
		// Polls come from deactivate/activate only: the template's "every 5 minutes" fires at a random second of
		// every fifth minute, which would add runs the test does not expect (they would be correct, just unplanned).
		if (node.parameters.pollTimes) node.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };
	}
	patch(Object.fromEntries(wf.nodes.map((n) => [String(n.name), n])));
	return { ...wf, id, name: `${wf.name} (${id})` };
}

/** Start From a date a day back, and no pause before re-delivering a failed run (the default is 60 s). */
function fromYesterday(trigger: Json & { parameters: Json }): void {
	Object.assign(trigger.parameters, { startFrom: 'date', startDate: START, options: { redeliveryPauseSeconds: 0 } });
}

interface Run {
	status: string;
	output: RunOutput;
	/** The run's error and the first item error of each node's error output, to read when an assertion fails. */
	errors: string[];
}

/** Figures per poll, printed at the end: items emitted, calls and writes on each side. */
const figures: Array<Record<string, string | number>> = [];

const kdCalls = () => Object.values(kd.stats().calls).reduce((a, b) => a + b, 0);
const kdWrites = () => kd.stats().created + kd.stats().updated;
const fxWrites = () => fx.stats().creates + fx.stats().updates;

/** Activate (first poll) or re-poll a workflow, wait for the run it starts, and record its figures. */
async function poll(id: string, step: string, trigger: string, how: 'activate' | 'repoll' = 'repoll'): Promise<Run> {
	const before = { kd: kdCalls(), kdw: kdWrites(), fx: fx.stats().dataCalls, fxw: fxWrites(), runs: (await n8n.listExecutions(id)).length };
	const started = Date.now();
	if (how === 'activate') await n8n.activate(id);
	else await n8n.repoll(id, { timeoutMs: 60_000 });
	const rows = await n8n.waitForExecutions(id, before.runs + 1, 60_000);
	const last = rows[rows.length - 1];
	const detail = await n8n.getExecution(last.id);
	const output = { data: detail.data } as RunOutput;
	// Let the trigger's done promise settle before the next poll reads the outcome.
	await sleep(300);
	figures.push({
		step,
		status: last.status,
		emitted: itemsOf(output, trigger).length,
		kingdeeCalls: kdCalls() - before.kd,
		kingdeeWrites: kdWrites() - before.kdw,
		fxiaokeCalls: fx.stats().dataCalls - before.fx,
		fxiaokeWrites: fxWrites() - before.fxw,
		ms: Date.now() - started,
	});
	const errors = [String((output.data.resultData.error as Json | undefined)?.message ?? '')].filter(Boolean);
	for (const [node, runs] of Object.entries(output.data.resultData.runData)) {
		const failed = runs[runs.length - 1]?.data?.main?.[1]?.[0]?.json?.error;
		if (failed) errors.push(`${node}: ${String(failed)}`);
	}
	return { status: last.status, output, errors };
}

/** A poll that must start no run (nothing changed). */
async function quietPoll(id: string): Promise<void> {
	const before = (await n8n.listExecutions(id)).length;
	await n8n.repoll(id, { expectExecution: false });
	await sleep(1500);
	expect(await n8n.listExecutions(id)).toHaveLength(before);
}

/** Items on a node's error output ("On Error: Continue (using error output)") in its last run. */
function errorItems(output: RunOutput, node: string): Json[] {
	const runs = output.data.resultData.runData[node];
	return (runs?.[runs.length - 1]?.data?.main?.[1] ?? []).map((item) => item.json);
}

/** Every call of this emulator answers 5xx while `fn` runs. */
async function whileDown<T>(state: { setFaults(f: { serverErrorEveryNCalls: number }): unknown }, fn: () => Promise<T>): Promise<T> {
	state.setFaults({ serverErrorEveryNCalls: 1 });
	try {
		return await fn();
	} finally {
		state.setFaults({ serverErrorEveryNCalls: 0 });
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

const kdList = (formId: string) => kd.state.list(formId).map((r) => recordView(kd.state, r)) as Array<Json & { values: Json; entries: Record<string, Json[]> }>;
const crm = (object: string) => fx.state.list(object) as Json[];
const unique = (values: unknown[]) => new Set(values).size === values.length;

beforeAll(async () => {
	fx = await startFxiaokeEmulator();
	kd = await startKingdeeEmulator();
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'erp' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{
			...CREDS.fxiaokeApi,
			type: 'fxiaokeApi',
			data: {
				baseUrl: fx.url,
				appId: 'FSAID_emu',
				appSecret: 'emu_app_secret',
				permanentCode: 'EMU_PERMANENT_CODE',
				operatorMode: 'openUserId',
				currentOpenUserId: 'FSUID_OPERATOR0001',
				requestsPerSecond: 1000,
			},
		},
		{
			...CREDS.kingdeeK3CloudApi,
			type: 'kingdeeK3CloudApi',
			data: {
				serverUrl: `${kd.url}/`,
				acctId: DEFAULT_ACCT_ID,
				userName: 'demo',
				authMode: 'signature',
				appId: DEFAULT_APP_ID,
				appSecret: DEFAULT_APP_SECRET,
				lcid: 2052,
				orgNumber: '0',
				requestsPerSecond: 0,
			},
		},
	]);
	await n8n.start();
});

afterAll(async () => {
	if (figures.length) console.log(`ERP template figures\n${figures.map((f) => JSON.stringify(f)).join('\n')}`);
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await fx?.close();
	await kd?.close();
});

// ---- CRM data ----------------------------------------------------------------------------------------------------

/** Record times: now, and never twice the same millisecond (a record written now is a change the next poll sees). */
let at = 0;
const next = () => (at = Math.max(at + 10, Date.now()));

function addCustomer(n: number, extra: Json = {}): Json {
	return fx.state.insert(
		'AccountObj',
		{ name: `客户${n}`, account_no: `C${String(n).padStart(4, '0')}`, tel: `0571-${88000000 + n}`, credit_limit: n * 100, account_level: '2', ...extra },
		{ at: next() },
	);
}

const products: Json[] = [];
function addOrder(n: number, customer: Json, lines: Array<[Json, number]>, extra: Json = {}): Json {
	const order = fx.state.insert(
		'SalesOrderObj',
		{ name: `SO2026${String(n).padStart(5, '0')}`, account_id: customer._id, order_time: Date.parse('2026-11-20T00:00:00+08:00') + n * 86_400_000, order_amount: 0, ...extra },
		{ at: next() },
	);
	for (const [product, quantity] of lines) {
		fx.state.insert('SalesOrderProductObj', { order_id: order._id, product_id: product._id, quantity, sales_price: 10 + quantity }, { at: next() });
	}
	return order;
}

describe('Fxiaoke ↔ Kingdee templates in real n8n', () => {
	const customers: Json[] = [];

	it('the templates ship without credentials, ids or secrets; every failure path ends in the Stop node', () => {
		const secrets = ['emu_app_secret', 'EMU_PERMANENT_CODE', DEFAULT_APP_SECRET, DEFAULT_APP_ID, DEFAULT_ACCT_ID, 'FSUID_', 'FSAID_', '127.0.0.1'];
		for (const file of ['fxiaoke-customers-to-kingdee.json', 'fxiaoke-orders-to-kingdee.json', 'kingdee-delivery-to-fxiaoke.json']) {
			const text = fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8');
			const wf = JSON.parse(text) as { nodes: Array<Json>; connections: Record<string, { main: Array<Array<{ node: string }>> }> };
			for (const secret of secrets) expect(text).not.toContain(secret);
			for (const node of wf.nodes) expect(node.credentials).toBeUndefined();
			for (const node of wf.nodes.filter((n) => n.onError === 'continueErrorOutput')) {
				expect([file, node.name, wf.connections[String(node.name)]?.main?.[1]?.map((c) => c.node)]).toEqual([file, node.name, ['Stop: Some Rows Failed']]);
			}
		}
	});
	const orders: Json[] = [];

	it('customers → Kingdee: one Kingdee customer per CRM customer, number written back; a refused row fails alone and completes after the fix', async () => {
		for (let n = 1; n <= 30; n++) customers.push(addCustomer(n));
		const bad = customers[17];
		fx.state.update('AccountObj', String(bad._id), { tel: `0571-${'8'.repeat(40)}` }, next()); // Kingdee: 联系电话 ≤ 30
		const invalid = addCustomer(99);
		fx.state.update('AccountObj', String(invalid._id), { life_status: 'invalid' }, next());

		const id = await n8n.importWorkflow(
			template('fxiaoke-customers-to-kingdee.json', 'erpCustomers001', (nodes) => fromYesterday(nodes['New or Updated Customers'])),
		);
		const run1 = await poll(id, 'customers: first sync', 'New or Updated Customers', 'activate');
		expect(run1.status).toBe('error'); // Stop: Some Rows Failed, after the others were written back
		expect(itemsOf(run1.output, 'New or Updated Customers')).toHaveLength(30);
		const refused = errorItems(run1.output, 'Upsert Kingdee Customers');
		expect(refused).toHaveLength(1);
		expect(refused[0]).toMatchObject({ account_no: bad.account_no, error: expect.stringMatching(/FTEL: 字段“联系电话”的长度不能超过30/) });
		expect(itemsOf(run1.output, 'Write Number to CRM')).toHaveLength(29);

		let inKingdee = kdList('BD_Customer');
		expect(inKingdee.map((c) => c.number).sort()).toEqual(customers.filter((c) => c !== bad).map((c) => c.account_no).sort());
		const c5 = inKingdee.find((c) => c.number === 'C0005')!;
		expect(c5.values).toMatchObject({ FName: '客户5', FTEL: '0571-88000005', FCreditAmount: 500, FCreateOrgId: '100', FUseOrgId: '100' });
		expect(c5.status).toBe('A'); // Submit and Audit is off in the template
		for (const c of crm('AccountObj')) {
			if (c._id === bad._id || c._id === invalid._id) expect(c.field_kingdee_no__c).toBeUndefined();
			else expect(c.field_kingdee_no__c).toBe(c.account_no);
		}

		// Fix the data in the CRM: the next poll brings the refused customer (and the run's others, unchanged).
		fx.state.update('AccountObj', String(bad._id), { tel: '0571-12345678' }, next());
		const run2 = await poll(id, 'customers: after the fix', 'New or Updated Customers');
		expect(run2.status).toBe('success');
		expect(figures[figures.length - 1]).toMatchObject({ kingdeeWrites: 1, fxiaokeWrites: 1 });
		// The write-back changed the CRM record once more: one more run that writes nothing.
		const run3 = await poll(id, 'customers: echo of the write-back', 'New or Updated Customers');
		expect(run3.status).toBe('success');
		expect(figures[figures.length - 1]).toMatchObject({ emitted: 1, kingdeeWrites: 0, fxiaokeWrites: 0 });
		await quietPoll(id);

		inKingdee = kdList('BD_Customer');
		expect(inKingdee).toHaveLength(30);
		expect(unique(inKingdee.map((c) => c.number))).toBe(true);
		expect(inKingdee.find((c) => c.number === bad.account_no)!.values.FTEL).toBe('0571-12345678');
		expect(crm('AccountObj').filter((c) => c.field_kingdee_no__c === c.account_no)).toHaveLength(30);
		await n8n.deactivate(id);
	});

	it('customers → Kingdee with the Submit and Audit switch on: every customer audited; a later CRM change unaudits, updates and audits again', async () => {
		const id = await n8n.importWorkflow(
			template('fxiaoke-customers-to-kingdee.json', 'erpCustAudit001', (nodes) => {
				fromYesterday(nodes['New or Updated Customers']);
				(nodes['Upsert Kingdee Customers'].parameters.options as Json).submitAndAudit = true;
			}),
		);
		const run1 = await poll(id, 'customers + audit: first run', 'New or Updated Customers', 'activate');
		expect(run1.status).toBe('success');
		expect(figures[figures.length - 1]).toMatchObject({ emitted: 30, kingdeeWrites: 0, fxiaokeWrites: 0 });
		expect(kdList('BD_Customer').map((c) => c.status)).toEqual(Array(30).fill('C'));
		expect(kd.stats().calls).toMatchObject({ Submit: 1, Audit: 1 }); // all 30 in one call each

		fx.state.update('AccountObj', String(customers[3]._id), { name: '客户4（改名）' }, next());
		const run2 = await poll(id, 'customers + audit: one renamed', 'New or Updated Customers');
		expect(run2.status).toBe('success');
		expect(itemsOf(run2.output, 'Upsert Kingdee Customers')[0]).toMatchObject({
			kingdee: { action: 'updated', number: 'C0004', changed: ['FName'], documentStatus: 'C' },
		});
		const renamed = kdList('BD_Customer').find((c) => c.number === 'C0004')!;
		expect(renamed).toMatchObject({ status: 'C', values: { FName: '客户4（改名）' } });
		expect(kd.stats().calls).toMatchObject({ UnAudit: 1, Submit: 2, Audit: 2 });
		await quietPoll(id);
		await n8n.deactivate(id);
	});

	it('orders → Kingdee: sales orders with lines, customers ensured, bill numbers written back; a refused order completes after the fix in Kingdee', async () => {
		for (let p = 1; p <= 10; p++) products.push(fx.state.insert('ProductObj', { name: `产品${p}`, product_code: `M${String(p).padStart(3, '0')}` }, { at: next() }));
		const unknown = fx.state.insert('ProductObj', { name: '新产品', product_code: 'M999' }, { at: next() });
		const newCustomers = [31, 32, 33, 34].map((n) => addCustomer(n)); // not in Kingdee yet
		for (let k = 1; k <= 20; k++) {
			const customer = k % 5 === 0 ? newCustomers[k / 5 - 1] : customers[k % 30];
			const lines: Array<[Json, number]> = Array.from({ length: 1 + (k % 3) }, (_, j) => [products[(k + j) % 10], j + 1]);
			orders.push(addOrder(k, customer, k === 7 ? [...lines, [unknown, 2]] : lines));
		}
		const cancelled = addOrder(99, customers[0], [[products[0], 1]]);
		fx.state.update('SalesOrderObj', String(cancelled._id), { life_status: 'invalid' }, next());

		const id = await n8n.importWorkflow(
			template('fxiaoke-orders-to-kingdee.json', 'erpOrders000001', (nodes) => fromYesterday(nodes['New or Updated Orders'])),
		);
		const run1 = await poll(id, 'orders: first sync', 'New or Updated Orders', 'activate');
		expect(run1.status).toBe('error');
		const refused = errorItems(run1.output, 'Upsert Kingdee Orders');
		expect(refused).toHaveLength(1);
		expect(refused[0]).toMatchObject({ name: orders[6].name, error: expect.stringMatching(/FMaterialId: .*M999.*不存在/) });
		expect(kdList('SAL_SaleOrder')).toHaveLength(19);

		// Fix in Kingdee: the material is created; the next poll sends the order again.
		seedRecords(kd.state, 'BD_MATERIAL', [{ FNumber: 'M999', FName: '新物料', FCreateOrgId: { FNumber: '100' }, FUseOrgId: { FNumber: '100' } }], 'C');
		const run2 = await poll(id, 'orders: after the fix', 'New or Updated Orders');
		expect([run2.status, run2.errors]).toEqual(['success', []]);
		expect(figures[figures.length - 1]).toMatchObject({ kingdeeWrites: 1, fxiaokeWrites: 1 });
		const run3 = await poll(id, 'orders: echo of the write-back', 'New or Updated Orders');
		expect(run3.status).toBe('success');
		expect(figures[figures.length - 1]).toMatchObject({ emitted: 1, kingdeeWrites: 0, fxiaokeWrites: 0 });
		await quietPoll(id);
		expectOrdersInKingdee();

		// At least once: Kingdee is down for a poll after the trigger emitted; the run fails and is delivered again.
		for (let k = 21; k <= 24; k++) orders.push(addOrder(k, newCustomers[k % 4], [[products[k % 10], 5]]));
		const down = await whileDown(kd.state, () => poll(id, 'orders: Kingdee down', 'New or Updated Orders'));
		expect(down.status).toBe('error');
		expect(kdList('SAL_SaleOrder')).toHaveLength(20);
		const again = await poll(id, 'orders: re-delivered', 'New or Updated Orders');
		expect(again.status).toBe('success');
		expect(itemsOf(again.output, 'New or Updated Orders').map((o) => o.name).sort()).toEqual(orders.slice(20).map((o) => o.name).sort());
		await poll(id, 'orders: echo of the write-back', 'New or Updated Orders');
		await quietPoll(id);
		expectOrdersInKingdee();
		expect(kdList('BD_Customer')).toHaveLength(34); // the four new customers, once each
		await n8n.deactivate(id);

		function expectOrdersInKingdee() {
			const bills = kdList('SAL_SaleOrder');
			expect(bills).toHaveLength(orders.length);
			expect(unique(bills.map((b) => b.values.F_CRM_OrderNo))).toBe(true);
			const lines = crm('SalesOrderProductObj');
			for (const order of orders) {
				const crmOrder = crm('SalesOrderObj').find((o) => o._id === order._id)!;
				const bill = bills.find((b) => b.values.F_CRM_OrderNo === order.name)!;
				const customer = crm('AccountObj').find((c) => c._id === order.account_id)!;
				expect(crmOrder.erp_no).toBe(bill.number);
				expect(bill.values).toMatchObject({ FCustId: customer.account_no, FSaleOrgId: '100' });
				expect(bill.values.FDate).toBe(new Date(Number(order.order_time) + 8 * 3600_000).toISOString().slice(0, 10) + 'T00:00:00');
				const want = lines.filter((l) => l.order_id === order._id).map((l) => [l.product_code, Number(l.quantity), Number(l.sales_price)]);
				expect(bill.entries.FSaleOrderEntry.map((l) => [l.FMaterialId, l.FQty, l.FTaxPrice])).toEqual(want);
			}
			expect(bills.some((b) => b.values.F_CRM_OrderNo === cancelled.name)).toBe(false);
		}
	});

	it('delivery notices → Fxiaoke: one CRM delivery record per notice, order status updated; refused and failed runs re-delivered, final state exact', async () => {
		for (const bill of kdList('SAL_SaleOrder')) setStatus(kd.state, 'SAL_SaleOrder', String(bill.number), ['submit', 'audit']);
		// An order keyed in Kingdee only, delivered before the workflow is activated.
		const [kingdeeOnly] = seedRecords(
			kd.state,
			'SAL_SaleOrder',
			[{ FDate: '2026-11-30', FCustId: { FNumber: 'C0001' }, FSaleOrgId: { FNumber: '100' }, FSaleOrderEntry: [{ FMaterialId: { FNumber: 'M001' }, FQty: 1 }] }],
			'C',
		);
		pushToDeliveryNotice(kd.state, kingdeeOnly.number);

		const id = await n8n.importWorkflow(
			template('kingdee-delivery-to-fxiaoke.json', 'erpDelivery0001', (nodes) => {
				(nodes['Changed Delivery Notices'].parameters.options as Json).redeliveryPauseSeconds = 0;
			}),
		);
		await n8n.activate(id); // Start From: now — the notice above is not replayed
		await n8n.waitForStaticData(id, (d) => Boolean(d && (d['node:Changed Delivery Notices'] as Json)?.cursor));
		await sleep(1000);
		expect(await n8n.listExecutions(id)).toHaveLength(0);

		const delivered = orders.slice(0, 12).map((o) => String(crm('SalesOrderObj').find((c) => c._id === o._id)!.erp_no));
		const notices = delivered.map((number) => pushToDeliveryNotice(kd.state, number));
		pushToDeliveryNotice(kd.state, kingdeeOnly.number); // not from the CRM: skipped
		const run1 = await poll(id, 'delivery: 13 new notices', 'Changed Delivery Notices');
		expect([run1.status, run1.errors]).toEqual(['success', []]);
		const emitted = itemsOf(run1.output, 'Changed Delivery Notices');
		expect(emitted).toHaveLength(13);
		expect(emitted[0]).toMatchObject({ FBillNo: notices[0].number, FDocumentStatus: 'A', 'FCustomerID.FNumber': expect.any(String) });
		expect((emitted[0].FEntity as Json[]).map((l) => [l.FSrcBillNo, l['FMaterialID.FNumber'], l.FQty])).toEqual(
			notices[0].entries.FEntity.map((l) => [delivered[0], kd.state.byId('BD_MATERIAL', Number(l.values.FMaterialID))!.number, l.values.FQty]),
		);
		expect(itemsOf(run1.output, 'From a CRM Order?')).toHaveLength(12);
		expectDeliveries();

		// Five notices audited; the CRM refuses one write: that notice fails alone, the next poll completes it.
		notices.slice(0, 5).forEach((n) => setStatus(kd.state, 'SAL_DELIVERYNOTICE', n.number, ['submit', 'audit']));
		fx.state.setFaults({ refuseWrites: 1 });
		const run2 = await poll(id, 'delivery: 5 audited, 1 refused', 'Changed Delivery Notices');
		expect(run2.status).toBe('error');
		expect(errorItems(run2.output, 'Upsert CRM Delivery Records')).toEqual([expect.objectContaining({ error: expect.stringMatching(/10001/) })]);
		const run3 = await poll(id, 'delivery: re-delivered', 'Changed Delivery Notices');
		expect([run3.status, run3.errors]).toEqual(['success', []]);
		expectDeliveries();

		// At least once: the CRM is down for a poll after the trigger emitted.
		notices.slice(5, 8).forEach((n) => setStatus(kd.state, 'SAL_DELIVERYNOTICE', n.number, ['submit', 'audit']));
		const down = await whileDown(fx.state, () => poll(id, 'delivery: CRM down', 'Changed Delivery Notices'));
		expect(down.status).toBe('error');
		const again = await poll(id, 'delivery: re-delivered', 'Changed Delivery Notices');
		expect([again.status, again.errors]).toEqual(['success', []]);
		await quietPoll(id);
		expectDeliveries();
		expect(crm('DeliveryNoteObj').filter((d) => d.field_kingdee_status__c === 'C')).toHaveLength(8);
		await n8n.deactivate(id);

		function expectDeliveries() {
			const records = crm('DeliveryNoteObj');
			expect(records).toHaveLength(12);
			expect(unique(records.map((r) => r.field_kingdee_no__c))).toBe(true);
			for (const [k, notice] of notices.entries()) {
				const inKingdee = kd.state.byNumber('SAL_DELIVERYNOTICE', notice.number)!;
				const record = records.find((r) => r.field_kingdee_no__c === notice.number)!;
				const order = crm('SalesOrderObj').find((o) => o.erp_no === delivered[k])!;
				expect(record).toMatchObject({ sales_order_id: order._id, field_kingdee_status__c: inKingdee.status });
				// A date field: the same day in Beijing as the notice's FDate.
				expect(new Date(Number(record.delivery_date) + 8 * 3600_000).toISOString().slice(0, 10)).toBe(String(inKingdee.values.FDate).slice(0, 10));
				expect(order.logistics_status).toBe(inKingdee.status === 'C' ? '3' : '1');
			}
		}
	});
});
