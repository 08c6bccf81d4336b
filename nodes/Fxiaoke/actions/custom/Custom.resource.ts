import { defineResource } from '../../../core/operation';
import type { FxiaokeClient } from '../../client';
import { apiCall } from './apiCall.operation';

export const custom = defineResource<FxiaokeClient>('custom', { apiCall }, { defaultOperation: 'apiCall' });
