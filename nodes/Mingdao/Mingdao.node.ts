import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { runOperation } from '../core/operation';
import type { ResourceModule } from '../core/operation';
import { row } from './actions/row/Row.resource';
import { worksheet } from './actions/worksheet/Worksheet.resource';
import { MingdaoClient } from './client';
import { mingdaoApiTest } from './methods/credentialTest';
import { getFilterFields, getFilterOperators } from './methods/filters';
import { getMappingColumns } from './methods/mapping';
import { searchWorksheets } from './methods/worksheets';

const resources: Record<string, ResourceModule<MingdaoClient>> = { row, worksheet };

export class Mingdao implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mingdao (明道云)',
		name: 'mingdao',
		icon: { light: 'file:mingdao.svg', dark: 'file:mingdao.dark.svg' },
		group: ['transform'],
		version: 1,
		// "Create or Update: Orders 订单", "Get Fields: Worksheet": the operation's label, then what it works on.
		subtitle:
			'={{ ({"get":"Get","getMany":"Get Many","create":"Create","createMany":"Create Many","update":"Update","updateMany":"Update Many","delete":"Delete","upsert":"Create or Update","getFields":"Get Fields","list":"List"})[$parameter["operation"]] + ": " + ($parameter["resource"] === "worksheet" ? ($parameter["operation"] === "list" ? "Worksheets" : "Worksheet") : (($parameter["worksheet"] && ($parameter["worksheet"].cachedResultName || $parameter["worksheet"].value)) || "Row")) }}',
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
			...row.properties,
			...worksheet.properties,
		],
	};

	methods = {
		listSearch: { searchWorksheets },
		loadOptions: { getFilterFields, getFilterOperators },
		resourceMapping: { getMappingColumns },
		credentialTest: { mingdaoApiTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return runOperation(this, resources, () => MingdaoClient.from(this));
	}
}
