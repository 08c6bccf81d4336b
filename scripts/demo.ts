/**
 * The demo behind `npm run demo`: the two templates in a real n8n against the emulators (see scripts/demo.sh).
 * It prints what Mingdao holds afterwards and keeps the editor running at http://localhost:5678.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E_ROOT, N8nInstance, N8nRuntime } from '../test/e2e/harness/n8n';
import { withCredentials } from '../test/e2e/harness/workflow';
import { startXiaoeEmulator } from '../test/emulators/xiaoe';
import { startMingdaoEmulator } from '../test/emulators/mingdao';

const once = process.argv.includes('--once');
const PORT = Number(process.env.N8N_PORT ?? 5678);
const CREDS = { xiaoeApi: { id: 'demoXiaoe000001', name: 'Xiaoe (emulator)' }, mingdaoApi: { id: 'demoMingdao0001', name: 'Mingdao (emulator)' } };

type Json = Record<string, unknown>;
const readTemplate = (file: string) => JSON.parse(fs.readFileSync(path.join(__dirname, '../workflows', file), 'utf8')) as Json & { nodes: Json[] };

async function main() {
	const xe = await startXiaoeEmulator({ port: 18081, orders: 300, users: 80, anchor: Date.now() - 60_000 });
	const md = await startMingdaoEmulator({ port: 18082, ratePerSecond: 200 });
	console.log(`Xiaoe emulator   ${xe.url}   (app_emu / xop_emu / emu_secret)`);
	console.log(`Mingdao emulator ${md.url}   (emu_appkey / emu_sign)`);

	const n8n = new N8nInstance({ runtime: N8nRuntime.locate(), userFolder: path.join(E2E_ROOT, `demo-${Date.now().toString(36)}`) });
	await n8n.installPackage(process.env.CHINA_SAAS_TGZ as string);
	await n8n.importCredentials([
		{ ...CREDS.xiaoeApi, type: 'xiaoeApi', data: { baseUrl: xe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0 } },
		{ ...CREDS.mingdaoApi, type: 'mingdaoApi', data: { baseUrl: md.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 50 } },
	]);

	const base = readTemplate('xiaoe-base-data-to-mingdao.json');
	const baseId = await n8n.importWorkflow(withCredentials({ ...base, id: 'demoBaseData001' }, CREDS));
	const orders = readTemplate('xiaoe-orders-to-mingdao.json');
	for (const node of orders.nodes) {
		const params = node.parameters as Json;
		if (node.name === 'New or Updated Orders') Object.assign(params, { startFrom: 'date', startDate: new Date(Date.now() - 11 * 86400_000).toISOString() });
		if (node.name === 'Add Form Answers') params.formId = xe.state.forms[0].form_id;
	}
	const ordersId = await n8n.importWorkflow(withCredentials({ ...orders, id: 'demoOrderSync01' }, CREDS));

	console.log('\n1. Base data (users, courses, goods) → Mingdao, with `n8n execute` …');
	const result = await n8n.execute(baseId);
	if (!result.ok) throw new Error(`base data run failed:\n${result.stderr.slice(-2000)}`);
	const count = (alias: string) => md.state.listRows(alias).length;
	console.log(`   Mingdao now has ${count('xiaoe_users')} users, ${count('xiaoe_courses')} courses, ${count('xiaoe_goods')} goods`);

	console.log('\n2. Order sync: n8n start, workflow activated, the trigger backfills the last 11 days …');
	await n8n.start({ port: PORT });
	await n8n.activate(ordersId);
	const [run] = await n8n.waitForExecutions(ordersId, 1, 180_000);
	console.log(`   first run ${run.status}: Mingdao has ${count('xiaoe_orders')} orders (Xiaoe: ${xe.state.listOrders().length}), ${count('xiaoe_users')} users`);
	const s = xe.stats();
	console.log(`   Xiaoe: ${s.businessCalls} API calls, ${s.tokenFetches} token fetches; Mingdao: ${JSON.stringify(md.stats().writes)}`);

	if (once) {
		await n8n.stop();
		await Promise.all([xe.close(), md.close()]);
		return;
	}
	console.log(`\nEditor: http://localhost:${PORT}  (login e2e@example.com / E2e-Tests-Passw0rd). The order sync polls every 5 minutes;`);
	console.log(`add orders with: curl -XPOST ${xe.url}/__emulator/orders -H 'content-type: application/json' -d '{"count":3}'`);
	console.log('Ctrl-C stops n8n and the emulators.');
	const stop = async () => {
		await n8n.stop();
		await Promise.all([xe.close(), md.close()]);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
