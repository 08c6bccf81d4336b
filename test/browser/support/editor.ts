/**
 * What a user does in n8n 2.40.7's editor, as Playwright steps. Selectors are n8n's own data-test-id attributes
 * (the ones its Playwright suite uses), read off the running editor.
 */
import type { Locator, Page } from 'playwright-core';

export const ICON_PREFIX = '/icons/n8n-nodes-china-saas/';

/** Polls `check` until it returns a truthy value; throws `message()` after `timeoutMs`. */
export async function until<T>(check: () => Promise<T>, message: () => string, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check().catch(() => undefined);
		if (value) return value;
		if (Date.now() > deadline) throw new Error(message());
		await new Promise((r) => setTimeout(r, 500));
	}
}

export async function signIn(page: Page, editorUrl: string, login: { email: string; password: string }): Promise<void> {
	await page.goto(`${editorUrl}/signin`);
	await page.locator('#emailOrLdapLoginId').fill(login.email);
	await page.locator('#password').fill(login.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'));
}

export async function openWorkflow(page: Page, editorUrl: string, id: string, nodeCount: number): Promise<void> {
	await page.goto(`${editorUrl}/workflow/${id}`);
	await until(
		async () => (await page.getByTestId('canvas-node').count()) >= nodeCount,
		() => `workflow ${id}: fewer than ${nodeCount} nodes on the canvas`,
	);
	// a canvas node gets its issue marker once the node types are in; give the editor a moment after that
	await page.waitForTimeout(1500);
}

export const canvasNode = (page: Page, name: string): Locator =>
	page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** The icon an element shows: its <img> source and whether the browser could draw it. */
export async function iconOf(element: Locator): Promise<{ src: string; drawn: boolean } | undefined> {
	const img = element.locator('img').first();
	if ((await img.count()) === 0) return undefined;
	await img.evaluate((e: any) => (e.complete ? undefined : new Promise((r) => e.addEventListener('load', r, { once: true }))));
	return await img.evaluate((e: any) => ({ src: String(e.getAttribute('src')), drawn: e.complete && e.naturalWidth > 0 }));
}

/** The texts of the issue marker on a canvas node (its tooltip), or [] when it shows none. */
export async function canvasIssues(page: Page, node: Locator): Promise<string[]> {
	const marker = node.getByTestId('node-issues');
	if ((await marker.count()) === 0) return [];
	await marker.first().hover();
	const tip = page.locator('[role="tooltip"]:visible, .el-popper:visible').last();
	const text = await tip.innerText({ timeout: 5000 }).catch(() => '(issue marker without text)');
	return [text.trim()];
}

export async function openNodeDetails(page: Page, node: Locator): Promise<Locator> {
	await node.dblclick();
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('node-parameters').waitFor();
	return ndv;
}

export async function closeNodeDetails(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

/** Parameters the open node panel marks as having an issue (their labels). */
export async function parameterIssues(ndv: Locator): Promise<string[]> {
	const markers = ndv.getByTestId('parameter-issues');
	const labels: string[] = [];
	for (let i = 0; i < (await markers.count()); i++) {
		const item = markers.nth(i).locator('xpath=ancestor::*[@data-test-id="parameter-item"][1]');
		labels.push(((await item.innerText().catch(() => '')) || '(a parameter)').split('\n')[0]);
	}
	return labels;
}

/** Opens the node panel (the + in the canvas corner) and returns its search bar. */
export async function openNodePanel(page: Page): Promise<Locator> {
	await page.getByTestId('node-creator-plus-button').click();
	const bar = page.getByTestId('node-creator-search-bar');
	await bar.waitFor();
	return bar;
}

/** Types into the node panel's search and returns the names listed once `expected` are all there (or after 20 s). */
export async function searchNodes(page: Page, bar: Locator, term: string, expected: string[]): Promise<string[]> {
	await bar.fill(term);
	const names = () => page.getByTestId('node-creator-item-name').allInnerTexts();
	await until(
		async () => {
			const shown = await names();
			return expected.every((e) => shown.includes(e));
		},
		() => '',
		20_000,
	).catch(() => undefined);
	return (await names()).map((n) => n.trim());
}

/** The result item of the node panel showing this display name. */
export const panelItem = (page: Page, displayName: string): Locator =>
	page.getByTestId('item-iterator-item').filter({ has: page.getByTestId('node-creator-item-name').getByText(displayName, { exact: true }) });

/** Sticky notes whose text does not fit their box (cut off, or only readable by scrolling): their first lines. */
export async function stickiesCutOff(page: Page): Promise<string[]> {
	const stickies = page.getByTestId('sticky');
	const cut: string[] = [];
	for (let i = 0; i < (await stickies.count()); i++) {
		const verdict = await stickies.nth(i).evaluate((e: any) => {
			const g = globalThis as any;
			const clipped = [e, ...e.querySelectorAll('*')].some(
				(x: any) => x.clientHeight > 0 && x.scrollHeight > x.clientHeight + 4 && g.getComputedStyle(x).overflowY !== 'visible',
			);
			return { clipped, text: String(e.innerText).split('\n')[0] };
		});
		if (verdict.clipped) cut.push(verdict.text);
	}
	return cut;
}
