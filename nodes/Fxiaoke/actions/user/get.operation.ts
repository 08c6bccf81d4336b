import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import { withoutEnvelope } from '../../client';
import type { FxiaokeClient } from '../../client';

/** One employee by open user ID (`/cgi/user/get`). Output: the employee fields of the answer (envelope removed). */
export const get: OperationModule<FxiaokeClient> = {
	name: 'Get by Open User ID',
	action: 'Get an employee by open user ID (获取员工详情)',
	properties: [{ displayName: 'Open User ID', name: 'openUserId', type: 'string', default: '', required: true, placeholder: 'e.g. FSUID_…' }],
	async execute(ctx, client, i) {
		const openUserId = String(ctx.getNodeParameter('openUserId', i, '') ?? '').trim();
		if (!openUserId) throw inputError(ctx.getNode(), 'Open User ID', 'is empty', i);
		return withoutEnvelope(await client.call('/cgi/user/get', { openUserId }, { idempotent: true, itemIndex: i }));
	},
};
