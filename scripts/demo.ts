/**
 * The demo behind `npm run demo` (scripts/demo.sh installs, builds and packs first): the five services' emulators,
 * a real n8n with the packed package installed, one credential per service pointing at its emulator, and every
 * template in workflows/ imported and run once. `startDemo()` is also what the browser test (test/browser) runs.
 *
 * Between runs the n8n folder (<state>/n8n: login, credentials, your own workflows, executions) is kept; the
 * emulators keep their data in memory only, so they start fresh each run, and the templates' copies are re-imported
 * with their poll cursors cleared, so that they always match the emulators.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime, REPO_ROOT } from '../test/e2e/harness/n8n';
import { startXiaoeEmulator, type XiaoeEmulator } from '../test/emulators/xiaoe';
import { DEMO_WORKSHEETS, startMingdaoEmulator, WECHAT_MEMBERS_SHEET, type MingdaoEmulator } from '../test/emulators/mingdao';
import { membercardActivationEvent, pushMessage, startWechatEmulator, type WechatEmulator } from '../test/emulators/wechat';
import { startFxiaokeEmulator, type FxiaokeEmulator } from '../test/emulators/fxiaoke';
import { DEFAULT_ACCT_ID, DEFAULT_APP_ID, DEFAULT_APP_SECRET, startKingdeeEmulator, type KingdeeEmulator } from '../test/emulators/kingdee';
import { signature } from '../test/emulators/wechat/crypto';

export const PKG = 'n8n-nodes-china-saas';
/** The owner account the e2e harness creates on first use (test/e2e/harness/n8n.ts); checked by logging in. */
export const LOGIN = { email: 'e2e@example.com', password: 'E2e-Tests-Passw0rd' };

export interface DemoOptions {
	/** n8n editor port; 0 = any free port. */
	port: number;
	/** Xiaoe, Mingdao, WeChat, Fxiaoke, Kingdee on this port and the four after it; 0 = any free ports. */
	emulatorPort: number;
	/** Kept between runs: n8n's user folder is `<stateDir>/n8n`. */
	stateDir: string;
	/** Delete `<stateDir>/n8n` first. */
	reset?: boolean;
	/** The packed package (`npm pack` output). */
	tgz: string;
	log?: (line: string) => void;
}

export interface Emulators {
	xiaoe: XiaoeEmulator;
	mingdao: MingdaoEmulator;
	wechat: WechatEmulator;
	fxiaoke: FxiaokeEmulator;
	kingdee: KingdeeEmulator;
}

export interface DemoTemplate {
	id: string;
	name: string;
	file: string;
	/** Names and types of the nodes of this package in it. */
	nodes: Array<{ name: string; type: string }>;
}

export interface Demo {
	n8n: N8nInstance;
	emulators: Emulators;
	editorUrl: string;
	templates: DemoTemplate[];
	/** Credential id and name per credential type. */
	credentials: Record<string, { id: string; name: string }>;
	/** The production URL of the WeChat template's trigger. */
	wechatHookUrl: string;
	tryIt: string[];
	stop(): Promise<void>;
}

type Json = Record<string, any>;


/** Stable ids (n8n wants short alphanumeric ones): the same template or credential keeps its id across runs. */
const stableId = (key: string) => `demo${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;

export async function startEmulators(base: number): Promise<Emulators> {
	const port = (i: number) => (base ? base + i : undefined);
	const started: Array<{ close(): Promise<void> }> = [];
	try {
		const xiaoe = await startXiaoeEmulator({ port: port(0), orders: 300, users: 80, anchor: Date.now() - 60_000 });
		started.push(xiaoe);
		const mingdao = await startMingdaoEmulator({ port: port(1), ratePerSecond: 200, worksheets: [...DEMO_WORKSHEETS, WECHAT_MEMBERS_SHEET] });
		started.push(mingdao);
		const wechat = await startWechatEmulator({ port: port(2), followers: 40, members: 12 });
		started.push(wechat);
		const fxiaoke = await startFxiaokeEmulator({ port: port(3), records: { AccountObj: 200, SalesOrderObj: 50, object_erp_order__c: 100 } });
		started.push(fxiaoke);
		const kingdee = await startKingdeeEmulator({ port: port(4), customers: 50 });
		return { xiaoe, mingdao, wechat, fxiaoke, kingdee };
	} catch (error) {
		await Promise.all(started.map((s) => s.close()));
		throw error;
	}
}

/** One credential per service, pointing at its emulator (the values the emulators accept). */
export function credentialData(emu: Emulators): Record<string, Json> {
	const wx = emu.wechat.state;
	return {
		xiaoeApi: { baseUrl: emu.xiaoe.url, appId: 'app_emu', clientId: 'xop_emu', secretKey: 'emu_secret', requestsPerSecond: 0 },
		mingdaoApi: { baseUrl: emu.mingdao.url, appKey: 'emu_appkey', signSecret: 'emu_sign', requestsPerSecond: 50 },
		wechatOfficialAccountApi: {
			appId: wx.appId,
			appSecret: wx.appSecret,
			accessEndpoint: 'stable',
			baseUrl: emu.wechat.url,
			requestsPerSecond: 0,
			pushToken: wx.pushToken,
			encodingAesKeySecret: wx.encodingAesKey,
		},
		fxiaokeApi: {
			baseUrl: emu.fxiaoke.url,
			appId: 'FSAID_emu',
			appSecret: 'emu_app_secret',
			permanentCode: 'EMU_PERMANENT_CODE',
			operatorMode: 'openUserId',
			currentOpenUserId: 'FSUID_OPERATOR0001',
			requestsPerSecond: 0,
		},
		kingdeeK3CloudApi: {
			serverUrl: `${emu.kingdee.url}/`,
			authMode: 'signature',
			acctId: DEFAULT_ACCT_ID,
			userName: 'demo',
			appId: DEFAULT_APP_ID,
			appSecret: DEFAULT_APP_SECRET,
			lcid: 2052,
			orgNumber: '0',
			requestsPerSecond: 0,
		},
	};
}

const CREDENTIAL_NAMES: Record<string, string> = {
	xiaoeApi: 'Xiaoe (emulator)',
	mingdaoApi: 'Mingdao (emulator)',
	wechatOfficialAccountApi: 'WeChat Official Account (emulator)',
	fxiaokeApi: 'Fxiaoke (emulator)',
	kingdeeK3CloudApi: 'Kingdee K3Cloud (emulator)',
};

export interface PackageNode {
	/** e.g. `n8n-nodes-china-saas.xiaoe` */
	type: string;
	displayName: string;
	/** Credential types it declares. */
	credentials: string[];
	/** Its node group says trigger (polling or webhook). */
	trigger: boolean;
}

/** The nodes of the built package as n8n loads them (dist/, listed in package.json), so that renames follow. */
export function packageNodes(): PackageNode[] {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	const out: PackageNode[] = [];
	for (const file of manifest.n8n.nodes) {
		const loaded = require(path.join(REPO_ROOT, file)) as Record<string, new () => { description: Json }>;
		for (const NodeClass of Object.values(loaded)) {
			const { name, displayName, credentials, group } = new NodeClass().description;
			out.push({
				type: `${PKG}.${name}`,
				displayName,
				credentials: ((credentials ?? []) as Json[]).map((c) => String(c.name)),
				trigger: (group as string[]).includes('trigger'),
			});
		}
	}
	return out;
}

/** The demo's credential ids and names, per credential type. */
export function credentialRefs(): Demo['credentials'] {
	return Object.fromEntries(Object.entries(CREDENTIAL_NAMES).map(([type, name]) => [type, { id: stableId(`credential:${type}`), name }]));
}

/** The templates with the demo's credentials set, poll cursors cleared and the emulators' ids filled in. */
export function demoTemplates(emu: Emulators, credentials: Demo['credentials']): Array<{ template: DemoTemplate; workflow: Json }> {
	const nodeCredentials = Object.fromEntries(packageNodes().map((n) => [n.type, n.credentials]));
	const dir = path.join(REPO_ROOT, 'workflows');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Json;
			const nodes: DemoTemplate['nodes'] = [];
			for (const node of workflow.nodes as Json[]) {
				const declared = nodeCredentials[node.type];
				if (!declared) continue;
				nodes.push({ name: String(node.name), type: String(node.type) });
				const own = declared.filter((type) => credentials[type]);
				if (own.length) node.credentials = Object.fromEntries(own.map((type) => [type, credentials[type]]));
				const params = (node.parameters ?? {}) as Json;
				// The order sync starts "now" for a real shop; the demo backfills the emulator's last 11 days instead.
				if (node.type === `${PKG}.xiaoeTrigger` && 'startFrom' in params) {
					Object.assign(params, { startFrom: 'date', startDate: new Date(Date.now() - 11 * 86400_000).toISOString() });
				}
				// "Set the Form ID of your info-collection form": the emulator's first form.
				if ('formId' in params && !params.formId) params.formId = emu.xiaoe.state.forms[0].form_id;
			}
			const id = stableId(`template:${file}`);
			const template = { id, name: String(workflow.name), file, nodes };
			return { template, workflow: { ...workflow, id, active: false, staticData: null } };
		});
}

export async function startDemo(options: DemoOptions): Promise<Demo> {
	const log = options.log ?? ((line: string) => console.log(line));
	const userFolder = path.join(options.stateDir, 'n8n');
	if (options.reset && fs.existsSync(userFolder)) {
		log(`--reset: deleting ${userFolder}`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	const fresh = !fs.existsSync(path.join(userFolder, '.n8n/database.sqlite'));
	const emulators = await startEmulators(options.emulatorPort);
	const { xiaoe: xe, mingdao: md, wechat: wx, fxiaoke: fx, kingdee: kd } = emulators;
	let n8n: N8nInstance | undefined;
	const stop = async () => {
		await n8n?.stop();
		await Promise.all(Object.values(emulators).map((e) => e.close()));
	};
	try {
		log(`    emulators: Xiaoe ${xe.url}  Mingdao ${md.url}  WeChat ${wx.url}  Fxiaoke ${fx.url}  Kingdee ${kd.url}`);
		n8n = new N8nInstance({ runtime: N8nRuntime.locate(), userFolder });
		log(`    n8n folder: ${userFolder} (${fresh ? 'new' : 'kept from the last run'})`);
		await n8n.installPackage(options.tgz);

		const data = credentialData(emulators);
		const credentials = credentialRefs();
		await n8n.importCredentials(Object.entries(data).map(([type, d]) => ({ ...credentials[type], type, data: d })));

		const templates = demoTemplates(emulators, credentials);
		const importFile = path.join(userFolder, 'demo-templates.json');
		fs.writeFileSync(importFile, JSON.stringify(templates.map((t) => t.workflow), null, '\t'));
		const imported = await n8n.cli(['import:workflow', `--input=${importFile}`]);
		if (imported.exitCode !== 0) throw new Error(`importing the templates failed:\n${imported.stdout}\n${imported.stderr}`);
		log(`    ${templates.length} templates and ${Object.keys(credentials).length} credentials imported`);

		const byFile = (file: string) => templates.find((t) => t.template.file === file)?.template;
		const baseData = byFile('xiaoe-base-data-to-mingdao.json');
		if (baseData) {
			log(`\n  "${baseData.name}" (n8n execute) …`);
			const run = await n8n.execute(baseData.id, { timeoutMs: 300_000 });
			if (!run.ok) throw new Error(`the base data run failed:\n${JSON.stringify(run.error ?? {}).slice(0, 1500)}\n${run.stderr.slice(-1500)}`);
			const count = (alias: string) => md.state.listRows(alias).length;
			log(`    Mingdao has ${count('xiaoe_users')} users, ${count('xiaoe_courses')} courses, ${count('xiaoe_goods')} goods`);
		}

		log(`\n  n8n start on port ${options.port || '(any free)'} …`);
		await n8n.start({ port: options.port || undefined, timeoutMs: 180_000 });
		await checkLogin(n8n);

		const orders = byFile('xiaoe-orders-to-mingdao.json');
		if (orders) {
			log(`  "${orders.name}": activated, the trigger backfills the last 11 days …`);
			const before = (await n8n.listExecutions(orders.id)).length;
			await n8n.activate(orders.id);
			const runs = await n8n.waitForExecutions(orders.id, before + 1, 300_000);
			const run = runs[runs.length - 1];
			log(`    first run ${run.status}: Mingdao has ${md.state.listRows('xiaoe_orders').length} orders (Xiaoe: ${xe.state.listOrders().length})`);
		}

		const wechat = byFile('wechat-membercard-activation.json');
		let wechatHookUrl = '';
		if (wechat) {
			const workflow = templates.find((t) => t.template.id === wechat.id)!.workflow;
			const webhookId = (workflow.nodes as Json[]).find((n) => n.webhookId)?.webhookId as string;
			wechatHookUrl = `${n8n.baseUrl}/webhook/${webhookId}/wechat`;
			log(`  "${wechat.name}": activated, the WeChat emulator pushes one member-card activation …`);
			const before = (await n8n.listExecutions(wechat.id)).length;
			await n8n.activate(wechat.id);
			await waitForWechatHook(wechatHookUrl, wx);
			const member = wx.state.userCards[0];
			const xml = membercardActivationEvent({ openid: member.openid, cardId: member.card_id, code: member.code });
			const push = await pushMessage(pushTarget(wx, wechatHookUrl), xml, { timeoutMs: 30_000 });
			if (!push.acknowledged) throw new Error(`the WeChat trigger did not acknowledge the push: ${JSON.stringify(push.attempts)}`);
			const runs = await n8n.waitForExecutions(wechat.id, before + 1, 120_000);
			log(`    run ${runs[runs.length - 1].status}: Mingdao has ${md.state.listRows('wechat_members').length} member(s)`);
		}

		const editorUrl = `http://localhost:${new URL(n8n.baseUrl).port}`;
		return {
			n8n,
			emulators,
			editorUrl,
			templates: templates.map((t) => t.template),
			credentials,
			wechatHookUrl,
			tryIt: tryIt(emulators, wechatHookUrl),
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

function pushTarget(wx: WechatEmulator, url: string) {
	return { url, token: wx.state.pushToken, appId: wx.state.appId, encodingAesKey: wx.state.encodingAesKey, mode: 'safe' as const };
}

/** n8n registers production webhooks asynchronously after activation: wait until the URL check answers. */
async function waitForWechatHook(url: string, wx: WechatEmulator): Promise<void> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const ts = String(Math.floor(Date.now() / 1000));
		const query = new URLSearchParams({ signature: signature(wx.state.pushToken, ts, 'demo'), timestamp: ts, nonce: 'demo', echostr: 'ok' });
		const answer = await fetch(`${url}?${query}`).then((r) => r.status).catch(() => 0);
		if (answer === 200) return;
		if (Date.now() > deadline) throw new Error(`the WeChat trigger's URL ${url} never answered (last HTTP ${answer})`);
		await new Promise((r) => setTimeout(r, 300));
	}
}

/** The printed login must work: log in with it through n8n's REST API (the harness creates the owner). */
async function checkLogin(n8n: N8nInstance): Promise<void> {
	await n8n.rest('GET', '/rest/login');
	const answer = await fetch(`${n8n.baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: LOGIN.email, password: LOGIN.password }),
	});
	if (answer.status !== 200) throw new Error(`logging in as ${LOGIN.email} failed: HTTP ${answer.status}`);
}

function tryIt(emu: Emulators, wechatHookUrl: string): string[] {
	const mdControl = `${emu.mingdao.url.replace(/\/api$/, '')}/__emulator`;
	const member = emu.wechat.state.userCards[1];
	const xml = member ? membercardActivationEvent({ openid: member.openid, cardId: member.card_id, code: member.code }) : '';
	return [
		'# 3 new orders in Xiaoe; then open "Xiaoe orders → Mingdao" and click Execute workflow (or wait for the 5-minute poll)',
		`curl -s -XPOST ${emu.xiaoe.url}/__emulator/orders -H 'content-type: application/json' -d '{"count":3}'`,
		'# the orders Mingdao holds',
		`curl -s ${mdControl}/worksheets/xiaoe_orders/rows`,
		...(wechatHookUrl
			? [
					'# WeChat pushes a member-card activation to the active WeChat template (signed and encrypted, as WeChat does)',
					`curl -s -XPOST ${emu.wechat.url}/__emulator/push -H 'content-type: application/json' -d '${JSON.stringify({ url: wechatHookUrl, xml })}'`,
				]
			: []),
	];
}

/** `npm run demo`: options from scripts/demo-preflight.js (DEMO_OPTIONS), the package from CHINA_SAAS_TGZ. */
async function main() {
	const parsed = JSON.parse(process.env.DEMO_OPTIONS ?? '{}') as Partial<DemoOptions> & { once?: boolean };
	const options: DemoOptions = {
		port: parsed.port ?? 5678,
		emulatorPort: parsed.emulatorPort ?? 18081,
		stateDir: parsed.stateDir ?? path.join(process.env.HOME ?? '.', '.cache/n8n-nodes-china-saas/demo'),
		reset: parsed.reset,
		tgz: process.env.CHINA_SAAS_TGZ ?? '',
	};
	if (!options.tgz) throw new Error('CHINA_SAAS_TGZ is not set: run the demo with `npm run demo`');

	let demo: Demo | undefined;
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the emulators …');
		await demo?.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(130));
	process.on('SIGTERM', () => void stop(143));

	demo = await startDemo(options);
	const login = `${LOGIN.email} / ${LOGIN.password}`;
	console.log('');
	if (parsed.once) {
		console.log(`Done. The editor is closed again (--once); \`npm run demo\` opens it with the same data. Login: ${login}`);
		console.log(`Kept for the next run: ${path.join(options.stateDir, 'n8n')} (\`npm run demo -- --reset\` starts clean).`);
		await stop(0);
		return;
	}
	console.log('────────────────────────────────────────────────────────────────────────────────');
	console.log(`  n8n editor   ${demo.editorUrl}`);
	console.log(`  login        ${login}`);
	console.log(`  templates    ${demo.templates.map((t) => t.name).join(' · ')}`);
	console.log(`  credentials  one per service, named "… (emulator)"`);
	console.log(`  kept         ${path.join(options.stateDir, 'n8n')} (your workflows and executions; --reset starts clean)`);
	console.log('  Ctrl-C stops n8n and the emulators.');
	console.log('────────────────────────────────────────────────────────────────────────────────');
	console.log('\nTry it:');
	for (const line of demo.tryIt) console.log(line.startsWith('#') ? `\n${line}` : line);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
