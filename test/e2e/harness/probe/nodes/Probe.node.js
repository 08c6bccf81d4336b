'use strict';
// A tiny programmatic node: reports how its imports resolve inside n8n, or throws n8n errors on request.
const workflow = require('n8n-workflow');

function describe(name) {
	try {
		const entry = require.resolve(name);
		const mod = require(name);
		return { ok: true, entry, keys: Object.keys(mod).length };
	} catch (error) {
		return { ok: false, error: String(error && error.message).split('\n')[0] };
	}
}

class Probe {
	constructor() {
		this.description = {
			displayName: 'Probe',
			name: 'probe',
			group: ['transform'],
			version: 1,
			description: 'E2E harness probe',
			defaults: { name: 'Probe' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'probeApi', required: false }],
			properties: [
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					noDataExpression: true,
					options: [
						{ name: 'Info', value: 'info' },
						{ name: 'Credentials', value: 'credentials' },
						{ name: 'Throw NodeApiError', value: 'apiError' },
						{ name: 'Throw NodeOperationError', value: 'operationError' },
					],
					default: 'info',
				},
			],
		};
	}

	async execute() {
		const mode = this.getNodeParameter('mode', 0);
		if (mode === 'apiError') {
			throw new workflow.NodeApiError(this.getNode(), { message: 'teapot', code: 'E_PROBE' }, {
				httpCode: '418',
				message: 'Probe API error',
				description: 'thrown by the probe',
			});
		}
		if (mode === 'operationError') {
			throw new workflow.NodeOperationError(this.getNode(), 'Probe operation error', {
				description: 'thrown by the probe',
				itemIndex: 0,
			});
		}
		if (mode === 'credentials') {
			const credentials = await this.getCredentials('probeApi');
			return [[{ json: { token: credentials.token }, pairedItem: { item: 0 } }]];
		}
		const { DateTime } = require('luxon');
		const { z } = require('zod');
		const parsed = z.object({ a: z.number() }).safeParse({ a: 1 });
		return [
			this.getInputData().map((item, i) => ({
				json: {
					input: item.json,
					nodeVersion: process.version,
					workflowEntry: require.resolve('n8n-workflow'),
					zod: describe('zod'),
					luxon: describe('luxon'),
					zodWorks: parsed.success,
					luxonYear: DateTime.fromISO('2024-05-06').year,
					nodePath: process.env.NODE_PATH || null,
				},
				pairedItem: { item: i },
			})),
		];
	}
}

module.exports = { Probe };
