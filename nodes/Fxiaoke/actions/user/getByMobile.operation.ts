import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';

/** Employees with this mobile number (`/cgi/user/getByMobile` → `empList`), one item each (openUserId = FSUID_…). */
export const getByMobile: OperationModule<FxiaokeClient> = {
	name: 'Get by Mobile',
	action: 'Get an employee by mobile number (根据手机号查询员工)',
	properties: [{ displayName: 'Mobile', name: 'mobile', type: 'string', default: '', required: true, placeholder: 'e.g. 13800000000' }],
	async execute(ctx, client, i) {
		const mobile = String(ctx.getNodeParameter('mobile', i, '') ?? '').trim();
		if (!/^\+?\d[\d -]{5,}$/.test(mobile)) throw inputError(ctx.getNode(), 'Mobile', `"${mobile}" is not a mobile number`, i);
		const body = await client.call('/cgi/user/getByMobile', { mobile }, { idempotent: true, itemIndex: i });
		return (Array.isArray(body.empList) ? body.empList : []) as never;
	},
};
