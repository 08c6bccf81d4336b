import { defineResource } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { call } from './call.operation';

export const customResource = defineResource<KingdeeClient>('custom', { call }, { defaultOperation: 'call' });
