/**
 * What every emulator does to come up: its handler behind the fault injector (none without a fault plan), served on
 * 127.0.0.1, and a close that first lets go of every call held on purpose, so that jest is never kept waiting.
 */
import { FaultInjector, withFaults } from './faults';
import type { FaultPlan, FaultTarget } from './faults';
import { startHttpServer } from './server';
import type { EmuHandler, RunningServer } from './server';

/** Calls an emulator holds on purpose (a "timeout" fault of its own knobs), released early on close. */
export class HeldCalls {
	private readonly pending = new Set<() => void>();

	hold(ms: number): Promise<void> {
		return new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.pending.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.pending.add(done);
		});
	}

	releaseAll(): void {
		for (const done of [...this.pending]) done();
	}
}

export interface ServedEmulator {
	server: RunningServer;
	faults?: FaultInjector;
	close(): Promise<void>;
}

export async function serveEmulator(options: {
	/** The service's name in the injector's figures, e.g. 'Xiaoe'. */
	name: string;
	faultPlan?: Partial<FaultPlan>;
	target: FaultTarget;
	handler: EmuHandler;
	port?: number;
	held?: HeldCalls;
}): Promise<ServedEmulator> {
	const faults = options.faultPlan ? new FaultInjector(options.name, options.faultPlan) : undefined;
	const server = await startHttpServer(withFaults(faults, options.target, options.handler), { port: options.port });
	faults?.attach(server);
	return {
		server,
		faults,
		close: async () => {
			options.held?.releaseAll();
			faults?.releaseAll();
			await server.close();
		},
	};
}
