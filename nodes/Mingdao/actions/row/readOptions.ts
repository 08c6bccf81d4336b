import type { INodeProperties } from 'n8n-workflow';

/** Options of Get and Get Many. */
export const readOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description:
				'Whether to return {ID, _createdAt, _updatedAt, alias: value} with numbers, option labels, related row IDs, member names, booleans and ISO times (+08:00), instead of the raw v3 row',
		},
	],
};
