import { inputError } from '../../../core/errors';
import { readLimit, returnAllAndLimit } from '../../../core/operation';
import type { OperationModule } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';

/** Employees of a department (`/cgi/user/list` → `userList`), one item each. */
export const getMany: OperationModule<FxiaokeClient> = {
	name: 'Get Many',
	action: 'Get the employees of a department (获取部门下员工)',
	properties: [
		{ displayName: 'Department ID', name: 'departmentId', type: 'number', default: 999999, required: true, description: 'The department (部门) ID; 999999 is the whole company in Fxiaoke' },
		{ displayName: 'Include Sub-Departments', name: 'fetchChild', type: 'boolean', default: true, description: 'Whether to include employees of sub-departments' },
		...returnAllAndLimit,
	],
	async execute(ctx, client, i) {
		const departmentId = Number(ctx.getNodeParameter('departmentId', i, 999999));
		if (!Number.isInteger(departmentId) || departmentId < 0) throw inputError(ctx.getNode(), 'Department ID', `"${departmentId}" is not a department ID`, i);
		const fetchChild = ctx.getNodeParameter('fetchChild', i, true) as boolean;
		const body = await client.call('/cgi/user/list', { departmentId, fetchChild }, { idempotent: true, itemIndex: i });
		const list = (Array.isArray(body.userList) ? body.userList : []) as never[];
		const limit = readLimit(ctx, i);
		return limit === undefined ? list : list.slice(0, limit);
	},
};
