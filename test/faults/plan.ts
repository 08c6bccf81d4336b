/**
 * The fault plan of the suite and the time scale n8n runs under.
 *
 * Faults are those of test/emulators/common/faults.ts at the rates the issue names (5 % of calls failing with
 * 5xx or timeouts, half of the failing writes after they were applied; throttling; tokens expiring every 200 calls
 * and invalidated at random; an outage of the target for several polls).
 *
 * Time is compressed so that a run takes minutes: n8n polls every `pollSeconds` (it refuses less than a minute, so
 * the preload lifts that check), a failed delivery is re-delivered after `basePauseMs` doubling to `maxPauseMs`
 * (60 s and 60 min in the package), and the client gives up on a call after `timeoutMs` (30 s in the package).
 * A hung call is held `hangMs`, longer than the client's timeout, so it is a real timeout on the client's side.
 */
import * as path from 'node:path';
import type { FaultPlan } from '../emulators/common/faults';

export interface TimeScale {
	pollSeconds: number;
	basePauseMs: number;
	maxPauseMs: number;
	/** A delivery whose outcome this n8n process never learned (restart) counts as lost after this long. */
	graceMs: number;
	timeoutMs: number;
	hangMs: number;
}

export const TIME_SCALE: TimeScale = {
	pollSeconds: 3,
	basePauseMs: 2_000,
	maxPauseMs: 8_000,
	graceMs: 15 * 60_000,
	timeoutMs: 3_000,
	hangMs: 3_500,
};

/** The suite's faults for a seed (hangs outlast the scaled client timeout). */
export function faultPlan(seed: number, time: TimeScale = TIME_SCALE, overrides: Partial<FaultPlan> = {}): Partial<FaultPlan> {
	return {
		seed,
		failureRate: 0.05,
		appliedShare: 0.5,
		throttleRate: 0.03,
		tokenLifetimeCalls: 200,
		tokenInvalidationRate: 0.005,
		hangMs: time.hangMs,
		...overrides,
	};
}

/** The poll schedule a trigger gets in the suite (a cron with seconds: n8n's own minimum is a minute). */
export function pollTimes(time: TimeScale = TIME_SCALE): Record<string, unknown> {
	return { item: [{ mode: 'custom', cronExpression: `*/${time.pollSeconds} * * * * *` }] };
}

/** Environment for the n8n instance: the preload (test/faults/n8n/timeScale.cjs) and its settings. */
export function timeScaleEnv(time: TimeScale = TIME_SCALE): Record<string, string> {
	const preload = path.join(__dirname, 'n8n', 'timeScale.cjs');
	return {
		NODE_OPTIONS: `--require ${preload}`,
		// n8n pings its SQLite database every 2 s and, when a ping takes longer than the timeout (a busy 2-core CI
		// machine), answers every webhook with 503 "Database is not ready!" until a ping succeeds. That is n8n's
		// health check, not what this suite measures: give the ping time.
		DB_PING_TIMEOUT_MS: '60000',
		CHINA_SAAS_TIME_SCALE: JSON.stringify({
			subMinutePolls: true,
			basePauseMs: time.basePauseMs,
			maxPauseMs: time.maxPauseMs,
			graceMs: time.graceMs,
			timeoutMs: time.timeoutMs,
		}),
	};
}
