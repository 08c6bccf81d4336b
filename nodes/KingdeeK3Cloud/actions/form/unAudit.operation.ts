import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { billActionProperties, runBillAction } from './billAction';

export const unAudit: OperationModule<KingdeeClient> = {
	name: 'Unaudit',
	action: 'Unaudit records (反审核)',
	description: 'Take back the approval of audited records, status 已审核 → 重新审核',
	batch: true,
	properties: billActionProperties({ interaction: true }),
	async execute(ctx, client, indexes) {
		return runBillAction(ctx, client, indexes, SERVICES.unAudit);
	},
};
