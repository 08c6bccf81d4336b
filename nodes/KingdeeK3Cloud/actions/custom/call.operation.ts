import type { IDataObject } from 'n8n-workflow';
import { inputError } from '../../../core/errors';
import type { OperationModule } from '../../../core/operation';
import type { KingdeeClient } from '../../client';
import { readObject } from '../common';

/**
 * Any WebAPI service by name (`{Server URL}/{service}.common.kdsvc`) with this credential's signature or session,
 * retries and error handling, e.g. ExcuteOperation (Forbid, Enable…), QueryBusinessInfo or a custom plug-in service.
 */
export const call: OperationModule<KingdeeClient> = {
	name: 'Call Service',
	action: 'Call any Kingdee WebAPI service',
	description: 'Any service by name, with the authentication and error handling of this node',
	properties: [
		{
			displayName: 'Service',
			name: 'service',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExcuteOperation',
			description: 'Service name without the .common.kdsvc suffix (the node adds it)',
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '{\n  "formid": "BD_Customer",\n  "opNumber": "Forbid",\n  "data": { "Numbers": ["C001"] }\n}',
			description: 'The request body as the service expects it, e.g. {"formid": …, "data": {…}} for form services',
		},
		{
			displayName: 'Changes Data',
			name: 'write',
			type: 'boolean',
			default: true,
			description:
				'Whether the call writes data. Writes are never resent after a timeout or a server error, so that nothing is done twice.',
		},
	],
	async execute(ctx, client, i): Promise<IDataObject> {
		const service = String(ctx.getNodeParameter('service', i, ''))
			.trim()
			.replace(/^\/+/, '')
			.replace(/\.common\.kdsvc$/i, '');
		if (!/^[A-Za-z][\w.]*(,[\w.]+)?$/.test(service)) {
			throw inputError(
				ctx.getNode(),
				'Service',
				`"${service}" is not a service name, e.g. Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.View`,
				i,
			);
		}
		const body = readObject(ctx, 'body', 'Body (JSON)', i);
		const write = ctx.getNodeParameter('write', i, true) as boolean;
		const result = await client.call(service, body, { write, itemIndex: i });
		return Array.isArray(result.body) || typeof result.body !== 'object' || result.body === null
			? { result: result.body as IDataObject[] }
			: (result.body as IDataObject);
	},
};
