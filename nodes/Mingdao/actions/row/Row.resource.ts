import { defineResource } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { worksheetProperty } from '../common';
import { create } from './create.operation';
import { createMany } from './createMany.operation';
import { remove } from './delete.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { update } from './update.operation';
import { updateMany } from './updateMany.operation';
import { upsert } from './upsert.operation';

/** Row (行记录): the rows of one worksheet, chosen by every operation. */
export const row = defineResource<MingdaoClient>(
	'row',
	{ get, getMany, create, createMany, update, updateMany, delete: remove, upsert },
	{ defaultOperation: 'getMany', shared: [worksheetProperty] },
);
