/** Small builders for the workflow JSON the e2e tests import (the same format users share). */
export const PKG = 'n8n-nodes-china-saas';

export interface NodeSpec {
	name: string;
	type: string;
	parameters?: Record<string, unknown>;
	[key: string]: unknown;
}

/** Manual Trigger → nodes[0] → nodes[1] → … (what `n8n execute` needs: an id and a manual start). */
export function chainWorkflow(id: string, nodes: NodeSpec[]): Record<string, unknown> {
	const all: NodeSpec[] = [{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', parameters: {} }, ...nodes];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `e2e ${id}`,
		nodes: all.map((n, i) => ({ id: `${id}-${i}`, typeVersion: 1, position: [i * 220, 0], parameters: {}, ...n })),
		connections,
		settings: { executionOrder: 'v1' },
	};
}

/** Point every node that uses a credential type at an imported credential (templates ship without any). */
export function withCredentials(
	workflow: Record<string, unknown>,
	credentials: Record<string, { id: string; name: string }>,
): Record<string, unknown> {
	const copy = JSON.parse(JSON.stringify(workflow)) as { nodes: Array<Record<string, unknown>> };
	for (const node of copy.nodes) {
		const type = String(node.type);
		if (type.startsWith(`${PKG}.xiaoe`)) node.credentials = { xiaoeApi: credentials.xiaoeApi };
		if (type === `${PKG}.mingdaoTrigger`) {
			if (credentials.mingdaoWebhookApi) node.credentials = { mingdaoWebhookApi: credentials.mingdaoWebhookApi };
		} else if (type.startsWith(`${PKG}.mingdao`) && credentials.mingdaoApi) node.credentials = { mingdaoApi: credentials.mingdaoApi };
		if (type.startsWith(`${PKG}.fxiaoke`) && credentials.fxiaokeApi) node.credentials = { fxiaokeApi: credentials.fxiaokeApi };
		if (type.startsWith(`${PKG}.kingdeeK3Cloud`) && credentials.kingdeeK3CloudApi)
			node.credentials = { kingdeeK3CloudApi: credentials.kingdeeK3CloudApi };
		if (type.startsWith(`${PKG}.wechatOfficialAccount`) && credentials.wechatOfficialAccountApi)
			node.credentials = { wechatOfficialAccountApi: credentials.wechatOfficialAccountApi };
	}
	return copy;
}
