/**
 * Run this package's nodes on n8n's own engine, in-process: `n8n-core` 2.40.3 / `n8n-workflow` 2.40.1 (what n8n
 * 2.40.7 ships), so the nodes see n8n's real execution contexts — its `this.helpers.httpRequest` (axios, proxy
 * settings, full-response shape, errors), expression resolution, parameter defaults, the workflow checks before a
 * run, Continue On Fail and the error output, paired items, static data — instead of test/support/context.ts.
 *
 *   const run = await runWorkflow({ nodes, connections, credentials: { xiaoeApi: {...} }, input: [{...}] });
 *   run.output('Xiaoe')        // items of the node's main output; run.output('Xiaoe', 1) is its error output
 *   run.error                  // the execution's error, if it failed
 *
 *   await runNode(Xiaoe, { resource: 'order', ... }, { items, credentials, continueOnFail })   // main output
 *   await runPoll(XiaoeTrigger, parameters, staticData, 'trigger')   // { items, staticData, saved }
 *   activePoller(XiaoeTrigger, parameters).poll()                    // several ticks of one active workflow
 *   await runWebhook(MingdaoTrigger, parameters, { headers, query, body })   // { status, body, items }
 *   await runMethod(Mingdao, 'resourceMapping', 'getMappingColumns', parameters, { credentials })
 *
 * Node types are this package's nodes under n8n's names (`n8n-nodes-china-saas.xiaoe`, from package.json), plus
 * stand-ins for `n8n-nodes-base.manualTrigger` (hands on `input`) and `n8n-nodes-base.noOp`. Credentials are plain
 * data by credential type or id; the harness gives each node the credentials its type requires.
 * Modelled on n8n's packages/core/nodes-testing/node-test-harness.ts; none of n8n's code is copied.
 *
 * Not covered here (the e2e tests in test/e2e cover them in a real n8n): installing the package, activation and
 * the poll schedule, registered webhook URLs and the workflow run a webhook starts, credential `authenticate` /
 * `preAuthentication` (our nodes authenticate through the core), sub-workflows and the Code node.
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
