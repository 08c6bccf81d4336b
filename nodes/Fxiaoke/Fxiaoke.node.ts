import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { crmObject } from './actions/crmObject/CrmObject.resource';
import { custom } from './actions/custom/Custom.resource';
import { user } from './actions/user/User.resource';
import { FxiaokeClient } from './client';
import { fxiaokeApiTest } from './methods/credentialTest';
import { getFields, getMappingColumns, searchObjects } from './methods/objects';

const resources: Record<string, ResourceModule<FxiaokeClient>> = { crmObject, user, custom };

export class Fxiaoke implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fxiaoke CRM (纷享销客)',
		name: 'fxiaoke',
		icon: { light: 'file:fxiaoke.svg', dark: 'file:fxiaoke.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ {"get":"Get","getMany":"Get Many","lookUp":"Look Up","create":"Create","update":"Update","upsert":"Upsert","invalidate":"Invalidate","delete":"Delete","describe":"Describe","getByMobile":"Get by Mobile","apiCall":"Custom API Call"}[$parameter["operation"]] + ": " + ($parameter["resource"] === "crmObject" ? (($parameter["object"] && ($parameter["object"].cachedResultName || $parameter["object"].value)) || "CRM Object") : $parameter["resource"] === "user" ? "User" : "API") }}',
		description: 'Read and write Fxiaoke CRM (纷享销客) records of any preset or custom object, with upserts and large reads',
		defaults: { name: 'Fxiaoke CRM' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fxiaokeApi', required: true, testedBy: 'fxiaokeApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'CRM Object (CRM对象)', value: 'crmObject' },
					{ name: 'Custom API Call (自定义接口)', value: 'custom' },
					{ name: 'User (员工)', value: 'user' },
				],
				default: 'crmObject',
			},
			...crmObject.properties,
			...user.properties,
			...custom.properties,
		],
	};

	methods = {
		listSearch: { searchObjects },
		loadOptions: { getFields },
		resourceMapping: { getMappingColumns },
		credentialTest: { fxiaokeApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => FxiaokeClient.from(this));
	}
}
