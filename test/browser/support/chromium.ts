/**
 * Debian's Chromium (scripts/install-browser.sh) driven by playwright-core, with what the browser test needs around
 * it: the launch flags that work on a machine without internet, screenshots per step, and a record of the errors that
 * come from this package (console errors, uncaught exceptions, failed requests for its icons, options and tests).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots and the console log of a run (git-ignored). */
export const OUTPUT_DIR = path.resolve(__dirname, '../../../test-output/browser');

/**
 * Without the background-networking flags Chromium keeps dialling Google's hosts, which a closed network refuses many
 * at a time; --no-sandbox because CI runs as root.
 */
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** What the package is recognised by in a URL or a message. */
const OURS = /china-saas|xiaoe|mingdao|wechatOfficialAccount|fxiaoke|kingdee/i;
/**
 * n8n asks every node for an output schema (/schemas/<type>/<version>/<resource>/<operation>.json) to preview fields
 * before a run; community packages cannot ship one, so n8n's own 404 for it is no error of the package.
 */
const N8N_OWN_PROBES = /\/schemas\//;
/** Requests whose failure is the package's: its icons, its options and resource-mapper methods, credential tests. */
const OUR_REQUESTS = /\/icons\/n8n-nodes-china-saas\/|\/rest\/dynamic-node-parameters\/|\/rest\/credentials\/test/;

export interface Session {
	context: BrowserContext;
	page: Page;
	/** Errors from the package, newest last; steps check that none were added. */
	packageErrors: string[];
	/** Saves `<OUTPUT_DIR>/<nn>-<name>.png` and returns its path. */
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

export async function openBrowser(): Promise<Session> {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/install-browser.sh`);
	fs.rmSync(OUTPUT_DIR, { recursive: true, force: true });
	fs.mkdirSync(OUTPUT_DIR, { recursive: true });
	// n8n marks its elements with data-test-id, not Playwright's default data-testid
	selectors.setTestIdAttribute('data-test-id');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'china-saas-chromium-'));
	// a fresh, empty profile each run (Playwright passes it as --user-data-dir)
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		args: FLAGS,
		viewport: { width: 1440, height: 900 },
		locale: 'en-US',
	});
	const page = context.pages()[0] ?? (await context.newPage());
	// a shared 2-core machine: n8n's editor can take long to answer
	page.setDefaultTimeout(120_000);

	const packageErrors: string[] = [];
	const log = fs.createWriteStream(path.join(OUTPUT_DIR, 'console.log'));
	page.on('console', (message) => {
		const where = message.location().url ?? '';
		log.write(`[${message.type()}] ${message.text()} ${where}\n`);
		if (message.type() !== 'error' || N8N_OWN_PROBES.test(where)) return;
		if (OURS.test(message.text()) || OURS.test(where)) packageErrors.push(`console: ${message.text()} (${where})`);
	});
	page.on('pageerror', (error) => {
		log.write(`[pageerror] ${error.stack ?? error.message}\n`);
		if (OURS.test(`${error.message}\n${error.stack ?? ''}`)) packageErrors.push(`uncaught: ${error.message}`);
	});
	page.on('response', (response) => {
		if (response.status() >= 400 && OUR_REQUESTS.test(response.url())) {
			packageErrors.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
		}
	});

	let step = 0;
	return {
		context,
		page,
		packageErrors,
		async screenshot(name: string) {
			const file = path.join(OUTPUT_DIR, `${String(++step).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			return file;
		},
		async close() {
			await context.close();
			log.end();
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}
