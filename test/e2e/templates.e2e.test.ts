/**
 * The shareable templates in workflows/, imported into a real n8n and run against both emulators, as a user would:
 * base data once (n8n execute), then the order sync as an active workflow whose trigger polls (n8n start).
 * Assertions are on the emulators' final state: rows, values, and how many writes reached Mingdao.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime, itemsOf } from './harness/n8n';
import { chainWorkflow, PKG, withCredentials } from './harness/workflow';
import { startXiaoeEmulator } from '../emulators/xiaoe';
import type { XiaoeEmulator } from '../emulators/xiaoe';
import { startMingdaoEmulator } from '../emulators/mingdao';
import type { MingdaoEmulator } from '../emulators/mingdao';

jest.setTimeout(10 * 60 * 1000);

type Json = Record<string, unknown>;
const ROOT = path.resolve(__dirname, '../..');
const CREDS = {
	xiaoeApi: { id: 'tplXiaoe0000001', name: 'Xiaoe' },
	mingdaoApi: { id: 'tplMingdao00001', name: 'Mingdao' },
};
const ANCHOR = Date.now() - 60_000;
const START = new Date(ANCHOR - 11 * 24 * 3600 * 1000).toISOString();

let xe: XiaoeEmulator;
let md: MingdaoEmulator;
let n8n: N8nInstance;
let formId: string;

function template(file: string, id: string, patch: (nodes: Record<string, Json>) => void): Json {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', file), 'utf8')) as Json & { nodes: Json[] };
	const byName = Object.fromEntries(wf.nodes.map((n) => [String(n.name), n]));
	patch(byName as Record<string, Json>);
	return withCredentials({ ...wf, id, name: `${wf.name} (${id})` }, CREDS);
}

function ordersTemplate(id: string, perExecution?: number): Json {
	return template('xiaoe-orders-to-mingdao.json', id, (nodes) => {
		const trigger = nodes['New or Updated Orders'].parameters as Json;
		Object.assign(trigger, { startFrom: 'date', startDate: START });
		if (perExecution) trigger.options = { ...(trigger.options as Json), perExecution };
		(nodes['Add Form Answers'].parameters as Json).formId = formId;
	});
}

/**
 * Activate a fresh copy of the order sync (fresh cursor = a full re-run) and wait for its run — or, with
 * `perExecution`, for its runs: one per page of that many orders, one after the other, all successful.
 */
async function runOrderSync(id: string, perExecution?: number): Promise<void> {
	const wfId = await n8n.importWorkflow(ordersTemplate(id, perExecution));
	await n8n.activate(wfId);
	const pages = perExecution ? Math.ceil(xe.state.listOrders().length / perExecution) : 1;
	const runs = await n8n.waitForExecutions(wfId, pages, 120_000);
	await n8n.deactivate(wfId);
	expect(runs).toHaveLength(pages);
	for (const run of runs) {
		if (run.status !== 'success') {
			const detail = await n8n.getExecution(run.id);
			throw new Error(`order sync ${id} ended ${run.status}: ${JSON.stringify(detail.data?.resultData?.error ?? {}).slice(0, 2000)}`);
		}
	}
}

const rows = (alias: string) => md.state.listRows(alias) as Json[];
const writes = () => {
	const s = md.stats();
	return { created: s.rowsCreated, updated: s.rowsUpdated, deleted: s.rowsDeleted };
};

beforeAll(async () => {
	xe = await startXiaoeEmulator({ anchor: ANCHOR, spanDays: 10, orders: 300, users: 80 });
	md = await startMingdaoEmulator({ ratePerSecond: 200 });
	formId = xe.state.forms[0].form_id;
	n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'templates' });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{ ...CREDS.xiaoeApi, type: 'xiaoeApi', data: { baseUrl: xe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0 } },
		{ ...CREDS.mingdaoApi, type: 'mingdaoApi', data: { baseUrl: md.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 50 } },
	]);
});

afterAll(async () => {
	await n8n?.dispose({ keepFolder: Boolean(process.env.E2E_KEEP) });
	await xe?.close();
	await md?.close();
});

describe('templates in real n8n', () => {
	it('base data: one row per Xiaoe user, course and describable goods', async () => {
		const result = await n8n.execute(await n8n.importWorkflow(template('xiaoe-base-data-to-mingdao.json', 'tplBaseData0001', () => undefined)));
		expect({ ok: result.ok, log: result.ok ? "" : JSON.stringify(result.output?.data?.resultData?.error ?? (result.stdout + result.stderr).slice(-3000)).slice(0, 3000) }).toEqual({ ok: true, log: '' });
		const users = xe.state.listUsers();
		expect(rows('xiaoe_users').map((r) => r.xiaoe_user_id).sort()).toEqual(users.map((u) => u.user_id).sort());
		const u = users[0];
		const row = rows('xiaoe_users').find((r) => r.xiaoe_user_id === u.user_id)!;
		expect(row.user_created_at).toBe(u.user_created_at); // Beijing time as Xiaoe shows it
		expect(Number(row.pay_sum)).toBeCloseTo(u.pay_sum, 2);
		const courses = itemsOf(result.output, 'All Courses');
		expect(rows('xiaoe_courses')).toHaveLength(courses.length);
		// Goods Xiaoe cannot describe come out of Goods Details as error items with the API's code; the filter skips them
		const details = itemsOf(result.output, 'Goods Details');
		const undescribed = details.filter((g) => g.error);
		expect(undescribed.length).toBeGreaterThan(0);
		expect(undescribed.every((g) => (g.details as Json | undefined)?.code !== undefined)).toBe(true);
		const goods = itemsOf(result.output, 'Skip Goods Xiaoe Cannot Describe');
		expect(goods.length).toBe(details.length - undescribed.length);
		expect(goods.length).toBeGreaterThan(0);
		expect(rows('xiaoe_goods').map((r) => r.goods_id).sort()).toEqual(goods.map((g) => String(g.goods_id)).sort());
	});

	describe('order sync (active workflow, trigger polling)', () => {
		beforeAll(() => n8n.start());
		afterAll(() => n8n.stop());

		it('activated with the Form ID left empty: refused naming the setting, before any poll, execution or cursor', async () => {
			// n8n 1.x has no publish check: it activates the template as shipped, and the first poll's run fails item by
			// item naming Form ID (its orders re-delivered later). docs/scale-out.md says so; nothing to test here on 1.x.
			if (n8n.runtime.major < 2) return;
			// As shipped (Form ID empty), backfilling from a date: a poll would emit every order at once.
			const wfId = await n8n.importWorkflow(
				template('xiaoe-orders-to-mingdao.json', 'tplNoFormId0001', (nodes) => {
					Object.assign(nodes['New or Updated Orders'].parameters as Json, { startFrom: 'date', startDate: START });
				}),
			);
			const callsBefore = xe.stats().businessCalls;
			// REST activation, as the editor's Publish button does (the CLI's publish:workflow writes the database
			// without this check: see the README)
			const refused = await n8n.activate(wfId).then(
				() => new Error('activated'),
				(e: Error) => e,
			);
			const answer = JSON.parse(refused.message.replace(/^[^{]*/, '')) as { message: string };
			expect(answer.message).toMatch(/^Cannot publish workflow: 1 node have configuration issues/);
			expect(answer.message).toContain('Node "Add Form Answers":\n  - Missing or invalid required parameters: formId');
			await new Promise((r) => setTimeout(r, 3000)); // activation is asynchronous in 2.40.7: give a poll time to show
			expect(await n8n.listExecutions(wfId)).toHaveLength(0);
			expect(await n8n.getStaticData(wfId)).toBeNull();
			expect(xe.stats().businessCalls).toBe(callsBefore);
			const listed = (await n8n.rest('GET', `/rest/workflows/${wfId}`)) as { active: boolean; activeVersionId: string | null };
			expect({ active: listed.active, activeVersionId: listed.activeVersionId }).toEqual({ active: false, activeVersionId: null });
		});

		it('first run, one execution per 100 orders: exactly one row per order, buyers linked, values converted', async () => {
			md.state.resetStats();
			const tokensBefore = xe.stats().tokenFetches;
			// 300 orders, Orders per Execution 100: three executions one after the other (bounded memory), same rows
			await runOrderSync('tplOrders000001', 100);
			const orders = xe.state.listOrders();
			const orderRows = rows('xiaoe_orders');
			expect(orderRows.map((r) => r.order_id).sort()).toEqual(orders.map((o) => o.order_id).sort());
			expect(rows('xiaoe_users')).toHaveLength(xe.state.listUsers().length); // buyers updated, not duplicated

			const o = orders.find((x) => x.pay_time !== '0000-00-00 00:00:00')!;
			const r = orderRows.find((x) => x.order_id === o.order_id)!;
			expect(r.created_at).toBe(o.created_time);
			expect(r.paid_at).toBe(o.pay_time);
			expect(Number(r.amount)).toBeCloseTo(o.actual_price / 100, 2);
			const buyerRow = rows('xiaoe_users').find((u) => u.xiaoe_user_id === o.user_id)!;
			expect(r.buyer).toEqual([buyerRow.id]);
			const states = ['待付款', '待成交', '待发货', '已发货', '已完成', '已关闭'];
			expect(md.state.getWorksheet('xiaoe_orders')!.fields.find((f) => f.alias === 'order_state')!.options!.find((op) => op.key === (r.order_state as string[])[0])!.value).toBe(states[o.state]);

			// info-collection answers reached the buyer rows, matched by question title
			const answered = xe.state.collections.find((c) => c.form_id === formId && orders.some((x) => x.user_id === c.user_id))!;
			const userRow = rows('xiaoe_users').find((u) => u.xiaoe_user_id === answered.user_id)!;
			expect({ name: userRow.name, company: userRow.company, job: userRow.job }).toEqual({
				name: answered.answers.name,
				company: answered.answers.company,
				job: answered.answers.job,
			});
			expect(xe.stats().tokenFetches - tokensBefore).toBe(1); // one token for the n8n process
		});

		it('re-run with nothing changed: zero Mingdao writes', async () => {
			md.state.resetStats();
			await runOrderSync('tplOrders000002');
			expect(writes()).toEqual({ created: 0, updated: 0, deleted: 0 });
		});

		it('5 orders and 2 users changed in Xiaoe: exactly 7 updates, nothing else written', async () => {
			const orders = xe.state.listOrders();
			const changedOrders = orders.slice(0, 5).map((o) => o.order_id);
			const buyersOfChanged = new Set(orders.slice(0, 5).map((o) => o.user_id));
			const otherBuyers = [...new Set(orders.map((o) => o.user_id))].filter((id) => !buyersOfChanged.has(id)).slice(0, 2);
			xe.state.updateOrders({ orderIds: changedOrders, at: Date.now() - 1000 });
			xe.state.updateUsers({ userIds: otherBuyers, changes: { nickname: 'renamed', user_nickname: 'renamed' } });
			md.state.resetStats();
			await runOrderSync('tplOrders000003');
			expect(writes()).toEqual({ created: 0, updated: 7, deleted: 0 });
			expect(rows('xiaoe_users').filter((u) => u.nickname === 'renamed').map((u) => u.xiaoe_user_id).sort()).toEqual(otherBuyers.sort());
		});

		it('token expiry (Xiaoe) and throttling (Mingdao) mid-run: no lost or duplicated rows', async () => {
			md.state.reset({ ratePerSecond: 200 });
			xe.state.setFaults({ expireTokenEveryNCalls: 4 });
			md.state.setFaults({ throttleEveryNCalls: 5 });
			try {
				await runOrderSync('tplOrders000004');
			} finally {
				xe.state.setFaults({ expireTokenEveryNCalls: 0 });
				md.state.setFaults({ throttleEveryNCalls: 0 });
			}
			const orders = xe.state.listOrders();
			expect(rows('xiaoe_orders').map((r) => r.order_id).sort()).toEqual(orders.map((o) => o.order_id).sort());
			expect(rows('xiaoe_users').map((u) => u.xiaoe_user_id).sort()).toEqual([...new Set(orders.map((o) => o.user_id))].sort());
			expect(xe.stats().rejectedTokenCalls).toBeGreaterThan(0);
			expect(md.stats().throttled).toBeGreaterThan(0);
		});
	});

	it('an item with a bad value fails alone (error output), the others are written once', async () => {
		md.state.reset({ ratePerSecond: 200 });
		const orders = xe.state.listOrders().slice(0, 40);
		const bad = orders[7].order_id;
		const wf = withCredentials(
			chainWorkflow('tplBadValue0001', [
				{
					name: 'Orders',
					type: `${PKG}.xiaoe`,
					parameters: { resource: 'custom', operation: 'apiCall', api: 'xe.ecommerce.order.list/1.0.0', body: `={{ JSON.stringify({ created_time_start: '${orders[0].created_time}', created_time_end: '${orders[39].created_time}', order_by: 'created_at', order_asc: 'asc', page: 1, page_size: 100 }) }}`, write: false, split: true },
				},
				{
					name: 'Upsert Orders',
					type: `${PKG}.mingdao`,
					onError: 'continueRegularOutput',
					parameters: {
						resource: 'row',
						operation: 'upsert',
						worksheet: { __rl: true, mode: 'id', value: 'xiaoe_orders' },
						columns: {
							mappingMode: 'defineBelow',
							value: { order_id: '={{ $json.order_info.order_id }}', amount: `={{ $json.order_info.order_id === '${bad}' ? 'twelve yuan' : $json.price_info.actual_price / 100 }}` },
							matchingColumns: ['order_id'],
							schema: [],
						},
						options: {},
					},
				},
			]),
			CREDS,
		);
		const id = await n8n.importWorkflow(wf);
		for (let run = 0; run < 2; run++) {
			const result = await n8n.execute(id);
			expect(result.ok).toBe(true);
			const out = itemsOf(result.output, 'Upsert Orders');
			const input = itemsOf(result.output, 'Orders');
			const failed = out.filter((o) => o.error);
			expect(failed).toHaveLength(1);
			expect(String(failed[0].error)).toMatch(/amount/);
			expect(String(failed[0].error)).toMatch(new RegExp(`item ${input.findIndex((o) => (o.order_info as Json).order_id === bad) + 1}`));
			const written = rows('xiaoe_orders').map((r) => r.order_id);
			expect(written).toHaveLength(input.length - 1);
			expect(new Set(written).size).toBe(written.length);
			expect(written).not.toContain(bad);
		}
	});

	it('every request n8n sent to Mingdao fit the official v3 reference', () => {
		// The emulator checks its answers itself (a wrong one is never sent); requests are logged.
		expect(md.state.contract.violations).toEqual([]);
		expect(Object.keys(md.state.contract.checked).length).toBeGreaterThan(0);
	});
});
