import { defineResource } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { formIdProperty } from '../common';
import { audit } from './audit.operation';
import { batchSave } from './batchSave.operation';
import { deleteOperation } from './delete.operation';
import { draft } from './draft.operation';
import { push } from './push.operation';
import { query } from './query.operation';
import { save } from './save.operation';
import { submit } from './submit.operation';
import { unAudit } from './unAudit.operation';
import { upsert } from './upsert.operation';
import { view } from './view.operation';

/** Any form (业务对象): base data such as BD_Customer and bills such as SAL_SaleOrder. */
export const formResource = defineResource<KingdeeClient>(
	'form',
	{ query, view, save, batchSave, upsert, draft, submit, audit, unAudit, delete: deleteOperation, push },
	{ defaultOperation: 'query', shared: [formIdProperty] },
);
