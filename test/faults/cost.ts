/**
 * What at-least-once delivery costs in API calls, measured on the order template in real n8n with fault-free
 * emulators (counting every call) and one outage:
 *   idle      — polls with nothing new: calls per poll on each side;
 *   delivery  — one poll that finds `count` new orders and the execution it starts;
 *   failed    — the same with the target down: the execution fails (its calls to the target are refused);
 *   redelivery — the later poll that emits those orders again and the execution that writes them.
 * The bookkeeping itself (pending deliveries, outcomes) lives in the trigger's static data and process memory:
 * it makes no call; a re-delivery costs one re-read of the source from the failed delivery's oldest record and
 * one more run of the workflow for its items.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { N8nInstance } from '../e2e/harness/n8n';
import { TIME_SCALE, type TimeScale } from './plan';
import { ORDERS, type Json, type SuiteSize } from './templates';
import { useCredentials, World } from './world';

const ROOT = path.resolve(__dirname, '../..');
const LIST = 'xe.ecommerce.order.list/1.0.0';

export interface PhaseCost {
	phase: string;
	executions: number;
	xiaoeCalls: number;
	/** Order list pages read by the trigger. */
	orderListCalls: number;
	mingdaoCalls: number;
	mingdaoWrites: number;
}

export async function measureCost(n8n: N8nInstance, size: SuiteSize, count = 20, time: TimeScale = TIME_SCALE): Promise<PhaseCost[]> {
	const anchor = Date.now() - 60 * 60_000;
	const world = await World.start('costok', ORDERS.services, ORDERS.options(size, anchor));
	try {
		await n8n.importCredentials(world.credentialInputs());
		const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'workflows', ORDERS.file), 'utf8')) as Json;
		useCredentials(wf.nodes, world);
		ORDERS.configure(Object.fromEntries((wf.nodes as Json[]).map((n) => [String(n.name), n])), world, time, anchor);
		const id = 'faultsCostOrders';
		const file = path.join(n8n.userFolder, 'faults-cost-workflow.json');
		fs.writeFileSync(file, JSON.stringify([{ ...wf, id, name: `${wf.name} [cost]`, active: false }]));
		const imported = await n8n.cli(['import:workflow', `--input=${file}`]);
		if (imported.exitCode !== 0) throw new Error(imported.stderr);
		if (!n8n.isRunning) await n8n.start();
		await n8n.activate(id);
		const pollMs = time.pollSeconds * 1000;
		await waitRuns(n8n, id, 1);
		await sleep(3 * pollMs);

		const xe = world.xiaoe!;
		const md = world.mingdao!;
		const snap = async () => ({
			at: Date.now(),
			runs: (await n8n.listExecutions(id)).length,
			xiaoe: xe.faults!.calls,
			list: xe.stats().calls[LIST] ?? 0,
			mingdao: md.faults!.calls,
			writes: md.stats().writes.create + md.stats().writes.update,
		});
		const phase = (name: string, a: Awaited<ReturnType<typeof snap>>, b: Awaited<ReturnType<typeof snap>>): PhaseCost => ({
			phase: name,
			executions: b.runs - a.runs,
			xiaoeCalls: b.xiaoe - a.xiaoe,
			orderListCalls: b.list - a.list,
			mingdaoCalls: b.mingdao - a.mingdao,
			mingdaoWrites: b.writes - a.writes,
		});
		const out: PhaseCost[] = [];

		// idle: 10 polls with nothing new
		let a = await snap();
		await sleep(10 * pollMs);
		out.push(phase('idle polls (nothing new)', a, await snap()));

		// a normal delivery of `count` new orders
		a = await snap();
		xe.state.addOrders({ count, at: Date.now() - 1000 });
		await waitRuns(n8n, id, a.runs + 1);
		await sleep(pollMs);
		out.push(phase(`delivery of ${count} new orders (poll + execution)`, a, await snap()));

		// the same with Mingdao down: the execution fails
		a = await snap();
		await md.faults!.startOutage();
		xe.state.addOrders({ count, at: Date.now() - 1000 });
		await waitRuns(n8n, id, a.runs + 1);
		await md.faults!.endOutage();
		const failed = await snap();
		out.push(phase(`failed delivery of ${count} orders (target refused)`, a, failed));

		// the re-delivery after the pause
		await waitRuns(n8n, id, failed.runs + 1, 60_000);
		await sleep(pollMs);
		out.push(phase(`re-delivery of those ${count} orders (poll + execution)`, failed, await snap()));
		await n8n.deactivate(id);
		return out;
	} finally {
		await world.close();
	}
}

async function waitRuns(n8n: N8nInstance, id: string, count: number, timeoutMs = 120_000): Promise<void> {
	await n8n.waitForExecutions(id, count, timeoutMs);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function formatCost(rows: PhaseCost[]): string {
	return rows
		.map((r) => {
			const perPoll =
				r.executions === 0 && r.orderListCalls > 0
					? ` = per poll ${(r.xiaoeCalls / r.orderListCalls).toFixed(2)} Xiaoe, ${(r.mingdaoCalls / r.orderListCalls).toFixed(2)} Mingdao`
					: '';
			return (
				`${r.phase}: ${r.executions} execution(s); Xiaoe ${r.xiaoeCalls} calls (${r.orderListCalls} order-list pages), ` +
				`Mingdao ${r.mingdaoCalls} calls (${r.mingdaoWrites} writes)${perPoll}`
			);
		})
		.join('\n');
}
