/**
 * What an emulator was configured with (app secrets, signs, passwords) and handed out (tokens, session ids), so that
 * a test can check none of it reached n8n's database, logs or error messages (issue 15: the secrets scan in CI).
 *
 * Each emulator state keeps one `SecretsIssued` list. When `CHINA_SAAS_SECRETS_LEDGER` names a folder (set by
 * scripts/test-all.sh for the end-to-end run), every value is also appended there at once, one JSON line per value:
 * the emulators live inside the jest workers and are gone when the scan runs (test/e2e/harness/secretsScan.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface IssuedSecret {
	service: string;
	/** What the value is, e.g. `app secret`, `access token`, `session id`. */
	kind: string;
	value: string;
}

/** Values shorter than this are not secrets worth a scan (and would match by chance). */
const MIN_LENGTH = 6;

export class SecretsIssued {
	private readonly seen = new Map<string, IssuedSecret>();

	constructor(readonly service: string) {}

	/** Records a value (once). Empty and very short values are ignored. */
	add(kind: string, value: unknown): void {
		if (typeof value !== 'string' || value.length < MIN_LENGTH || this.seen.has(value)) return;
		const entry = { service: this.service, kind, value };
		this.seen.set(value, entry);
		appendToLedger(entry);
	}

	list(): IssuedSecret[] {
		return [...this.seen.values()];
	}

	values(): string[] {
		return [...this.seen.keys()];
	}
}

/** The ledger folder of this run, or undefined when no scan is planned. */
export function secretsLedgerDir(): string | undefined {
	return process.env.CHINA_SAAS_SECRETS_LEDGER || undefined;
}

function appendToLedger(entry: IssuedSecret): void {
	const dir = secretsLedgerDir();
	if (!dir) return;
	fs.mkdirSync(dir, { recursive: true });
	fs.appendFileSync(path.join(dir, 'secrets.jsonl'), `${JSON.stringify(entry)}\n`);
}
