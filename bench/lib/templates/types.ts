/**
 * What a benched template is: ours (the shared template from workflows/) and its DIY twin (bench/workflows/), each
 * prepared for the same data on the same emulators, with a check that the run really synced.
 */
import type { FxiaokeEmulator } from "../../../test/emulators/fxiaoke";
import type { KingdeeEmulator } from "../../../test/emulators/kingdee";
import type { MingdaoEmulator } from "../../../test/emulators/mingdao";
import type { WechatEmulator } from "../../../test/emulators/wechat";
import type { XiaoeEmulator } from "../../../test/emulators/xiaoe";
import type { RunResult } from "../measure";
import type { BenchServer } from "../server";
import type { WorkflowJson } from "../workflows";

/** One scale point: every emulator, behind the bench's latency proxies (the URLs the workflows call). */
export interface BenchEnv {
  /** The scale point (`--scale`): orders for the Xiaoe templates; each other template says what it makes of it. */
  scale: number;
  xe: XiaoeEmulator;
  md: MingdaoEmulator;
  fx: FxiaokeEmulator;
  kd: KingdeeEmulator;
  wx: WechatEmulator;
  xiaoeUrl: string;
  mingdaoUrl: string;
  fxiaokeUrl: string;
  kingdeeUrl: string;
  wechatUrl: string;
  /** `--per-execution <n>`: the order template's *Orders per Execution* instead of the template's own. */
  perExecution?: number;
  /** The sync window: from before the generated data to after the bench. */
  start: Date;
  end: Date;
}

export interface Prepared {
  id: string;
  run: string;
  workflow: WorkflowJson;
  /** Started by a webhook: the bench waits until n8n registered it (else: a polling trigger, started by activating). */
  webhookPath?: string;
  /** How the run is started once the workflow is in n8n (default: one POST to the webhook, or activation). */
  start?(server: BenchServer): Promise<void>;
  /** The execution mode of the runs' main executions (default: webhook when there is a webhook path, else trigger). */
  mainMode?: "trigger" | "webhook";
  /** How many main executions the run makes (a polling trigger: one per "… per Execution"); default 1. */
  expectedMain?(): number;
  /** The rows the run syncs, for templates whose unit is a row rather than an order (then: calls per row). */
  rows?(): number;
  /** Marks the result as failed when the target does not hold what the run should have written. */
  check?(result: RunResult): void;
}

export type Variant = (env: BenchEnv, id: string, run: string) => Prepared;

export interface BenchTemplate {
  ours: Variant;
  diy: Variant;
  /**
   * Before each variant (both start from the same data and an empty target): the default empties Mingdao. A
   * template that writes elsewhere resets those emulators and seeds its source data here.
   */
  reset?(env: BenchEnv): void;
  /** Rows created and updated so far on the template's target (default: Mingdao's counters). */
  writes?(env: BenchEnv): { created: number; updated: number };
}
