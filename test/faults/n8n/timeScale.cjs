/**
 * Preloaded into the n8n process of the fault suite (NODE_OPTIONS=--require) to compress time, nothing else:
 * a fault run must show several polls, re-deliveries after failures and client timeouts in minutes, not hours.
 * Settings come from CHINA_SAAS_TIME_SCALE (JSON); every one is optional:
 *   subMinutePolls — lift n8n's "at least a minute" check, so a trigger may poll on a `*\/3 * * * * *` cron;
 *   basePauseMs, maxPauseMs, graceMs — the package's re-delivery policy (nodes/core/pollDelivery.ts deliveryPolicy,
 *     60 s doubling to 60 min, and 15 min for an outcome lost with a restart);
 *   timeoutMs — the package's client timeout (nodes/core/http.ts DEFAULT_TIMEOUT_MS, 30 s).
 * The rules themselves (what is retried, re-delivered, looked up again) run unchanged. Plain Node, no dependencies;
 * harmless in any other process that inherits NODE_OPTIONS (n8n's task runner).
 */
'use strict';
const Module = require('node:module');

let settings = {};
try {
	settings = JSON.parse(process.env.CHINA_SAAS_TIME_SCALE || '{}');
} catch {
	settings = {};
}
const applied = new WeakSet();

function patch(exports) {
	if (!exports || typeof exports !== 'object' || applied.has(exports)) return;
	if (exports.deliveryPolicy && typeof exports.emitTracked === 'function') {
		applied.add(exports);
		for (const key of ['basePauseMs', 'maxPauseMs', 'graceMs']) {
			if (typeof settings[key] === 'number') exports.deliveryPolicy[key] = settings[key];
		}
	} else if (typeof exports.DEFAULT_TIMEOUT_MS === 'number' && typeof exports.senderFor === 'function') {
		applied.add(exports);
		if (typeof settings.timeoutMs === 'number') exports.DEFAULT_TIMEOUT_MS = settings.timeoutMs;
	} else if (settings.subMinutePolls && typeof exports.isSubMinuteCron === 'function' && typeof exports.toCronExpression === 'function') {
		// n8n-workflow's cron.js: the index re-exports it through live getters, so n8n sees this function.
		applied.add(exports);
		exports.isSubMinuteCron = () => false;
	}
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
	const exports = load.apply(this, arguments);
	if (typeof request === 'string' && /(pollDelivery|[\\/]http|[\\/]cron)(\.js)?$/.test(request)) patch(exports);
	return exports;
};

