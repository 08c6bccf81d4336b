import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { billActionProperties, runBillAction } from './billAction';

export const audit: OperationModule<KingdeeClient> = {
	name: 'Audit',
	action: 'Audit records (审核)',
	description: 'Audit (approve) submitted records, status 审核中 → 已审核',
	batch: true,
	properties: billActionProperties({ interaction: true }),
	async execute(ctx, client, indexes) {
		return runBillAction(ctx, client, indexes, SERVICES.audit);
	},
};
