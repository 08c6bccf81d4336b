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
