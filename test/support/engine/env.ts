/**
 * Imported first by ./index.ts, before n8n-core: n8n-core writes `<N8N_USER_FOLDER>/.n8n/config` (its encryption key)
 * the first time a node context is built. One fixed folder and key for every test process, so nothing lands in
 * $HOME and parallel jest workers write the same file.
 */
import { mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

process.env.N8N_USER_FOLDER ??= join(tmpdir(), 'n8n-nodes-china-saas-engine');
process.env.N8N_ENCRYPTION_KEY ??= 'engine-tests-only';
mkdirSync(process.env.N8N_USER_FOLDER, { recursive: true });
// n8n logs every node error it reports (ErrorReporter → Logger); tests assert on errors instead.
process.env.N8N_LOG_LEVEL ??= 'silent';
