/**
 * n8n in queue mode for scripts/queue-mode.ts: throwaway Postgres and Redis servers, `n8n worker` processes next to
 * the main (`N8nInstance.start()`), SQL on the shared database, and a counting proxy in front of an emulator that
 * tells which n8n process sent each request.
 *
 *   const pg = await startPostgres(dir);  const redis = await startRedis(dir);
 *   const env = queueEnv(pg, redis);                        // give it to every N8nInstance (main and workers)
 *   const worker = await startWorker(workerInstance);       // `n8n worker`, resolves when it is ready
 *
 * Postgres binaries come from PATH (scripts/queue-mode.sh adds Debian's /usr/lib/postgresql/<v>/bin); initdb refuses
 * root, so the cluster runs as the `postgres` user (or `nobody`) when this runs as root. Redis is `redis-server`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import type { N8nInstance } from './n8n';

export interface Service {
	port: number;
	stop(): Promise<void>;
}

export interface Postgres extends Service {
	/** Runs SQL as the n8n user on the n8n database; returns psql's unaligned output. */
	sql(query: string): string;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

/** The user a throwaway cluster runs as: none when not root, else `postgres` or `nobody`. */
function clusterUser(): string | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const passwd = fs.readFileSync('/etc/passwd', 'utf8');
	return /^postgres:/m.test(passwd) ? 'postgres' : 'nobody';
}

function asUser(user: string | undefined, cmd: string, args: string[]): [string, string[]] {
	return user ? ['runuser', ['-u', user, '--', cmd, ...args]] : [cmd, args];
}

/** initdb + pg_ctl start on a free port in `<dir>/pg`, trust auth on 127.0.0.1, database and role `n8n`. */
export async function startPostgres(dir: string): Promise<Postgres> {
	const data = path.join(dir, 'pg', 'data');
	const sock = path.join(dir, 'pg', 'sock');
	fs.mkdirSync(data, { recursive: true });
	fs.mkdirSync(sock, { recursive: true });
	const user = clusterUser();
	if (user) {
		execFileSync('chown', ['-R', user, path.join(dir, 'pg')]);
		fs.chmodSync(dir, 0o755); // mkdtemp folders are 0700: the cluster's user must reach its data folder
	}
	fs.chmodSync(data, 0o700);
	const port = await freePort();
	const run = (cmd: string, args: string[]) => {
		const [file, argv] = asUser(user, cmd, args);
		return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], cwd: '/' });
	};
	run('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '--encoding=UTF8', '--locale=C']);
	const options = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
	run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'pg', 'postgres.log'), '-w', 'start']);
	run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	return {
		port,
		sql: (query) =>
			execFileSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], {
				encoding: 'utf8',
				maxBuffer: 256 * 1024 * 1024,
			}),
		stop: async () => {
			try {
				run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
			} catch {
				// already stopped
			}
		},
	};
}

/** `redis-server` on a free port, no persistence; resolves when it answers PING. */
export async function startRedis(dir: string): Promise<Service> {
	const port = await freePort();
	const log = path.join(dir, 'redis.log');
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', log], {
		stdio: 'ignore',
	});
	const deadline = Date.now() + 20_000;
	while (!(await redisPing(port))) {
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start (log: ${log})`);
		await sleep(100);
	}
	return { port, stop: () => stopChild(child) };
}

function redisPing(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('error', () => resolve(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (d) => {
			resolve(d.toString().startsWith('+PONG'));
			socket.destroy();
		});
	});
}

/** The environment of every n8n process of the queue-mode setup (main, workers and CLI commands). */
export function queueEnv(pg: Postgres, redis: Service): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
		// Manual runs from the editor go to the workers too, as production runs do.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

export interface Worker {
	pid: number;
	logFile: string;
	stop(): Promise<void>;
}

/** `n8n worker --concurrency=<n>` for an instance (its own user folder, same database and Redis); waits until ready. */
export async function startWorker(instance: N8nInstance, options: { concurrency?: number; name?: string } = {}): Promise<Worker> {
	const logFile = path.join(instance.userFolder, `n8n-${options.name ?? 'worker'}.log`);
	const log = fs.openSync(logFile, 'a');
	const child = spawn(instance.runtime.node, [instance.runtime.n8nBin, 'worker', `--concurrency=${options.concurrency ?? 5}`], {
		cwd: instance.userFolder,
		env: instance.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_LEVEL: 'info' }),
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	const deadline = Date.now() + 600_000;
	while (!fs.readFileSync(logFile, 'utf8').includes('worker is now ready')) {
		if (child.exitCode !== null) throw new Error(`n8n worker exited with ${child.exitCode}:\n${tailOf(logFile)}`);
		if (Date.now() > deadline) {
			await stopChild(child);
			throw new Error(`n8n worker did not become ready:\n${tailOf(logFile)}`);
		}
		await sleep(300);
	}
	return { pid: child.pid as number, logFile, stop: () => stopChild(child) };
}

/**
 * Which process owns the client end of a loopback TCP connection: finds the socket's inode in /proc/net/tcp{,6} by
 * the client port, then the process (among `roles`, or one of its descendants) holding that inode. Linux only.
 */
export class ProcessAttributor {
	constructor(readonly roles: Record<string, number> = {}) {}

	roleOf(clientPort: number, serverPort: number): string {
		const inode = socketInode(clientPort, serverPort);
		if (!inode) return 'unknown';
		for (const [role, pid] of Object.entries(this.roles)) {
			for (const p of [pid, ...descendants(pid)]) if (holdsSocket(p, inode)) return role;
		}
		return 'other';
	}
}

function socketInode(clientPort: number, serverPort: number): string | undefined {
	const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		if (!fs.existsSync(table)) continue;
		for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			if (cols[1].endsWith(`:${hex(clientPort)}`) && cols[2].endsWith(`:${hex(serverPort)}`)) return cols[9];
		}
	}
	return undefined;
}

function holdsSocket(pid: number, inode: string): boolean {
	try {
		const dir = `/proc/${pid}/fd`;
		return fs.readdirSync(dir).some((fd) => {
			try {
				return fs.readlinkSync(`${dir}/${fd}`) === `socket:[${inode}]`;
			} catch {
				return false;
			}
		});
	} catch {
		return false;
	}
}

function descendants(pid: number): number[] {
	try {
		const children = fs
			.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
			.trim()
			.split(/\s+/)
			.filter(Boolean)
			.map(Number);
		return children.flatMap((c) => [c, ...descendants(c)]);
	} catch {
		return [];
	}
}

export interface ProxiedRequest {
	role: string;
	method: string;
	path: string;
	status: number;
	/** The answer's body as text (JSON for every emulator). */
	body: string;
}

/**
 * A pass-through HTTP proxy in front of an emulator: point a credential's base URL at `url` instead of the
 * emulator's. Requests for which `watch(path)` is true are attributed to an n8n process and recorded with the answer.
 */
export async function startCountingProxy(
	target: string,
	attributor: ProcessAttributor,
	watch: (path: string) => boolean,
): Promise<Service & { url: string; seen: ProxiedRequest[] }> {
	const seen: ProxiedRequest[] = [];
	const upstream = new URL(target);
	const server = http.createServer((req, res) => {
		const urlPath = (req.url ?? '/').split('?')[0];
		const role = watch(urlPath) ? attributor.roleOf(req.socket.remotePort ?? 0, (server.address() as net.AddressInfo).port) : '';
		const forward = http.request(
			{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (c: Buffer) => chunks.push(c));
				answer.on('end', () => {
					const body = Buffer.concat(chunks);
					if (role) seen.push({ role, method: req.method ?? 'GET', path: urlPath, status: answer.statusCode ?? 0, body: body.toString('utf8') });
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					res.end(body);
				});
			},
		);
		forward.on('error', () => res.socket?.destroy());
		req.pipe(forward);
	});
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		port,
		// keep the emulator's path prefix (Kingdee's is /k3cloud): requests carry it and are forwarded as they are
		url: `http://127.0.0.1:${port}${upstream.pathname.replace(/\/$/, '')}`,
		seen,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	await exited;
	clearTimeout(timer);
}

function tailOf(file: string, lines = 40): string {
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
