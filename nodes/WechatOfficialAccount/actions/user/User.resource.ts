import { defineResource } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { get } from './get.operation';
import { getFollowers } from './getFollowers.operation';
import { getManyByOpenIds } from './getManyByOpenIds.operation';

export const user = defineResource<WechatClient>('user', { get, getManyByOpenIds, getFollowers }, { defaultOperation: 'get' });
