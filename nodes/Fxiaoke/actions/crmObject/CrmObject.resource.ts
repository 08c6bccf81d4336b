import { defineResource } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { create } from './create.operation';
import { remove } from './delete.operation';
import { describe } from './describe.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { invalidate } from './invalidate.operation';
import { lookUp } from './lookUp.operation';
import { update } from './update.operation';
import { upsert } from './upsert.operation';

/** CRM Object (CRM对象): any preset object (AccountObj, SalesOrderObj…) or custom `…__c` object. */
export const crmObject = defineResource<FxiaokeClient>(
	'crmObject',
	{ get, getMany, lookUp, create, update, upsert, invalidate, delete: remove, describe },
	{ defaultOperation: 'getMany' },
);
