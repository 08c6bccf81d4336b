import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { course } from './actions/course/Course.resource';
import { custom } from './actions/custom/Custom.resource';
import { goods } from './actions/goods/Goods.resource';
import { infoCollection } from './actions/infoCollection/InfoCollection.resource';
import { order } from './actions/order/Order.resource';
import { purchase } from './actions/purchase/Purchase.resource';
import { user } from './actions/user/User.resource';
import { XiaoeClient } from './client';
import { xiaoeApiTest } from './methods/credentialTest';

const resources: Record<string, ResourceModule<XiaoeClient>> = { order, user, course, goods, purchase, infoCollection, custom };

export class Xiaoe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Xiaoe-tech (小鹅通)',
		name: 'xiaoe',
		icon: { light: 'file:xiaoe.svg', dark: 'file:xiaoe.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({ get: "Get", getMany: "Get Many", getManyByIds: "Get Many by ID", getResults: "Get Results", getForUsers: "Get Answers of Input Users", apiCall: "API Call" })[$parameter["operation"]] + ": " + ({ order: "Order", user: "User", course: "Course", goods: "Goods", purchase: "Purchase", infoCollection: "Info Collection", custom: "Custom API Call" })[$parameter["resource"]] }}',
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
			...order.properties,
			...user.properties,
			...course.properties,
			...goods.properties,
			...purchase.properties,
			...infoCollection.properties,
			...custom.properties,
		],
	};

	methods = { credentialTest: { xiaoeApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => XiaoeClient.from(this));
	}
}
