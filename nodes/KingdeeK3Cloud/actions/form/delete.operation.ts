import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { billActionProperties, runBillAction } from './billAction';

export const deleteOperation: OperationModule<KingdeeClient> = {
	name: 'Delete',
	action: 'Delete records (删除)',
	description: 'Delete records that are not submitted or audited',
	batch: true,
	properties: billActionProperties({ interaction: false }),
	async execute(ctx, client, indexes) {
		return runBillAction(ctx, client, indexes, SERVICES.delete);
	},
};
