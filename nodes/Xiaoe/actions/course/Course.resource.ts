import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { getMany } from './getMany.operation';

/** Course (课程): the shop's courses and columns. */
export const course = defineResource<XiaoeClient>('course', { getMany }, { defaultOperation: 'getMany' });
