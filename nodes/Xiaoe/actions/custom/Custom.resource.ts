import { defineResource } from '../../../core/operation';
import type { XiaoeClient } from '../../client';
import { apiCall } from './apiCall.operation';

/** Custom API Call: any Xiaoe API the other resources do not cover. */
export const custom = defineResource<XiaoeClient>('custom', { apiCall }, { defaultOperation: 'apiCall' });
