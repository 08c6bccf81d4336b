/**
 * The secrets scan (issue 15): after the end-to-end runs, look for every secret and token the emulators were
 * configured with or handed out in everything each n8n instance kept — every table of its SQLite database (execution
 * data, workflows and their history, credentials, static data, event log…), the raw database files (deleted rows and
 * the WAL too), n8n's own log files, and the output of every CLI command and REST answer the tests got (error
 * messages included; the harness writes them to `n8n-cli.log` / `n8n-rest.log` in the user folder).
 *
 *   npx tsx test/e2e/harness/secretsScan.ts <ledger folder>      # scripts/test-all.sh runs this after the e2e tests
 *
 * The ledger folder is `CHINA_SAAS_SECRETS_LEDGER` of the e2e run: the emulators append the values
 * (`secrets.jsonl`, test/emulators/common/secrets.ts), the harness the user folders it created (`instances.jsonl`),
 * and keeps those folders for the scan. Credential data is stored encrypted by n8n, so a plain occurrence anywhere is
 * a leak. Not scanned: `imports/` (the plain files the tests hand to `n8n import:credentials`; n8n does not keep them)
 * `.n8n/nodes/` (the installed package's code) and `.cache/n8n/public/` (the editor's static files, copied on start).
 *
 * Each value is searched as it is, URL-encoded and JSON-escaped (where those differ), with `grep -F` (many fixed
 * strings at once). Exit code 1 when anything is found, or when there was nothing to scan.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IssuedSecret } from '../../emulators/common/secrets';
import { secretsLedgerDir } from '../../emulators/common/secrets';

export { secretsLedgerDir };

export interface ScanFinding {
	/** `<instance folder name> › <place>`, e.g. `templates-123-1-x › table execution_data`. */
	place: string;
	service: string;
	kind: string;
	/** The first characters of the value only. */
	preview: string;
	count: number;
}

export interface ScanReport {
	values: number;
	places: number;
	instances: number;
	bytes: number;
	findings: ScanFinding[];
}

/** Records an n8n user folder for the scan (no-op without a ledger). Called by N8nInstance. */
export function registerScanFolder(userFolder: string): void {
	const dir = secretsLedgerDir();
	if (!dir) return;
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(path.join(dir, 'instances.jsonl'), `${JSON.stringify({ userFolder })}\n`);
}

/** What the ledger folder holds: the values (deduplicated) and the user folders that still exist. */
export function readLedger(dir: string): { secrets: IssuedSecret[]; folders: string[] } {
	const lines = (file: string) =>
		fs.existsSync(path.join(dir, file))
			? fs
					.readFileSync(path.join(dir, file), 'utf8')
					.split('\n')
					.filter(Boolean)
					.map((l) => JSON.parse(l) as Record<string, string>)
			: [];
	const secrets = new Map<string, IssuedSecret>();
	for (const s of lines('secrets.jsonl')) secrets.set(s.value, s as unknown as IssuedSecret);
	const folders = [...new Set(lines('instances.jsonl').map((l) => l.userFolder))].filter((f) => fs.existsSync(f));
	return { secrets: [...secrets.values()], folders };
}

/**
 * Scans the user folders for the values. `node` must be a Node with `node:sqlite` (22.13+; the n8n runtime's own).
 */
export function scanForSecrets(secrets: IssuedSecret[], folders: string[], options: { node: string }): ScanReport {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-scan-'));
	try {
		const variants = new Map<string, IssuedSecret>();
		for (const s of secrets) {
			for (const v of [s.value, encodeURIComponent(s.value), JSON.stringify(s.value).slice(1, -1)]) variants.set(v, s);
		}
		const patternFile = path.join(work, 'patterns.txt');
		fs.writeFileSync(patternFile, [...variants.keys()].join('\n') + '\n');

		const findings: ScanFinding[] = [];
		let places = 0;
		let bytes = 0;
		for (const folder of folders) {
			const instance = path.basename(folder);
			const found = placesOf(folder, work, options.node);
			const matches = grepFixed(patternFile, found.map((p) => p.file));
			for (const place of found) {
				places++;
				bytes += fs.statSync(place.file).size;
				for (const [match, count] of matches.get(place.file) ?? []) {
					const s = variants.get(match);
					if (!s) continue;
					findings.push({ place: `${instance} › ${place.label}`, service: s.service, kind: s.kind, preview: `${s.value.slice(0, 4)}…`, count });
				}
			}
		}
		return { values: secrets.length, places, instances: folders.length, bytes, findings };
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
}

/** One line for the CI log. */
export function formatReport(report: ScanReport): string {
	const mb = (report.bytes / 1024 / 1024).toFixed(1);
	const head =
		`secrets scan: ${report.values} values searched in ${report.places} places ` +
		`(${report.instances} n8n instances, ${mb} MB), ${report.findings.length === 0 ? 0 : report.findings.reduce((n, f) => n + f.count, 0)} found`;
	return [head, ...report.findings.map((f) => `  FOUND ${f.service} ${f.kind} (${f.preview}) ×${f.count} in ${f.place}`)].join('\n');
}

interface Place {
	label: string;
	file: string;
}

/** Every table of the database (dumped as text), the raw database files, and every other file n8n or the harness wrote. */
function placesOf(folder: string, work: string, node: string): Place[] {
	const places: Place[] = [];
	const db = path.join(folder, '.n8n/database.sqlite');
	if (fs.existsSync(db)) {
		const out = fs.mkdtempSync(path.join(work, 'tables-'));
		execFileSync(node, ['--no-warnings', '-e', DUMP_SCRIPT, db, out], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
		for (const file of fs.readdirSync(out).sort()) places.push({ label: `table ${file.replace(/\.txt$/, '')}`, file: path.join(out, file) });
	}
	const skip = new Set([path.join(folder, 'imports'), path.join(folder, '.n8n/nodes'), path.join(folder, '.cache/n8n/public')]);
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (skip.has(full)) continue;
			if (entry.isDirectory()) walk(full);
			else if (entry.isFile()) places.push({ label: `file ${path.relative(folder, full)}`, file: full });
		}
	};
	walk(folder);
	return places;
}

/** grep -F for all patterns in all files at once (one process per instance); returns file → match → count. */
function grepFixed(patternFile: string, files: string[]): Map<string, Map<string, number>> {
	const found = new Map<string, Map<string, number>>();
	if (files.length === 0) return found;
	// -H -Z: every match line is "<file>\0<match>"
	const result = spawnSync('grep', ['-aoFHZ', '-f', patternFile, '--', ...files], {
		env: { ...process.env, LC_ALL: 'C' },
		maxBuffer: 256 * 1024 * 1024,
		encoding: 'utf8',
	});
	if (result.status === 1) return found;
	if (result.status !== 0) throw new Error(`grep failed: ${result.stderr}`);
	for (const line of result.stdout.split('\n').filter(Boolean)) {
		const [file, match] = line.split('\0');
		const counts = found.get(file) ?? new Map<string, number>();
		counts.set(match, (counts.get(match) ?? 0) + 1);
		found.set(file, counts);
	}
	return found;
}

/** Run by a Node with node:sqlite: argv = [db, out folder]. Writes one text file per table, every column as text. */
const DUMP_SCRIPT = `
const { DatabaseSync } = require('node:sqlite');
const fs = require('node:fs');
const path = require('node:path');
const [file, out] = process.argv.slice(1);
const db = new DatabaseSync(file, { readOnly: true });
db.exec('PRAGMA busy_timeout = 5000');
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name);
for (const table of tables) {
	const fd = fs.openSync(path.join(out, table.replace(/[^A-Za-z0-9_]/g, '_') + '.txt'), 'w');
	for (const row of db.prepare('SELECT * FROM "' + table.replace(/"/g, '""') + '"').iterate()) {
		for (const value of Object.values(row)) {
			if (value === null || value === undefined) continue;
			fs.writeSync(fd, value instanceof Uint8Array ? Buffer.from(value) : String(value));
			fs.writeSync(fd, '\\n');
		}
	}
	fs.closeSync(fd);
}
db.close();
`;

if (require.main === module) {
	const dir = process.argv[2] ?? secretsLedgerDir();
	if (!dir || !fs.existsSync(dir)) {
		console.error('secrets scan: no ledger folder (pass it, or set CHINA_SAAS_SECRETS_LEDGER)');
		process.exit(1);
	}
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { N8nRuntime } = require('./n8n') as typeof import('./n8n');
	const { secrets, folders } = readLedger(dir);
	const report = scanForSecrets(secrets, folders, { node: N8nRuntime.locate().node });
	console.log(formatReport(report));
	if (secrets.length === 0 || folders.length === 0) {
		console.error('secrets scan: nothing to scan (no emulator values or no n8n folders recorded): the scan proves nothing');
		process.exit(1);
	}
	if (report.findings.length > 0) {
		console.error(`secrets scan: the n8n folders are kept for inspection: ${folders.join(' ')}`);
		process.exit(1);
	}
	for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
}
