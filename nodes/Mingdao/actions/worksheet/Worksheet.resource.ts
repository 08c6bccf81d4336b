import { defineResource } from '../../../core/operation';
import type { MingdaoClient } from '../../client';
import { getFields } from './getFields.operation';
import { list } from './list.operation';

/** Worksheet (工作表): the app's worksheets and their fields. */
export const worksheet = defineResource<MingdaoClient>('worksheet', { getFields, list }, { defaultOperation: 'getFields' });
