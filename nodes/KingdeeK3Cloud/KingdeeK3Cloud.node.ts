import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { customResource } from './actions/custom/Custom.resource';
import { formResource } from './actions/form/Form.resource';
import { KingdeeClient } from './client';
import { kingdeeK3CloudApiTest } from './methods/credentialTest';
import { searchForms } from './methods/listSearch';

const resources: Record<string, ResourceModule<KingdeeClient>> = {
	form: formResource,
	custom: customResource,
};

export class KingdeeK3Cloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Kingdee K3Cloud (金蝶云星空)',
		name: 'kingdeeK3Cloud',
		icon: { light: 'file:kingdee.svg', dark: 'file:kingdee.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ $parameter["resource"] === "custom" ? "Call Service" : ({ query: "Query", view: "View", save: "Save", batchSave: "Batch Save", upsert: "Upsert", draft: "Draft", submit: "Submit", audit: "Audit", unAudit: "Unaudit", delete: "Delete", push: "Push" }[$parameter["operation"]] + ": " + ($parameter["formId"].value || $parameter["formId"] || "")) }}',
		description: 'Query, save, upsert, submit, audit and push records of Kingdee K3Cloud (金蝶云星空) forms',
		defaults: { name: 'Kingdee K3Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'kingdeeK3CloudApi', required: true, testedBy: 'kingdeeK3CloudApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Form (表单/单据)', value: 'form' },
					{ name: 'Custom Service Call', value: 'custom' },
				],
				default: 'form',
			},
			...formResource.properties,
			...customResource.properties,
		],
	};

	methods = {
		listSearch: { searchForms },
		credentialTest: { kingdeeK3CloudApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => KingdeeClient.from(this));
	}
}
