/**
 * Run this package's nodes on n8n's own engine, in-process: `n8n-core` 2.40.3 / `n8n-workflow` 2.40.1 (what n8n
 * 2.40.7 ships), so the nodes see n8n's real execution contexts — its `this.helpers.httpRequest` (axios with n8n's
 * defaults, proxy agents, full-response shape, errors), expression resolution in n8n's isolated-vm sandbox,
 * parameter defaults and resource-mapper checks, the checks before a run, Continue On Fail and the error output,
 * paired items, static data — instead of the hand-written context in test/support/context.ts.
 *
 *   const run = await runWorkflow({ nodes, connections, credentials: { xiaoeApi: {...} }, input: [{...}] });
 *   run.output('Xiaoe')        // items of the node's main output; run.output('Xiaoe', 1) is its error output
 *   run.error                  // the execution's error, if it failed (n8n's plain copy: name, message, context…)
 *
 *   await runNode(Xiaoe, { resource: 'order', ... }, { items, credentials, continueOnFail })   // main output
 *   await runPoll(XiaoeTrigger, parameters, staticData, 'trigger' | 'manual')   // { items, staticData, saved }
 *   activePoller(XiaoeTrigger, parameters, {}, { credentials }).poll()          // ticks of one active workflow
 *   await runWebhook(MingdaoTrigger, parameters, { headers, query, body })     // { status, body, items }
 *   await runMethod(Mingdao, 'resourceMapping', 'getMappingColumns', parameters, { credentials })
 *
 * Node types are this package's nodes under n8n's names (`n8n-nodes-china-saas.xiaoe`, from package.json), any
 * class passed to the helpers, and stand-ins for `n8n-nodes-base.manualTrigger` (hands on `input`) and
 * `n8n-nodes-base.noOp`. Credentials are plain data by credential type or id; each node gets the credentials its
 * type requires. The workflow time zone is n8n's default (America/New_York) unless `settings.timezone`/`timezone`.
 * Modelled on n8n's packages/core/nodes-testing/node-test-harness.ts; none of n8n's code is copied.
 *
 * Runs on Node 24 only (`npm run test:engine`, `npm run test:unit`; see scripts/node24.sh): n8n 2.x requires it, and
 * its expression sandbox (isolated-vm) ships binaries for no other. The jest project uses one realm
 * (jest-environment-node-single-context), as n8n does: the sandbox's results are checked against the host's
 * `Object.prototype`, so under jest's usual per-file realm every DateTime from an expression arrived as a marker
 * object `{ __n8nType: 'DateTime', … }` instead of a DateTime.
 *
 * Not covered (the e2e tests in test/e2e do these in a real n8n): installing the package, activation and the poll
 * schedule, registered webhook URLs and the run a webhook starts, XML webhook bodies, credential `authenticate` /
 * `preAuthentication` / `test` (our nodes authenticate through the core), sub-workflows and the Code node.
 */
import './env';

export { runNode, runWorkflow } from './workflow';
export type { NodeJson, NodeOptions, WorkflowOptions, WorkflowRun } from './workflow';
export { activePoller, runPoll } from './poll';
export type { PollOptions, PollResult, Poller } from './poll';
export { runWebhook } from './webhook';
export { runMethod } from './methods';
export type { MethodKind } from './methods';
export type { WebhookOptions, WebhookRequest, WebhookResult } from './webhook';
export { PACKAGE_NAME, typeName } from './runtime';
export type { CredentialStore } from './runtime';
