import { defineResource } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { apiCall } from './apiCall.operation';

export const custom = defineResource<WechatClient>('custom', { apiCall }, { defaultOperation: 'apiCall' });
