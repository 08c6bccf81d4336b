'use strict';
// A tiny polling trigger: counts its polls in node static data and emits one item per poll.

class ProbeTrigger {
	constructor() {
		this.description = {
			displayName: 'Probe Trigger',
			name: 'probeTrigger',
			group: ['trigger'],
			version: 1,
			description: 'E2E harness polling probe',
			defaults: { name: 'Probe Trigger' },
			polling: true,
			inputs: [],
			outputs: ['main'],
			properties: [],
		};
	}

	async poll() {
		const data = this.getWorkflowStaticData('node');
		data.count = (data.count || 0) + 1;
		return [[{ json: { count: data.count, mode: this.getMode(), at: new Date().toISOString() } }]];
	}
}

module.exports = { ProbeTrigger };
