/**
 * What every emulator does to come up: its handler behind the fault injector (none without a fault plan), served on
 * 127.0.0.1, and a close that first lets go of every call held on purpose, so that jest is never kept waiting.
 */
import { FaultInjector, withFaults } from './faults';
import type { FaultPlan, FaultTarget, HeldCalls } from './faults';
import { startHttpServer } from './server';
import type { EmuHandler, RunningServer } from './server';

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
