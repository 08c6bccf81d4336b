/**
 * The templates the fault suite runs: one entry per file in workflows/. Adding a template is adding an entry here:
 * which emulators it needs (with the same data in the fault-free and the fault run), the settings a user would
 * make, the changes or events that feed it step by step, and the tables its final state is compared on.
 *
 * Mingdao worksheets are used with their key fields NOT unique (不允许重复 off, as many users leave them): a row
 * written twice then shows up as a duplicate instead of being refused by Mingdao.
 */
import { pushToDeliveryNotice, seedRecords, setStatus } from '../emulators/kingdee/testing';
import type { MingdaoWorksheetDef } from '../emulators/mingdao';
import { DEMO_WORKSHEETS, WECHAT_MEMBERS_SHEET } from '../emulators/mingdao';
import { membercardActivationEvent, pushMessage } from '../emulators/wechat';
import { fxiaokeSnapshot, kingdeeSnapshot, mingdaoSnapshot, type Snapshot } from './compare';
import { pollTimes, type TimeScale } from './plan';
import type { ServiceName, ServiceOptions, World } from './world';

export type Json = Record<string, any>;

/** How many records a run works on: the CI suite's, or the larger run of scripts/faults.ts. */
export interface SuiteSize {
	orders: number;
	users: number;
	/** Changes per step of a polling template: new orders and updated orders. */
	newOrdersPerStep: number;
	updatedOrdersPerStep: number;
	/** Members activating per step of the webhook template. */
	membersPerStep: number;
}

export const CI_SIZE: SuiteSize = { orders: 300, users: 80, newOrdersPerStep: 12, updatedOrdersPerStep: 6, membersPerStep: 4 };
export const LARGE_SIZE: SuiteSize = { orders: 10_000, users: 2_000, newOrdersPerStep: 200, updatedOrdersPerStep: 100, membersPerStep: 10 };

export interface StepContext {
	/** Shared by both worlds: the time the step's source changes carry (ms). */
	at: number;
	/** Webhook templates: where this world's workflow listens. */
	webhookUrl?: string;
	size: SuiteSize;
}

export interface TemplateEntry {
	name: string;
	/** File in workflows/. */
	file: string;
	/** How events reach it: a polling trigger, a webhook (retried with n8n's retry), or a manual run (retried too). */
	kind: 'poll' | 'webhook' | 'manual';
	services: ServiceName[];
	/** The service that has an outage, for several polls (or during one step's events or run). */
	target: ServiceName;
	options(size: SuiteSize, anchor: number): ServiceOptions;
	/** Data put in after the emulators started, the same in both worlds (before the workflow is active). */
	prepare?(world: World, size: SuiteSize, anchor: number): void;
	/** The settings a user makes on the shipped template (credentials are set by the runner). */
	configure(nodes: Record<string, Json>, world: World, time: TimeScale, anchor: number): void;
	steps: number;
	/** The step during which the target is down. */
	outageStep: number;
	/**
	 * Step `i`, identical in both worlds. poll: change the source. webhook: push events, returning how many
	 * executions they start. manual: change the source before the run.
	 */
	step(world: World, i: number, ctx: StepContext): Promise<number | void>;
	/** Polling templates: the trigger node, and an emitted item's record version (to count re-deliveries). */
	trigger?: { node: string; version(item: Json): string };
	/** Webhook templates: the trigger's webhook path. */
	webhookPath?: string;
	snapshot(world: World): Snapshot;
}

const DAY = 24 * 3600_000;

/** A worksheet set with every unique flag off. */
const notUnique = (sheets: MingdaoWorksheetDef[]): MingdaoWorksheetDef[] =>
	sheets.map((s) => ({ ...s, fields: s.fields.map((f) => ({ ...f, unique: false })) }));

const xiaoeOptions = (size: SuiteSize, anchor: number) => ({
	anchor,
	spanDays: 10,
	orders: size.orders,
	users: size.users,
	seed: 7,
	// The documented limits stay on, except the token's (100 per 10 min), which a 10 000-order run with tokens
	// invalidated at random could reach; it is not what this suite is about.
	tokenRateLimit: { max: 10_000, windowSec: 600 },
});

/** Users nobody else touches in step `i` (steps change disjoint users, so concurrent runs never race on a row). */
function stepUsers(world: World, i: number, count: number): string[] {
	const users = world.xiaoe!.state.users.map((u) => u.user_id);
	const per = Math.max(1, Math.floor(users.length / 8));
	return users.slice((i + 1) * per, (i + 1) * per + Math.min(per, count));
}

export const ORDERS: TemplateEntry = {
	name: 'Xiaoe orders → Mingdao',
	file: 'xiaoe-orders-to-mingdao.json',
	kind: 'poll',
	services: ['xiaoe', 'mingdao'],
	target: 'mingdao',
	options: (size, anchor) => ({ xiaoe: xiaoeOptions(size, anchor), mingdao: { worksheets: notUnique(DEMO_WORKSHEETS), ratePerSecond: 200 } }),
	configure(nodes, world, time, anchor) {
		Object.assign(nodes['New or Updated Orders'].parameters, {
			pollTimes: pollTimes(time),
			startFrom: 'date',
			startDate: new Date(anchor - 11 * DAY).toISOString(),
		});
		nodes['Add Form Answers'].parameters.formId = world.xiaoe!.state.forms[0].form_id;
	},
	steps: 3,
	outageStep: 1,
	async step(world, i, { at, size }) {
		const xe = world.xiaoe!.state;
		const users = stepUsers(world, i, size.newOrdersPerStep);
		// New orders, one second apart, ending at `at`.
		for (let n = 0; n < size.newOrdersPerStep; n++) {
			xe.addOrders({ count: 1, at: at - (size.newOrdersPerStep - n) * 1000, userId: users[n % users.length] });
		}
		// Older orders of the same users change (paid, shipped, refunded…), and so do the users.
		const older = xe.orders.filter((o) => users.includes(o.user_id) && o.update_ms < at - 60_000).slice(0, size.updatedOrdersPerStep);
		if (older.length) xe.updateOrders({ orderIds: older.map((o) => o.order_id), at, state: [2, 3, 4, 5][i % 4] });
		xe.updateUsers({ userIds: users.slice(0, 3), changes: { user_nickname: `renamed in step ${i}` } });
	},
	trigger: {
		node: 'New or Updated Orders',
		// the template's trigger hands on simplified orders (flat order_id, update_time)
		version: (item) => `${String(item.order_id)}@${String(item.update_time)}`,
	},
	snapshot: (world) => mingdaoSnapshot(world.mingdao!, { xiaoe_users: 'xiaoe_user_id', xiaoe_orders: 'order_id' }),
};

export const BASE_DATA: TemplateEntry = {
	name: 'Xiaoe base data → Mingdao',
	file: 'xiaoe-base-data-to-mingdao.json',
	kind: 'manual',
	services: ['xiaoe', 'mingdao'],
	target: 'mingdao',
	options: (size, anchor) => ({
		xiaoe: { ...xiaoeOptions(size, anchor), orders: Math.min(size.orders, 300) },
		mingdao: { worksheets: notUnique(DEMO_WORKSHEETS), ratePerSecond: 200 },
	}),
	configure: () => undefined,
	steps: 2,
	outageStep: 0,
	async step(world, i) {
		// A refresh after users changed in Xiaoe.
		if (i > 0) world.xiaoe!.state.updateUsers({ userIds: stepUsers(world, i, 10), changes: { user_nickname: `refreshed ${i}` } });
	},
	snapshot: (world) =>
		mingdaoSnapshot(world.mingdao!, { xiaoe_users: 'xiaoe_user_id', xiaoe_courses: 'resource_id', xiaoe_goods: 'goods_id' }),
};

export const MEMBER_CARD: TemplateEntry = {
	name: 'WeChat member card → Mingdao',
	file: 'wechat-membercard-activation.json',
	kind: 'webhook',
	services: ['wechat', 'mingdao'],
	target: 'mingdao',
	options: (size) => ({
		wechat: { followers: 40, members: size.membersPerStep * 3 + 2, seed: 11 },
		mingdao: { worksheets: notUnique([WECHAT_MEMBERS_SHEET]), ratePerSecond: 200 },
	}),
	configure(nodes, world) {
		// Each world's copy listens on its own URL.
		nodes['Member Card Activated'].webhookId = `faults-${world.tag}`.toLowerCase();
	},
	webhookPath: 'wechat',
	steps: 3,
	outageStep: 1,
	async step(world, i, { at, webhookUrl, size }) {
		const wx = world.wechat!.state;
		const cards = wx.userCards.slice(i * size.membersPerStep, (i + 1) * size.membersPerStep);
		// The last step also sees two members of the first step activate again with new points.
		if (i === 2) {
			for (const m of wx.userCards.slice(0, 2)) {
				m.bonus += 100;
				cards.push(m);
			}
		}
		const target = { url: webhookUrl!, token: wx.pushToken, appId: wx.appId, encodingAesKey: wx.encodingAesKey, mode: 'safe' as const };
		for (const [n, m] of cards.entries()) {
			const xml = membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code: m.code, createTime: Math.floor(at / 1000) + n });
			const pushed = await pushMessage(target, xml, { timeoutMs: 30_000 });
			if (!pushed.acknowledged) throw new Error(`push of ${m.code} not acknowledged: ${JSON.stringify(pushed.attempts)}`);
		}
		return cards.length;
	},
	snapshot: (world) => mingdaoSnapshot(world.mingdao!, { wechat_members: 'card_code' }),
};

/** A CRM customer as the ERP templates expect one (number, name, phone, credit limit). */
function crmCustomer(n: number): Json {
	return { name: `客户${n}`, account_no: `F${String(n).padStart(5, '0')}`, tel: `0571-${88000000 + n}`, credit_limit: (n % 50) * 100, account_level: '2' };
}

export const ERP_CUSTOMERS: TemplateEntry = {
	name: 'Fxiaoke customers → Kingdee',
	file: 'fxiaoke-customers-to-kingdee.json',
	kind: 'poll',
	services: ['fxiaoke', 'kingdee'],
	target: 'kingdee',
	options: () => ({ fxiaoke: { seed: 5 }, kingdee: { customers: 0 } }),
	prepare(world, size, anchor) {
		const count = Math.max(20, Math.round(size.orders / 10));
		for (let n = 1; n <= count; n++) world.fxiaoke!.state.insert('AccountObj', crmCustomer(n), { at: anchor - (count - n) * 1000 });
	},
	configure(nodes, _world, time, anchor) {
		Object.assign(nodes['New or Updated Customers'].parameters, {
			pollTimes: pollTimes(time),
			startFrom: 'date',
			startDate: new Date(anchor - DAY).toISOString(),
		});
	},
	steps: 3,
	outageStep: 1,
	async step(world, i, { at, size }) {
		const fx = world.fxiaoke!.state;
		const existing = fx.list('AccountObj').length;
		const fresh = Math.max(4, Math.round(size.newOrdersPerStep / 2));
		for (let n = 1; n <= fresh; n++) fx.insert('AccountObj', crmCustomer(existing + n), { at: at - (fresh - n) * 1000 });
		// Older customers change their phone number (disjoint per step).
		const older = fx.list('AccountObj').filter((c) => Number(c.last_modified_time) < at - 60_000);
		for (const c of older.slice(i * 3, i * 3 + 3)) fx.update('AccountObj', String(c._id), { tel: `0571-7${i}${String(c.account_no).slice(-5)}` }, at);
	},
	trigger: { node: 'New or Updated Customers', version: (item) => `${String(item._id)}@${String(item.last_modified_time)}` },
	snapshot: (world) => ({
		...kingdeeSnapshot(world.kingdee!, ['BD_Customer']),
		...fxiaokeSnapshot(world.fxiaoke!, 'AccountObj', 'account_no', ['name', 'tel', 'field_kingdee_no__c']),
	}),
};

/** CRM sales orders with 1–3 lines each, for customers `customers` (the products M001–M010 exist in both systems). */
function addCrmOrders(world: World, from: number, count: number, at: number, customers: Json[]): void {
	const fx = world.fxiaoke!.state;
	const products = fx.list('ProductObj').sort((a, b) => String(a.product_code).localeCompare(String(b.product_code)));
	for (let k = 0; k < count; k++) {
		const n = from + k;
		const when = at - (count - k) * 1000;
		const order = fx.insert(
			'SalesOrderObj',
			{ name: `SO${String(n).padStart(6, '0')}`, account_id: customers[n % customers.length]._id, order_time: Date.parse('2026-11-20T00:00:00+08:00') + (n % 30) * DAY, order_amount: 0 },
			{ at: when },
		);
		for (let j = 0; j < 1 + (n % 3); j++) {
			fx.insert('SalesOrderProductObj', { order_id: order._id, product_id: products[(n + j) % products.length]._id, quantity: j + 1, sales_price: 10 + j }, { at: when });
		}
	}
}

export const ERP_ORDERS: TemplateEntry = {
	name: 'Fxiaoke orders → Kingdee',
	file: 'fxiaoke-orders-to-kingdee.json',
	kind: 'poll',
	services: ['fxiaoke', 'kingdee'],
	target: 'kingdee',
	options: () => ({ fxiaoke: { seed: 6 }, kingdee: { customers: 0 } }),
	prepare(world, size, anchor) {
		const fx = world.fxiaoke!.state;
		for (let p = 1; p <= 10; p++) fx.insert('ProductObj', { name: `产品${p}`, product_code: `M${String(p).padStart(3, '0')}` }, { at: anchor - DAY });
		const customers = Array.from({ length: 12 }, (_, n) => fx.insert('AccountObj', crmCustomer(n + 1), { at: anchor - DAY }));
		addCrmOrders(world, 1, Math.max(20, Math.round(size.orders / 10)), anchor, customers);
	},
	configure(nodes, _world, time, anchor) {
		Object.assign(nodes['New or Updated Orders'].parameters, {
			pollTimes: pollTimes(time),
			startFrom: 'date',
			startDate: new Date(anchor - 2 * DAY).toISOString(),
		});
	},
	steps: 3,
	outageStep: 1,
	async step(world, i, { at, size }) {
		const fx = world.fxiaoke!.state;
		// New orders, some for a customer new in this step (created in Kingdee by the run).
		const fresh = fx.insert('AccountObj', crmCustomer(100 + i), { at: at - 60_000 });
		const customers = [...fx.list('AccountObj').filter((c) => c._id !== fresh._id).slice(0, 5), fresh];
		addCrmOrders(world, 1000 + i * 100, Math.max(4, Math.round(size.newOrdersPerStep / 2)), at, customers);
	},
	trigger: { node: 'New or Updated Orders', version: (item) => `${String(item._id)}@${String(item.last_modified_time)}` },
	snapshot(world) {
		const kd = world.kingdee!;
		// Bill numbers are Kingdee's own sequence: they follow the order of creation, which faults change. Compare
		// bills by CRM order number, and the CRM's erp_no by whether it names that order's bill.
		const billOf = new Map(kd.state.list('SAL_SaleOrder').map((r) => [String(r.number), r]));
		const orders = fxiaokeSnapshot(world.fxiaoke!, 'SalesOrderObj', 'name', ['erp_no']).SalesOrderObj.map((row) => {
			const bill = billOf.get(String(row.values.erp_no));
			const erpNo = row.values.erp_no === null ? null : bill?.values.F_CRM_OrderNo === row.key ? 'the bill of this order' : `not this order's bill: ${String(row.values.erp_no)}`;
			return { key: row.key, values: { erp_no: erpNo } };
		});
		return {
			...kingdeeSnapshot(kd, ['BD_Customer']),
			...kingdeeSnapshot(kd, ['SAL_SaleOrder'], (v) => String(v.values.F_CRM_OrderNo)),
			SalesOrderObj: orders,
		};
	},
};

/** Kingdee sales orders (audited) that came from CRM orders: the CRM order carries the bill number (erp_no). */
const deliveryOrders = (size: SuiteSize) => Math.max(12, Math.round(size.orders / 20));

export const ERP_DELIVERY: TemplateEntry = {
	name: 'Kingdee delivery notices → Fxiaoke',
	file: 'kingdee-delivery-to-fxiaoke.json',
	kind: 'poll',
	services: ['fxiaoke', 'kingdee'],
	target: 'fxiaoke',
	options: () => ({ fxiaoke: { seed: 8 }, kingdee: { customers: 10 } }),
	prepare(world, size, anchor) {
		const fx = world.fxiaoke!.state;
		const kd = world.kingdee!.state;
		const count = deliveryOrders(size);
		const models = Array.from({ length: count }, (_, n) => ({
			FDate: '2026-11-30',
			FCustId: { FNumber: `C${String(1 + (n % 10)).padStart(4, '0')}` },
			FSaleOrgId: { FNumber: '100' },
			FSaleOrderEntry: [{ FMaterialId: { FNumber: `M${String(1 + (n % 10)).padStart(3, '0')}` }, FQty: 1 + (n % 4) }],
		}));
		for (const bill of seedRecords(kd, 'SAL_SaleOrder', models, 'C')) {
			fx.insert('SalesOrderObj', { name: `CRM-${bill.number}`, erp_no: bill.number, order_amount: 0 }, { at: anchor - DAY });
		}
		// A quarter of the orders are delivered before the workflow is active (its first poll starts from a day back).
		for (const bill of kd.list('SAL_SaleOrder').slice(0, Math.floor(count / 4))) pushToDeliveryNotice(kd, bill.number);
	},
	configure(nodes, _world, time, anchor) {
		Object.assign(nodes['Changed Delivery Notices'].parameters, {
			pollTimes: pollTimes(time),
			startFrom: 'date',
			startDate: new Date(anchor - DAY).toISOString(),
		});
	},
	steps: 3,
	outageStep: 1,
	async step(world, i, { size }) {
		const kd = world.kingdee!.state;
		const orders = kd.list('SAL_SaleOrder');
		const quarter = Math.floor(deliveryOrders(size) / 4);
		// The notices delivered so far are audited; the next orders are delivered.
		for (const notice of kd.list('SAL_DELIVERYNOTICE').filter((n) => n.status === 'A')) setStatus(kd, 'SAL_DELIVERYNOTICE', notice.number, ['submit', 'audit']);
		for (const bill of orders.slice((i + 1) * quarter, (i + 2) * quarter)) pushToDeliveryNotice(kd, bill.number);
	},
	trigger: { node: 'Changed Delivery Notices', version: (item) => `${String(item.FBillNo)}@${String(item.FDocumentStatus)}` },
	snapshot(world) {
		const fx = world.fxiaoke!.state;
		// Record ids are the CRM's own: name the order a delivery record points to by its number instead.
		const orderName = new Map(fx.list('SalesOrderObj').map((o) => [String(o._id), String(o.name)]));
		const deliveries = fxiaokeSnapshot(world.fxiaoke!, 'DeliveryNoteObj', 'field_kingdee_no__c', ['sales_order_id', 'delivery_date', 'field_kingdee_status__c']);
		for (const row of deliveries.DeliveryNoteObj) row.values.sales_order_id = orderName.get(String(row.values.sales_order_id)) ?? row.values.sales_order_id;
		return { ...deliveries, ...fxiaokeSnapshot(world.fxiaoke!, 'SalesOrderObj', 'name', ['erp_no', 'logistics_status']) };
	},
};

/** Every template in workflows/, in the order the suite starts them. */
export const TEMPLATES: TemplateEntry[] = [ORDERS, MEMBER_CARD, BASE_DATA, ERP_CUSTOMERS, ERP_ORDERS, ERP_DELIVERY];
