import type { INodeProperties } from 'n8n-workflow';

/** Parameters several operations share (defineResource scopes each copy to its operation). */

export const returnAll: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limit: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	displayOptions: { show: { returnAll: [false] } },
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
};

/** Resource (goods) types of the goods detail and course list APIs. */
export const RESOURCE_TYPES = [
	{ name: 'Article (图文)', value: 1 },
	{ name: 'Audio (音频)', value: 2 },
	{ name: 'Video (视频)', value: 3 },
	{ name: 'Live (直播)', value: 4 },
	{ name: 'Membership (会员)', value: 5 },
	{ name: 'Column (专栏)', value: 6 },
	{ name: 'Big Column (大专栏)', value: 8 },
	{ name: 'E-Book (电子书)', value: 20 },
];
