import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { WechatClient } from './client';
import { wechatOfficialAccountApiTest } from './methods/credentialTest';
import { custom } from './actions/custom/Custom.resource';
import { memberCard } from './actions/memberCard/MemberCard.resource';
import { templateMessage } from './actions/templateMessage/TemplateMessage.resource';
import { user } from './actions/user/User.resource';

const resources: Record<string, ResourceModule<WechatClient>> = { memberCard, user, templateMessage, custom };

export class WechatOfficialAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Official Account (微信公众号)',
		name: 'wechatOfficialAccount',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ getMemberInfo: "Get Member Info", activate: "Activate", updateMember: "Update Member", decryptCode: "Decrypt Code", getCode: "Get Code Status", getActivationForm: "Get Activation Form Data", getCard: "Get Card", listUserCards: "List a User\'s Cards", get: "Get", getManyByOpenIds: "Get Many by Open IDs", getFollowers: "Get Followers", send: "Send", apiCall: "API Call" })[$parameter["operation"]] + ": " + ({ memberCard: "Member Card", user: "User", templateMessage: "Template Message", custom: "Custom API Call" })[$parameter["resource"]] }}',
		description: 'Member cards (会员卡), followers and template messages of a WeChat Official Account (微信公众号)',
		defaults: { name: 'WeChat Official Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wechatOfficialAccountApi', required: true, testedBy: 'wechatOfficialAccountApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Custom API Call', value: 'custom' },
					{ name: 'Member Card (会员卡)', value: 'memberCard' },
					{ name: 'Template Message (模板消息)', value: 'templateMessage' },
					{ name: 'User (用户)', value: 'user' },
				],
				default: 'memberCard',
			},
			...Object.values(resources).flatMap((r) => r.properties),
		],
	};

	methods = { credentialTest: { wechatOfficialAccountApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => WechatClient.from(this));
	}
}
