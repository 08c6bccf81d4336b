import { defineResource } from '../../../core/operation';
import type { WechatClient } from '../../client';
import { activate } from './activate.operation';
import { decryptCode } from './decryptCode.operation';
import { getActivationForm } from './getActivationForm.operation';
import { getCard } from './getCard.operation';
import { getCode } from './getCode.operation';
import { getMemberInfo } from './getMemberInfo.operation';
import { listUserCards } from './listUserCards.operation';
import { updateMember } from './updateMember.operation';

export const memberCard = defineResource<WechatClient>(
	'memberCard',
	{ getMemberInfo, activate, updateMember, decryptCode, getCode, getActivationForm, getCard, listUserCards },
	{ defaultOperation: 'getMemberInfo' },
);
