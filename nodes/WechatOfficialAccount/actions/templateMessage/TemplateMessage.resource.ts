import { defineResource } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { send } from './send.operation';

export const templateMessage = defineResource<WechatClient>('templateMessage', { send }, { defaultOperation: 'send' });
