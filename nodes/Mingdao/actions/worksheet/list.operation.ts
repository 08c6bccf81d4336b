import type { OperationModule } from '../../../core/operation';
import { loadApp } from '../../app';
import type { MingdaoClient } from '../../client';

/** The worksheets of the app behind the App Key (GET /v3/app). Output: one item per worksheet. */
export const list: OperationModule<MingdaoClient> = {
	name: 'List',
	action: 'List the worksheets of the app (获取应用工作表)',
	description: 'One item per worksheet of the app (GET /v3/app)',
	properties: [],
	async execute(_ctx, client, i) {
		const { appId, worksheets } = await loadApp(client, i);
		return worksheets.map((w) => ({ id: w.id, name: w.name, alias: w.alias ?? '', section: w.section ?? '', appId }));
	},
};
