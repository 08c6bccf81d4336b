/**
 * The "Docs" links the editor shows for each node and credential (codex files nodes/*\/*.node.json) must lead
 * somewhere: a link into this repository's README needs a heading with that GitHub anchor (or an explicit
 * `<a id="…">`), a link to a file of the repository needs the file. Links to the services' own sites are not
 * fetched (no internet here); they must at least be https.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const REPO_URL = 'https://github.com/n8n-nodes-china-saas/n8n-nodes-china-saas';

/** GitHub's heading anchors: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
export function githubAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*```/.test(line)) fenced = !fenced;
		if (fenced) continue;
		for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1].replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const slug = text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
		const n = seen.get(slug) ?? 0;
		seen.set(slug, n + 1);
		anchors.add(n === 0 ? slug : `${slug}-${n}`);
	}
	return anchors;
}

function codexLinks(): Array<{ file: string; url: string }> {
	const out: Array<{ file: string; url: string }> = [];
	for (const dir of fs.readdirSync(path.join(ROOT, 'nodes'))) {
		const folder = path.join(ROOT, 'nodes', dir);
		if (!fs.statSync(folder).isDirectory()) continue;
		for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.node.json'))) {
			const codex = JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')) as {
				resources?: Record<string, Array<{ url: string }>>;
			};
			for (const links of Object.values(codex.resources ?? {})) {
				for (const { url } of links) out.push({ file: `nodes/${dir}/${file}`, url });
			}
		}
	}
	return out;
}

describe('documentation links shown in the editor', () => {
	it('knows how GitHub names anchors', () => {
		const anchors = githubAnchors('## Xiaoe-tech (小鹅通)\n### Mingdao (明道云 / HAP) API\n## Install\n## Install\n<a id="xiaoe-credential"></a>');
		expect([...anchors]).toEqual(['xiaoe-tech-小鹅通', 'mingdao-明道云--hap-api', 'install', 'install-1', 'xiaoe-credential']);
	});

	it('every codex link into the repository finds its README anchor or file', () => {
		const readme = githubAnchors(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
		const links = codexLinks();
		expect(links.length).toBeGreaterThan(0);
		const broken: string[] = [];
		for (const { file, url } of links) {
			if (!url.startsWith('https://')) broken.push(`${file}: ${url} is not https`);
			if (!url.startsWith(REPO_URL)) continue;
			const [page, anchor] = decodeURI(url.slice(REPO_URL.length)).split('#');
			if (page === '' || page === '/') {
				if (anchor && !readme.has(anchor)) broken.push(`${file}: README.md has no anchor #${anchor}`);
			} else {
				const target = page.replace(/^\/(blob|tree)\/[^/]+\//, '');
				if (!fs.existsSync(path.join(ROOT, target))) broken.push(`${file}: ${target} does not exist`);
			}
		}
		expect(broken).toEqual([]);
	});
});
