/**
 * The WeChat member-card activation template (a push per activation → member info → Mingdao) against its DIY twin.
 * A run is WeChat's message server pushing every activation to the workflow's URL, 10 at a time, re-sending a push
 * that gets no answer within 5 s (up to 3 times), as WeChat does.
 */
import { randomUUID } from "node:crypto";
import { WECHAT_MEMBERS_SHEET } from "../../../test/emulators/mingdao";
import { membercardActivationEvent, pushMessage } from "../../../test/emulators/wechat";
import type { PushMode, PushResult } from "../../../test/emulators/wechat";
import type { RunResult } from "../measure";
import type { BenchServer } from "../server";
import { fill, instance, load, node } from "../workflows";
import type { WorkflowJson } from "../workflows";
import { expectSameRows } from "./common";
import type { BenchEnv, BenchTemplate, Prepared } from "./types";

/** Activations per run: scale / 20 (10 000 → 500), at least 20, at most 2 000 (a default DIY run stays short). */
export function activations(scale: number): number {
  return Math.min(2000, Math.max(20, Math.round(scale / 20)));
}

/** WeChat pushes as members submit the form: this many at once. */
export const CONCURRENT_PUSHES = 10;
/** WeChat waits this long for an answer, then re-sends (official passive-reply page: 5 s, three retries). */
export const WECHAT_TIMEOUT_MS = 5000;
export const WECHAT_RETRIES = 3;

/** What the pushes of one run saw: answer times and re-sends (added to the run's result). */
export interface PushFigures {
  pushes: number;
  /** Requests WeChat sent in all (first tries + re-sends). */
  requests: number;
  resends: number;
  /** Pushes whose last try was not answered "success" (or empty). */
  unacknowledged: number;
  /** Time to the first answer (or to WeChat giving up on that try), per push, ms. */
  answerMedianMs: number;
  answerP95Ms: number;
  answerMaxMs: number;
}

export function pushFigures(results: PushResult[]): PushFigures {
  const firstTry = results.map((r) => r.attempts[0].ms).sort((a, b) => a - b);
  const at = (q: number) => firstTry[Math.min(firstTry.length - 1, Math.floor(q * firstTry.length))] ?? 0;
  const requests = results.reduce((n, r) => n + r.attempts.length, 0);
  return {
    pushes: results.length,
    requests,
    resends: requests - results.length,
    unacknowledged: results.filter((r) => !r.acknowledged).length,
    answerMedianMs: at(0.5),
    answerP95Ms: at(0.95),
    answerMaxMs: firstTry[firstTry.length - 1] ?? 0,
  };
}

/**
 * Pushes one activation per member, `CONCURRENT_PUSHES` at a time, each with a CreateTime of this run (a member who
 * submits again is a new event: WeChat's de-duplication key is FromUserName + CreateTime).
 */
async function pushAll(env: BenchEnv, url: string, mode: PushMode): Promise<PushResult[]> {
  const { state } = env.wx;
  const members = [...state.userCards];
  const createTime = Math.floor(Date.now() / 1000);
  const target = { url, token: state.pushToken, appId: state.appId, encodingAesKey: state.encodingAesKey, mode };
  const results: PushResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < members.length) {
      const m = members[next++];
      const xml = membercardActivationEvent({ openid: m.openid, cardId: m.card_id, code: m.code, createTime });
      results.push(await pushMessage(target, xml, { retries: WECHAT_RETRIES, timeoutMs: WECHAT_TIMEOUT_MS }));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_PUSHES }, worker));
  return results;
}

/** Both variants: started by pushes, one webhook execution per activation, the same rows in Mingdao. */
function pushRun(env: BenchEnv, wf: WorkflowJson, webhookPath: string, mode: PushMode, id: string, run: string): Prepared {
  let figures: PushFigures | undefined;
  const sameRows = expectSameRows(env, "wechat", () => ({ wechat_members: env.wx.state.userCards.length }));
  return {
    id,
    run,
    workflow: instance(wf, id),
    webhookPath,
    mainMode: "webhook",
    expectedMain: () => env.wx.state.userCards.length,
    rows: () => env.wx.state.userCards.length,
    async start(server: BenchServer) {
      figures = pushFigures(await pushAll(env, `${server.n8n.baseUrl}/webhook/${webhookPath}`, mode));
      console.error(
        `[bench] ${id}: ${figures.pushes} pushes (${mode}), ${figures.resends} re-sends, answer median ` +
          `${figures.answerMedianMs} ms, p95 ${figures.answerP95Ms} ms, ${figures.unacknowledged} unacknowledged`,
      );
    },
    check(result: RunResult) {
      result.extra = { ...figures };
      if (figures && figures.unacknowledged > 0 && !result.error)
        result.error = `${figures.unacknowledged} pushes never answered "success"`;
      sameRows(result);
    },
  };
}

export const wechat: BenchTemplate = {
  /** The template as shipped, in safe mode (the bench credential has the Token and EncodingAESKey). */
  ours: (env, id, run) => {
    const wf = load("workflows/wechat-membercard-activation.json");
    // Each copy listens on a path of its own (both runs' copies are active in the same n8n).
    const trigger = node(wf, "Member Card Activated");
    trigger.webhookId = randomUUID();
    return pushRun(env, wf, `${String(trigger.webhookId)}/wechat`, "safe", id, run);
  },
  /** The DIY twin: plain mode (built-in nodes cannot decrypt safe mode). */
  diy: (env, id, run) => {
    const wf = fill(load("bench/workflows/diy-wechat-membercard.json"), {
      WECHAT_URL: env.wechatUrl,
      WECHAT_APP_ID: env.wx.state.appId,
      WECHAT_APP_SECRET: env.wx.state.appSecret,
      MINGDAO_URL: env.mingdaoUrl,
      MINGDAO_APPKEY: "emu_appkey",
      MINGDAO_SIGN: "emu_sign",
    });
    const webhookPath = `wechat-membercard-${randomUUID()}`;
    for (const name of ["WeChat URL Check", "WeChat Push"]) {
      const hook = node(wf, name);
      hook.parameters.path = webhookPath;
      hook.webhookId = randomUUID();
    }
    return pushRun(env, wf, webhookPath, "plain", id, run);
  },
  /** Members with their activation form answered, one follower each (distinct openids); an empty member sheet. */
  reset(env) {
    const members = activations(env.scale);
    env.wx.state.reset({ members, followers: Math.max(120, members), seed: 1 });
    env.md.state.reset({ ratePerSecond: 0, worksheets: [WECHAT_MEMBERS_SHEET] });
  },
};
