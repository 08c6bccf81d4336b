/**
 * The package on n8n in queue mode (issue 15, point 6): one main, two workers, Redis and Postgres, the templates
 * active (triggers on the main, executions on the workers) against the five emulators, and token fetches counted per
 * credential and per n8n process. Run it with `bash scripts/queue-mode.sh` (it starts Redis/Postgres and builds the
 * package first); results go to stdout and, as JSON, to the file named by QUEUE_MODE_RESULTS.
 *
 * Each emulator sits behind a counting proxy (test/e2e/harness/queue.ts) that tells which n8n process sent each
 * request (by its socket, from /proc), so "token fetches per process" is measured, not inferred.
 *
 * Phases:
 *   1. templates: Xiaoe base data (its Manual Trigger swapped for a Webhook so that it runs on a worker), Xiaoe orders
 *      (polling trigger on the main), WeChat member-card activation (push webhook on the main);
 *   2. load: 12 concurrent webhook calls per service (Xiaoe, WeChat stable token, Fxiaoke, Kingdee session and
 *      signature), so both workers need a token at the same moment;
 *   3. rotation: every token/session replaced behind the processes' backs (as another process or system does), then
 *      the same load again: each process must notice, renew and finish every call.
 * Exit code 1 when an execution failed or a template's result is wrong.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E_ROOT, N8nInstance, N8nRuntime, REPO_ROOT } from '../test/e2e/harness/n8n';
import { PKG, withCredentials } from '../test/e2e/harness/workflow';
import {
	ProcessAttributor,
	queueEnv,
	startCountingProxy,
	startPostgres,
	startRedis,
	startWorker,
	type ProxiedRequest,
	type Service,
	type Worker,
} from '../test/e2e/harness/queue';
import { startXiaoeEmulator } from '../test/emulators/xiaoe';
import { DEMO_WORKSHEETS, startMingdaoEmulator, WECHAT_MEMBERS_SHEET } from '../test/emulators/mingdao';
import { membercardActivationEvent, sendPush, signPush, startWechatEmulator } from '../test/emulators/wechat';
import { startFxiaokeEmulator } from '../test/emulators/fxiaoke';
import { DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET, startKingdeeEmulator } from '../test/emulators/kingdee';

type Json = Record<string, unknown>;
type Cell = { calls: number; tokenFetches: number; rejected: number };
const LOAD = Number(process.env.QUEUE_MODE_LOAD ?? 12);
const stopAll: Array<() => Promise<void>> = [];
const failures: string[] = [];
const log = (s: string) => console.log(`[queue-mode] ${s}`);
const check = (ok: boolean, what: string) => {
	log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
	if (!ok) failures.push(what);
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Which answers mean "this token/session is no longer valid" (each emulator's documented code). */
const REJECTED: Record<string, (r: ProxiedRequest) => boolean> = {
	xiaoe: (r) => /"code":\s*2008\b/.test(r.body),
	wechat: (r) => /"errcode":\s*(40001|42001|40014)\b/.test(r.body),
	fxiaoke: (r) => /"errorCode":\s*20016\b/.test(r.body),
	kingdee: (r) => r.body.includes('会话信息已丢失'),
};
const TOKEN_PATH: Record<string, (p: string) => boolean> = {
	xiaoe: (p) => p === '/token',
	wechat: (p) => p === '/cgi-bin/token' || p === '/cgi-bin/stable_token',
	fxiaoke: (p) => p.includes('corpAccessToken'),
	kingdee: (p) => /LoginByAppSecret|ValidateUser|LoginBy/i.test(p),
};

async function main(): Promise<void> {
	const tgz = process.env.CHINA_SAAS_TGZ;
	if (!tgz || !fs.existsSync(tgz)) throw new Error('CHINA_SAAS_TGZ must name the packed package (scripts/queue-mode.sh sets it)');
	const runtime = N8nRuntime.locate();
	const dir = fs.mkdtempSync(path.join(E2E_ROOT, 'queue-mode-'));
	log(`n8n ${runtime.n8nVersion}, folder ${dir}`);

	const pg = await startPostgres(dir);
	stopAll.push(() => pg.stop());
	const redis = await startRedis(dir);
	stopAll.push(() => redis.stop());
	log(`Postgres on ${pg.port}, Redis on ${redis.port}`);

	// ---- emulators, each behind a counting proxy ------------------------------------------------------------
	const anchor = Date.now() - 60_000;
	const xe = await startXiaoeEmulator({ anchor, spanDays: 10, orders: 300, users: 80 });
	const md = await startMingdaoEmulator({ worksheets: [...DEMO_WORKSHEETS, WECHAT_MEMBERS_SHEET], ratePerSecond: 500 });
	const wx = await startWechatEmulator({ followers: 40, members: 12 });
	const fx = await startFxiaokeEmulator();
	const kd = await startKingdeeEmulator({ customers: 120 });
	for (const e of [xe, md, wx, fx, kd]) stopAll.push(() => e.close());
	const attributor = new ProcessAttributor();
	const proxies: Record<string, Service & { url: string; seen: ProxiedRequest[] }> = {};
	for (const [name, url] of Object.entries({ xiaoe: xe.url, mingdao: md.url, wechat: wx.url, fxiaoke: fx.url, kingdee: kd.url })) {
		proxies[name] = await startCountingProxy(url, attributor, () => true);
		stopAll.push(() => proxies[name].stop());
	}

	// ---- n8n: one main and two workers, each with its own user folder and the package installed ---------------
	const env = { ...queueEnv(pg, redis), N8N_LOG_LEVEL: 'info' };
	const mainN8n = new N8nInstance({ runtime, userFolder: path.join(dir, 'main'), env });
	const workers = [1, 2].map((i) => new N8nInstance({ runtime, userFolder: path.join(dir, `worker${i}`), env }));
	for (const n of [mainN8n, ...workers]) await n.installPackage(tgz);
	const started = Date.now();
	const migrated = await mainN8n.cli(['list:workflow'], { timeoutMs: 600_000 }); // runs the Postgres migrations once
	if (migrated.exitCode !== 0) throw new Error(`n8n could not use Postgres:\n${migrated.stdout}\n${migrated.stderr}`);
	log(`Postgres migrations: ${((Date.now() - started) / 1000).toFixed(0)} s`);

	const CREDS = {
		xiaoeApi: { id: 'qmXiaoe00000001', name: 'Xiaoe' },
		mingdaoApi: { id: 'qmMingdao000001', name: 'Mingdao' },
		wechatOfficialAccountApi: { id: 'qmWechat0000001', name: 'WeChat' },
		fxiaokeApi: { id: 'qmFxiaoke000001', name: 'Fxiaoke' },
		kingdeeSession: { id: 'qmKingdeeSess01', name: 'Kingdee session' },
		kingdeeSigned: { id: 'qmKingdeeSign01', name: 'Kingdee signed' },
	};
	const kingdeeData = { serverUrl: `${proxies.kingdee.url}/`, acctId: DEFAULT_ACCT_ID, userName: 'demo', appId: DEFAULT_APP_ID, appSecret: DEFAULT_APP_SECRET, lcid: 2052, orgNumber: '0', requestsPerSecond: 0 };
	const credentialFile = path.join(dir, 'credentials.json');
	fs.writeFileSync(credentialFile, JSON.stringify([
		{ ...CREDS.xiaoeApi, type: 'xiaoeApi', data: { baseUrl: proxies.xiaoe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0 } },
		{ ...CREDS.mingdaoApi, type: 'mingdaoApi', data: { baseUrl: proxies.mingdao.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 100 } },
		{
			...CREDS.wechatOfficialAccountApi,
			type: 'wechatOfficialAccountApi',
			data: { appId: wx.state.appId, appSecret: wx.state.appSecret, accessEndpoint: 'stable', baseUrl: proxies.wechat.url, requestsPerSecond: 0, pushToken: wx.state.pushToken, encodingAesKeySecret: wx.state.encodingAesKey },
		},
		{
			...CREDS.fxiaokeApi,
			type: 'fxiaokeApi',
			data: { baseUrl: proxies.fxiaoke.url, appId: 'FSAID_emu', appSecret: 'emu_app_secret', permanentCode: 'EMU_PERMANENT_CODE', operatorMode: 'openUserId', currentOpenUserId: 'FSUID_OPERATOR0001', requestsPerSecond: 1000 },
		},
		{ ...CREDS.kingdeeSession, type: 'kingdeeK3CloudApi', data: { ...kingdeeData, authMode: 'appSecretLogin' } },
		{ ...CREDS.kingdeeSigned, type: 'kingdeeK3CloudApi', data: { ...kingdeeData, authMode: 'signature' } },
	]));
	const credentialsImported = await mainN8n.cli(['import:credentials', `--input=${credentialFile}`], { timeoutMs: 900_000 });
	if (credentialsImported.exitCode !== 0) throw new Error(`import:credentials failed:\n${credentialsImported.stderr}`);

	// ---- workflows: the templates + one small webhook workflow per service ------------------------------------
	const template = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'workflows', file), 'utf8')) as Json & { nodes: Json[] };
	const credentialed = (wf: Json) => {
		const copy = withCredentials(wf, CREDS) as Json & { nodes: Json[] };
		for (const node of copy.nodes) {
			if (String(node.type).includes('.wechatOfficialAccount')) node.credentials = { wechatOfficialAccountApi: CREDS.wechatOfficialAccountApi };
		}
		return copy;
	};
	const ids: Record<string, string> = {};
	// One `import:workflow --separate` for all (each n8n CLI call costs a process start and a Postgres connection;
	// on a busy machine a CLI call can outlast its timeout, and a CLI killed in queue mode hangs in its shutdown).
	const importDir = path.join(dir, 'workflows');
	fs.mkdirSync(importDir, { recursive: true });
	const stage = (key: string, workflow: Json) => {
		ids[key] = String(workflow.id);
		fs.writeFileSync(path.join(importDir, `${key}.json`), JSON.stringify({ active: false, settings: {}, ...workflow }));
	};

	const baseData = template('xiaoe-base-data-to-mingdao.json');
	for (const node of baseData.nodes) {
		if (node.type === 'n8n-nodes-base.manualTrigger') {
			Object.assign(node, { type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: 'qm-base-data', responseMode: 'onReceived', options: {} } });
		}
	}
	stage('baseData', credentialed({ ...baseData, id: 'qmBaseData00001', name: 'Base data (queue mode)' }));

	const orders = template('xiaoe-orders-to-mingdao.json');
	const byName = Object.fromEntries(orders.nodes.map((n) => [String(n.name), n]));
	Object.assign(byName['New or Updated Orders'].parameters as Json, { startFrom: 'date', startDate: new Date(anchor - 11 * 86400_000).toISOString() });
	(byName['Add Form Answers'].parameters as Json).formId = xe.state.forms[0].form_id;

	const wechat = template('wechat-membercard-activation.json');
	const wechatHook = (wechat.nodes.find((n) => n.webhookId) as Json).webhookId as string;
	stage('wechatTemplate', credentialed({ ...wechat, id: 'qmWechat0000001', name: 'WeChat activation (queue mode)' }));

	const hook = (id: string, hookPath: string, node: Json): Json => ({
		id,
		name: `load ${hookPath}`,
		nodes: [
			{ id: `${id}-0`, name: 'Hook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: hookPath, responseMode: 'onReceived', options: {} } },
			{ id: `${id}-1`, typeVersion: 1, position: [220, 0], ...node, name: 'Call' },
		],
		connections: { Hook: { main: [[{ node: 'Call', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	const LOADS: Record<string, Json> = {
		xiaoe: { type: `${PKG}.xiaoe`, credentials: { xiaoeApi: CREDS.xiaoeApi }, parameters: { resource: 'user', operation: 'getMany', returnAll: false, limit: 20, filters: {} } },
		wechat: { type: `${PKG}.wechatOfficialAccount`, credentials: { wechatOfficialAccountApi: CREDS.wechatOfficialAccountApi }, parameters: { resource: 'user', operation: 'getFollowers', returnAll: true, nextOpenId: '' } },
		fxiaoke: { type: `${PKG}.fxiaoke`, credentials: { fxiaokeApi: CREDS.fxiaokeApi }, parameters: { resource: 'crmObject', operation: 'getMany', object: { __rl: true, mode: 'id', value: 'AccountObj' }, returnAll: false, limit: 20, filters: {}, options: {} } },
		kingdeeSession: kingdeeQuery(CREDS.kingdeeSession),
		kingdeeSigned: kingdeeQuery(CREDS.kingdeeSigned),
	};
	for (const [name, node] of Object.entries(LOADS)) stage(name, hook(`qmLoad${name.padEnd(9, '0').slice(0, 9)}`, `qm-${name}`, node));
	stage('orders', credentialed({ ...orders, id: 'qmOrders0000001', name: 'Orders (queue mode)' }));
	const imported = await mainN8n.cli(['import:workflow', '--separate', `--input=${importDir}`], { timeoutMs: 900_000 });
	if (imported.exitCode !== 0) throw new Error(`import:workflow failed:\n${imported.stdout}\n${imported.stderr}`);

	// ---- start: main, then the workers ------------------------------------------------------------------------
	await mainN8n.start({ timeoutMs: 600_000 });
	for (const key of ['baseData', 'wechatTemplate', ...Object.keys(LOADS)]) await mainN8n.activate(ids[key]); // REST, as the editor does
	const w: Worker[] = [];
	for (const [i, n] of workers.entries()) w.push(await startWorker(n, { name: `worker${i + 1}`, concurrency: 5 }));
	stopAll.unshift(async () => {
		for (const x of w) await x.stop();
		await mainN8n.stop();
	});
	const mainPid = mainN8n.serverPid as number;
	Object.assign(attributor.roles, { main: mainPid, worker1: w[0].pid, worker2: w[1].pid });
	log(`main pid ${mainPid}, workers ${w[0].pid} ${w[1].pid}`);

	const hookUrl = (p: string) => `${mainN8n.baseUrl}/webhook/${p}`;
	const post = async (p: string) => {
		for (let attempt = 0; ; attempt++) {
			const r = await fetch(hookUrl(p), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
			if (r.status === 200 || attempt > 240) return r.status;
			await sleep(500); // production webhooks are registered asynchronously after start
		}
	};
	const executions = () =>
		JSON.parse(pg.sql(`SELECT coalesce(json_agg(json_build_object('id', id, 'workflowId', "workflowId", 'status', status)), '[]') FROM execution_entity`)) as Array<{ id: number; workflowId: string; status: string }>;
	const waitForExecutions = async (count: number, timeoutMs = 900_000) => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = executions().filter((e) => !['new', 'running', 'waiting'].includes(e.status));
			if (done.length >= count || Date.now() > deadline) return done;
			await sleep(1000);
		}
	};

	// ---- phase 1: templates --------------------------------------------------------------------------------------
	const mark = () => Object.fromEntries(Object.entries(proxies).map(([k, p]) => [k, p.seen.length]));
	const phases: Array<{ name: string; from: Record<string, number>; to?: Record<string, number> }> = [];
	const phase = (name: string) => {
		if (phases.length) phases[phases.length - 1].to = mark();
		phases.push({ name, from: mark() });
	};

	phase('templates');
	check((await post('qm-base-data')) === 200, 'base-data webhook accepted');
	await mainN8n.activate(ids.orders); // the poll runs on the main at activation; the run goes to a worker
	const members = wx.state.userCards.slice(0, 6);
	for (let i = 0; i < 100; i++) {
		const ts = String(Math.floor(Date.now() / 1000));
		const probe = await sendPush(`${mainN8n.baseUrl}/webhook/${wechatHook}/wechat`, { query: { signature: sha1Signature(wx.state.pushToken, ts, 'probe'), timestamp: ts, nonce: 'probe', echostr: '1' }, body: '' }, { method: 'GET', timeoutMs: 30_000 });
		if (probe.status === 200) break;
		await sleep(300);
	}
	const target = { url: `${mainN8n.baseUrl}/webhook/${wechatHook}/wechat`, token: wx.state.pushToken, appId: wx.state.appId, encodingAesKey: wx.state.encodingAesKey, mode: 'safe' as const };
	await Promise.all(
		members.map(async (m, i) => {
			const push = signPush(target, membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code: m.code, createTime: Math.floor(Date.now() / 1000) - i }));
			await sendPush(target.url, push, { timeoutMs: 30_000 });
			await sendPush(target.url, push, { timeoutMs: 30_000 }); // WeChat's retry of the same push: de-duplicated on the main
		}),
	);
	let done = await waitForExecutions(2 + members.length);
	check(md.state.listRows('xiaoe_orders').length === xe.state.listOrders().length, `orders template: ${md.state.listRows('xiaoe_orders').length}/${xe.state.listOrders().length} order rows`);
	check(md.state.listRows('xiaoe_users').length === xe.state.listUsers().length, `base data template: ${md.state.listRows('xiaoe_users').length}/${xe.state.listUsers().length} user rows`);
	// The poll ran on the main, the run on a worker: the main learns the outcome through the done promise (the job's
	// result), and the next poll drops the settled delivery from the cursor. A lost outcome would stay pending.
	const staticData = () => pg.sql(`SELECT "staticData" FROM workflow_entity WHERE id = '${ids.orders}'`);
	const pendingBefore = /"pending":\{"/.test(staticData());
	await mainN8n.deactivate(ids.orders);
	await mainN8n.activate(ids.orders);
	let settled = false;
	for (let i = 0; i < 120 && !settled; i++) {
		settled = /"pending":\{\}/.test(staticData()) && !/"redeliver"/.test(staticData());
		if (!settled) await sleep(1000);
	}
	check(pendingBefore && settled, 'orders trigger: its delivery, run on a worker, was settled on the main (done promise) and not re-delivered');
	check(md.state.listRows('wechat_members').length === members.length, `WeChat template: ${md.state.listRows('wechat_members').length}/${members.length} member rows (pushes sent twice)`);

	// ---- phase 2: concurrent load on both workers -----------------------------------------------------------------
	const load = async () => {
		const statuses = await Promise.all(Object.keys(LOADS).flatMap((name) => Array.from({ length: LOAD }, () => post(`qm-${name}`))));
		check(statuses.every((s) => s === 200), `${statuses.length} webhook calls accepted`);
	};
	phase('load');
	const before2 = done.length;
	await load();
	done = await waitForExecutions(before2 + LOAD * Object.keys(LOADS).length);

	// ---- phase 3: every token replaced behind the processes' backs, then the same load ----------------------------
	phase('rotation');
	xe.state.issueToken(); // another process fetched a new Xiaoe token: the old ones retire after the grace period
	wx.state.expireAllTokens(); // someone forced a new WeChat token: the old one dies at once (40001)
	fx.state.expireAllTokens(); // Fxiaoke tokens gone (20016)
	kd.state.expireSessions(); // Kingdee sessions lost (idle timeout / server restart)
	const before3 = done.length;
	await load();
	done = await waitForExecutions(before3 + LOAD * Object.keys(LOADS).length);
	phases[phases.length - 1].to = mark();
	await sleep(2000);

	// ---- results ------------------------------------------------------------------------------------------------
	const all = executions();
	const failed = all.filter((e) => e.status !== 'success');
	check(failed.length === 0, `${all.length} executions, ${failed.length} not successful`);
	const roles = ['main', 'worker1', 'worker2'];
	const table: Json[] = [];
	for (const p of phases) {
		for (const service of ['xiaoe', 'wechat', 'fxiaoke', 'kingdee', 'mingdao']) {
			const seen = proxies[service].seen.slice(p.from[service], p.to?.[service]);
			const row: Json = { phase: p.name, service };
			for (const role of roles) {
				const mine = seen.filter((r) => r.role === role);
				row[role] = {
					calls: mine.length,
					tokenFetches: TOKEN_PATH[service] ? mine.filter((r) => TOKEN_PATH[service](r.path)).length : 0,
					rejected: REJECTED[service] ? mine.filter((r) => REJECTED[service](r)).length : 0,
				};
			}
			row.unattributed = seen.filter((r) => !roles.includes(r.role)).length;
			table.push(row);
		}
	}
	const issued = {
		xiaoe: xe.stats().tokensIssued,
		wechat: wx.stats().tokensIssued,
		fxiaoke: fx.stats().tokensIssued,
		kingdee: kd.stats().logins,
	};
	const results = { n8n: runtime.n8nVersion, load: LOAD, executions: all.length, failed: failed.length, issued, table, failures };
	console.log(formatTable(table));
	log(`tokens/sessions issued by the emulators (incl. the 1 Xiaoe token fetched by the script): ${JSON.stringify(issued)}`);
	if (process.env.QUEUE_MODE_RESULTS) fs.writeFileSync(process.env.QUEUE_MODE_RESULTS, JSON.stringify(results, null, 2));
	const onWorkers = table.filter((r) => r.phase !== 'templates').reduce((n, r) => n + (r.worker1 as Cell).calls + (r.worker2 as Cell).calls, 0);
	const onMain = table.filter((r) => r.phase !== 'templates').reduce((n, r) => n + (r.main as Cell).calls, 0);
	check(onWorkers > 0 && onMain === 0, `load phases: ${onWorkers} API calls from the workers, ${onMain} from the main`);
	check(table.every((r) => r.unattributed === 0), 'every API call attributed to an n8n process');
}

function kingdeeQuery(credential: { id: string; name: string }): Json {
	return {
		type: `${PKG}.kingdeeK3Cloud`,
		credentials: { kingdeeK3CloudApi: credential },
		parameters: {
			resource: 'form',
			operation: 'query',
			formId: { __rl: true, mode: 'id', value: 'BD_Customer' },
			fieldKeys: 'FCUSTID,FNumber,FName',
			filterString: '',
			orderString: 'FNumber ASC',
			returnAll: false,
			limit: 20,
			options: {},
		},
	};
}

function sha1Signature(token: string, timestamp: string, nonce: string): string {
	return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

function formatTable(rows: Json[]): string {
	const cell = (c: Json) => `${c.calls} calls, ${c.tokenFetches} token, ${c.rejected} rejected`;
	const lines = ['phase      service   main                              worker1                           worker2'];
	for (const r of rows) {
		lines.push(`${String(r.phase).padEnd(10)} ${String(r.service).padEnd(9)} ${cell(r.main as Json).padEnd(33)} ${cell(r.worker1 as Json).padEnd(33)} ${cell(r.worker2 as Json)}`);
	}
	return lines.join('\n');
}

main()
	.catch((error) => {
		failures.push(String(error?.stack ?? error));
		console.error(error);
	})
	.finally(async () => {
		for (const stop of stopAll) await stop().catch(() => undefined);
		log(failures.length ? `FAILED: ${failures.length} check(s)` : 'all checks passed');
		process.exit(failures.length ? 1 : 0);
	});
