/**
 * The larger fault run: every template in workflows/ in one real n8n, 10 000 orders, several fault seeds, then the
 * cost of at-least-once delivery in API calls. Prints the same figures as the CI suite (test/e2e/faults.e2e.test.ts)
 * and exits non-zero when anything was lost, duplicated or different.
 *
 *   npm run faults -- [--seeds 1,2,3] [--orders 10000] [--ci-size] [--only orders,membercard] [--no-cost] [--keep]
 *   (npm run faults builds first; on a shared machine wrap it: flock /tmp/n8n-heavy.lock npm run faults -- …)
 *
 * Needs the n8n runtime of the e2e tests (scripts/install-n8n.sh, installed on first use).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { N8nInstance, N8nRuntime } from '../test/e2e/harness/n8n';
import { formatCost, measureCost } from '../test/faults/cost';
import { timeScaleEnv } from '../test/faults/plan';
import { formatResults } from '../test/faults/report';
import { runFaultSuite, type TemplateResult } from '../test/faults/runner';
import { CI_SIZE, LARGE_SIZE, TEMPLATES } from '../test/faults/templates';

const ROOT = path.resolve(__dirname, '..');

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
	const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number);
	const base = flag('ci-size') ? CI_SIZE : LARGE_SIZE;
	const orders = Number(arg('orders') ?? base.orders);
	const size = { ...base, orders, users: Math.max(base.users, Math.round(orders / 5)) };

	const only = (arg('only') ?? '').split(',').filter(Boolean);
	const templates = only.length ? TEMPLATES.filter((t) => only.some((word) => t.file.includes(word))) : TEMPLATES;

	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'china-saas-faults-'));
	const packed = execFileSync('npm', ['pack', '--pack-destination', dest, '--silent'], { cwd: ROOT, encoding: 'utf8' });
	const tgz = path.join(dest, packed.trim().split('\n').pop() as string);

	const all: TemplateResult[] = [];
	const n8n = new N8nInstance({ runtime: N8nRuntime.locate(), name: 'faults-script', env: timeScaleEnv() });
	const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
	try {
		await n8n.installPackage(tgz);
		for (const seed of seeds) {
			log(`seed ${seed}: ${size.orders} orders, ${size.users} users`);
			const started = Date.now();
			const results = await runFaultSuite(n8n, templates, { seed, size, log, deadlineMs: 60 * 60_000 });
			all.push(...results);
			process.stdout.write(`\nseed ${seed} (${((Date.now() - started) / 1000).toFixed(0)} s)\n${formatResults(results)}\n\n`);
		}
		if (seeds.length > 1) process.stdout.write(`all seeds\n${formatResults(all).split('\n').pop()}\n\n`);
		if (!flag('no-cost')) {
			log('cost of at-least-once delivery (fault-free emulators, one outage)');
			process.stdout.write(`${formatCost(await measureCost(n8n, CI_SIZE))}\n`);
		}
	} finally {
		await n8n.dispose({ keepFolder: flag('keep') });
	}
	const bad = all.filter((r) => Boolean(r.error) || r.comparison.lost.length + r.comparison.duplicated.length + r.comparison.different.length + r.comparison.unexpected.length > 0);
	process.exitCode = bad.length ? 1 : 0;
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
	process.exitCode = 1;
});
