import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { MingdaoClient } from './client';
import { mingdaoApiTest } from './credentialTest';
import { getFilterFields, getMappingColumns, searchWorksheets } from './methods';
import * as row from './resources/row';
import * as worksheet from './resources/worksheet';

const resources: Record<string, ResourceModule<MingdaoClient>> = {
	row: row.resource,
	worksheet: worksheet.resource,
};

export class Mingdao implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mingdao (明道云)',
		name: 'mingdao',
		icon: { light: 'file:mingdao.svg', dark: 'file:mingdao.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read and write rows of Mingdao (明道云 / HAP) worksheets, with batching and upserts',
		defaults: { name: 'Mingdao' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mingdaoApi', required: true, testedBy: 'mingdaoApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Row (行记录)', value: 'row' },
					{ name: 'Worksheet (工作表)', value: 'worksheet' },
				],
				default: 'row',
			},
			...worksheet.resource.properties,
			...row.resource.properties.slice(0, 1),
			{
				displayName: 'Worksheet',
				name: 'worksheet',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				required: true,
				displayOptions: { hide: { operation: ['list'] } },
				description: 'The worksheet (工作表) to work on',
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchWorksheets', searchable: true },
					},
					{
						displayName: 'By ID or Alias',
						name: 'id',
						type: 'string',
						placeholder: 'e.g. 64f0c2... or xiaoe_users',
						hint: 'The worksheet ID, or the alias set by the app admin (工作表别名)',
					},
				],
			},
			...row.resource.properties.slice(1),
		],
	};

	methods = {
		listSearch: { searchWorksheets },
		loadOptions: { getFilterFields },
		resourceMapping: { getMappingColumns },
		credentialTest: { mingdaoApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => MingdaoClient.from(this));
	}
}
