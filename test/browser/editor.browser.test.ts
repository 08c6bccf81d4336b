/**
 * The package in n8n's editor, in headless Chromium, as a newcomer meets it after `npm run demo`: sign in with the
 * printed login, open every template, find the nodes in the node panel in English and Chinese, test a credential,
 * run the order template from the editor. The demo is started by the same code as `npm run demo` (scripts/demo.ts),
 * in a fresh state folder on free ports. Screenshots of each step go to test-output/browser/ (git-ignored);
 * UPDATE_DOCS_SCREENSHOTS=1 also refreshes the two in docs/images/.
 *
 * Every step fails on errors that come from this package: console errors and uncaught exceptions that name it,
 * failed requests for its icons, its options / resource-mapper methods and its credential tests.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOGIN, packageNodes, startDemo, type Demo, type PackageNode } from '../../scripts/demo';
import { openBrowser, type Session } from './support/chromium';
import {
	ICON_PREFIX,
	canvasIssues,
	canvasNode,
	closeNodeDetails,
	iconOf,
	openNodeDetails,
	openNodePanel,
	openWorkflow,
	panelItem,
	parameterIssues,
	searchNodes,
	signIn,
	stickiesCutOff,
	until,
} from './support/editor';

const DOCS_IMAGES = path.resolve(__dirname, '../../docs/images');
/** Node panel searches a user would type, and the nodes (by type name) each must find. */
const SEARCHES: Array<[term: string, nodes: string[]]> = [
	['Xiaoe', ['xiaoe']],
	['小鹅通', ['xiaoe']],
	['Mingdao', ['mingdao']],
	['明道云', ['mingdao']],
	['WeChat', ['wechatOfficialAccount']],
	['微信公众号', ['wechatOfficialAccount']],
	['Fxiaoke', ['fxiaoke']],
	['纷享销客', ['fxiaoke']],
	['Kingdee', ['kingdeeK3Cloud']],
	['金蝶', ['kingdeeK3Cloud']],
	['订单', ['xiaoe']],
	['行记录', ['mingdao']],
	['会员卡', ['wechatOfficialAccount']],
	['客户', ['fxiaoke', 'kingdeeK3Cloud']],
	['upsert', ['mingdao', 'fxiaoke', 'kingdeeK3Cloud']],
];

jest.setTimeout(15 * 60 * 1000);

let demo: Demo;
let browser: Session;
let stateDir: string;
let nodes: PackageNode[];
const displayName = (name: string) => nodes.find((n) => n.type === `n8n-nodes-china-saas.${name}`)?.displayName ?? name;

beforeAll(async () => {
	nodes = packageNodes();
	const root = process.env.N8N_E2E_ROOT ?? os.tmpdir();
	fs.mkdirSync(root, { recursive: true });
	stateDir = fs.mkdtempSync(path.join(root, 'china-saas-browser-'));
	demo = await startDemo({ port: 0, emulatorPort: 0, stateDir, reset: true, tgz: process.env.CHINA_SAAS_TGZ as string, log: () => undefined });
	browser = await openBrowser();
});

afterAll(async () => {
	await browser?.close();
	await demo?.stop();
	if (stateDir && !process.env.E2E_KEEP) fs.rmSync(stateDir, { recursive: true, force: true });
});

afterEach(() => {
	// every step: nothing from the package went wrong in the browser
	const errors = browser?.packageErrors.splice(0) ?? [];
	expect(errors).toEqual([]);
});

const docsScreenshot = (from: string, name: string) => {
	if (!process.env.UPDATE_DOCS_SCREENSHOTS) return;
	fs.mkdirSync(DOCS_IMAGES, { recursive: true });
	fs.copyFileSync(from, path.join(DOCS_IMAGES, name));
};

describe('the demo in the n8n editor (headless Chromium)', () => {
	it('signs in with the printed login and lists every template', async () => {
		const { page } = browser;
		await signIn(page, demo.editorUrl, LOGIN);
		await page.goto(`${demo.editorUrl}/home/workflows`);
		for (const template of demo.templates) await page.getByText(template.name, { exact: true }).first().waitFor();
		await browser.screenshot('workflows');
	});

	it('renders every template: notes that fit, each node of the package with its icon, no parameter warnings', async () => {
		const { page } = browser;
		const problems: string[] = [];
		for (const template of demo.templates) {
			await openWorkflow(page, demo.editorUrl, template.id, template.nodes.length);
			const shot = await browser.screenshot(`template-${path.basename(template.file, '.json')}`);
			if (template.file === 'xiaoe-orders-to-mingdao.json') docsScreenshot(shot, 'template-xiaoe-orders.png');
			for (const note of await stickiesCutOff(page)) problems.push(`${template.file}: the note "${note}" does not fit its sticky`);
			for (const node of template.nodes) {
				const element = canvasNode(page, node.name);
				const icon = await iconOf(element);
				if (!icon?.drawn || !icon.src.includes(ICON_PREFIX)) problems.push(`${template.file} › ${node.name}: icon ${JSON.stringify(icon)}`);
				for (const issue of await canvasIssues(page, element)) problems.push(`${template.file} › ${node.name}: ${issue}`);
				const ndv = await openNodeDetails(page, element);
				// options and the column mapper load from the emulators: wait until they settle
				await page.waitForTimeout(1500);
				if (await ndv.getByTestId('resource-mapper-container').count()) {
					await ndv.getByTestId('mapping-fields-container').waitFor();
				}
				for (const label of await parameterIssues(ndv)) problems.push(`${template.file} › ${node.name}: parameter "${label}" marked`);
				const panel = await browser.screenshot(`node-${path.basename(template.file, '.json')}-${node.name.replace(/\W+/g, '-')}`);
				if (node.name === 'Upsert Orders') docsScreenshot(panel, 'mingdao-upsert-panel.png');
				await closeNodeDetails(page);
			}
		}
		expect(problems).toEqual([]);
	});

	it('renders the nodes no template uses, with their icons, and opens their panels', async () => {
		const { page } = browser;
		const used = new Set(demo.templates.flatMap((t) => t.nodes.map((n) => n.type)));
		const rest = nodes.filter((n) => !used.has(n.type));
		const workflow = {
			id: 'browserGallery01',
			name: 'Nodes without a template (browser test)',
			nodes: rest.map((n, i) => ({
				id: randomUUID(),
				name: n.displayName,
				type: n.type,
				typeVersion: 1,
				position: [i * 260, 0],
				parameters: {},
				...(n.trigger ? { webhookId: randomUUID() } : {}),
				credentials: Object.fromEntries(n.credentials.filter((c) => demo.credentials[c]).map((c) => [c, demo.credentials[c]])),
			})),
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		await demo.n8n.importWorkflow(workflow);
		await openWorkflow(page, demo.editorUrl, workflow.id, rest.length);
		await browser.screenshot('nodes-without-template');
		const problems: string[] = [];
		// added with empty parameters, their required fields are empty: the markers must show here, which proves
		// that the template step's "no warnings" looks at markers n8n really draws
		let marked = 0;
		for (const node of rest) {
			const element = canvasNode(page, node.displayName);
			const icon = await iconOf(element);
			if (!icon?.drawn || !icon.src.includes(ICON_PREFIX)) problems.push(`${node.type}: icon ${JSON.stringify(icon)}`);
			const onCanvas = (await canvasIssues(page, element)).length;
			const ndv = await openNodeDetails(page, element);
			await page.waitForTimeout(1500);
			if (onCanvas > 0 && (await parameterIssues(ndv)).length > 0) marked++;
			await browser.screenshot(`node-${node.type.split('.')[1]}`);
			await closeNodeDetails(page);
		}
		expect(problems).toEqual([]);
		expect(marked).toBeGreaterThan(0);
	});

	it('finds each service and common operations in the node panel, in English and Chinese', async () => {
		const { page } = browser;
		await openWorkflow(page, demo.editorUrl, 'browserGallery01', 1);
		const bar = await openNodePanel(page);
		const missing: string[] = [];
		for (const [term, wanted] of SEARCHES) {
			const expected = wanted.map(displayName);
			const shown = await searchNodes(page, bar, term, expected);
			for (const name of expected) {
				if (!shown.includes(name)) {
					missing.push(`"${term}" does not list ${name} (listed: ${shown.join(', ') || 'nothing'})`);
					continue;
				}
				const icon = await iconOf(panelItem(page, name));
				if (!icon?.drawn || !icon.src.includes(ICON_PREFIX)) missing.push(`"${term}" › ${name}: icon ${JSON.stringify(icon)}`);
			}
			await browser.screenshot(`search-${term.replace(/\s+/g, '-')}`);
		}
		await page.keyboard.press('Escape');
		expect(missing).toEqual([]);
	});

	it("tests a credential from its dialog: success, then the IP-whitelist error 2051, then success again", async () => {
		const { page } = browser;
		const xiaoe = demo.emulators.xiaoe.state;
		await page.goto(`${demo.editorUrl}/home/credentials`);
		await page.getByText(demo.credentials.xiaoeApi.name, { exact: true }).click();
		const dialog = page.getByTestId('editCredential-modal');
		await dialog.getByTestId('credentials-config-container-test-success').waitFor();
		await browser.screenshot('credential-xiaoe-tested');
		const retry = dialog.getByRole('button', { name: 'Retry' });
		try {
			xiaoe.setFaults({ ipBlocked: true });
			await retry.click();
			// the failure banner keeps the message behind "More details"; the form's own notice also names 2051,
			// but only the test result has "(code 2051: <Xiaoe's message>)"
			await dialog.getByText(/Couldn.t connect with these settings/).waitFor();
			await dialog.getByText('More details').click();
			const result = dialog.getByText(/\(code 2051/);
			await result.waitFor();
			expect(await result.innerText()).toMatch(/whitelist/i);
			await browser.screenshot('credential-xiaoe-ip-not-whitelisted');
		} finally {
			xiaoe.setFaults({ ipBlocked: false });
		}
		await dialog.getByRole('button', { name: 'Retry' }).click();
		await dialog.getByTestId('credentials-config-container-test-success').waitFor();
		await page.keyboard.press('Escape');
	});

	it('runs the order template from the editor and shows the rows it wrote', async () => {
		const { page } = browser;
		const orders = demo.templates.find((t) => t.file === 'xiaoe-orders-to-mingdao.json');
		expect(orders).toBeDefined();
		// three new orders: "Execute workflow" fetches the newest orders as its test event
		demo.emulators.xiaoe.state.addOrders({ count: 3 });
		const rowsBefore = demo.emulators.mingdao.state.listRows('xiaoe_orders').length;
		await openWorkflow(page, demo.editorUrl, orders!.id, orders!.nodes.length);
		await page.getByTestId('execute-workflow-button').click();
		const last = orders!.nodes[orders!.nodes.length - 1].name;
		await canvasNode(page, last).getByTestId('canvas-node-status-success').waitFor({ timeout: 300_000 });
		await browser.screenshot('orders-executed');
		const ndv = await openNodeDetails(page, canvasNode(page, last));
		const output = ndv.getByTestId('output-panel');
		await output.getByTestId('ndv-items-count').waitFor();
		const count = await output.getByTestId('ndv-items-count').innerText();
		expect(Number(/(\d+)\s+items?/.exec(count)?.[1])).toBeGreaterThan(0);
		await until(async () => /created/.test(await output.innerText()), () => 'the output shows no created row');
		await browser.screenshot('orders-output');
		await closeNodeDetails(page);
		expect(demo.emulators.mingdao.state.listRows('xiaoe_orders').length).toBe(rowsBefore + 3);
	});
});
