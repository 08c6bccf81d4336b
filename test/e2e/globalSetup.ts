/**
 * Once per e2e run: install the real n8n runtime (cached), build this package and `npm pack` it, exactly as it
 * would be published. Tests install the tarball into fresh n8n user folders (N8nInstance.installPackage).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export default async function globalSetup(): Promise<void> {
	const root = path.resolve(__dirname, '../..');
	execFileSync('bash', [path.join(root, 'scripts/install-n8n.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'china-saas-pack-'));
	const out = execFileSync('npm', ['pack', '--pack-destination', dest, '--silent'], { cwd: root, encoding: 'utf8' });
	process.env.CHINA_SAAS_TGZ = path.join(dest, out.trim().split('\n').pop() as string);
}
