import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { XiaoeClient } from './client';
import { xiaoeApiTest } from './credentialTest';
import * as order from './resources/order';
import * as user from './resources/user';
import * as course from './resources/course';
import * as goods from './resources/goods';
import * as purchase from './resources/purchase';
import * as infoCollection from './resources/infoCollection';
import * as custom from './resources/custom';

const resources: Record<string, ResourceModule<XiaoeClient>> = {
	order: order.resource,
	user: user.resource,
	course: course.resource,
	goods: goods.resource,
	purchase: purchase.resource,
	infoCollection: infoCollection.resource,
	custom: custom.resource,
};

export class Xiaoe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Xiaoe-tech (小鹅通)',
		name: 'xiaoe',
		icon: { light: 'file:xiaoe.svg', dark: 'file:xiaoe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read users, orders, courses, goods and form answers from Xiaoe-tech (小鹅通)',
		defaults: { name: 'Xiaoe-tech' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'xiaoeApi', required: true, testedBy: 'xiaoeApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Course (课程)', value: 'course' },
					{ name: 'Custom API Call', value: 'custom' },
					{ name: 'Goods (商品)', value: 'goods' },
					{ name: 'Info Collection (信息采集)', value: 'infoCollection' },
					{ name: 'Order (订单)', value: 'order' },
					{ name: 'Purchase (订阅)', value: 'purchase' },
					{ name: 'User (用户)', value: 'user' },
				],
				default: 'order',
			},
			...Object.values(resources).flatMap((r) => r.properties),
		],
	};

	methods = { credentialTest: { xiaoeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => XiaoeClient.from(this));
	}
}
