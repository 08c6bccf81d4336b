'use strict';
// A credential type for the probe, to prove that plain credential data imported by the harness reaches a node.

class ProbeApi {
	constructor() {
		this.name = 'probeApi';
		this.displayName = 'Probe API';
		this.properties = [
			{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		];
	}
}

module.exports = { ProbeApi };
