import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { SERVICES } from '../../client';
import { billActionProperties, runBillAction } from './billAction';

export const submit: OperationModule<KingdeeClient> = {
	name: 'Submit',
	action: 'Submit records (提交)',
	description: 'Submit records for approval, status 创建 → 审核中',
	batch: true,
	properties: billActionProperties({ interaction: false }),
	async execute(ctx, client, indexes) {
		return runBillAction(ctx, client, indexes, SERVICES.submit);
	},
};
