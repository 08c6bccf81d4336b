import type { INodeProperties } from 'n8n-workflow';

export const langProperty: INodeProperties = {
	displayName: 'Language',
	name: 'lang',
	type: 'options',
	options: [
		{ name: 'Simplified Chinese (zh_CN)', value: 'zh_CN' },
		{ name: 'Traditional Chinese (zh_TW)', value: 'zh_TW' },
		{ name: 'English (En)', value: 'en' },
	],
	default: 'zh_CN',
	description: 'Language of country/region names in the answer (lang)',
};

export const privacyNotice: INodeProperties = {
	displayName:
		'Since 27 Dec 2021 WeChat no longer returns nickname, avatar, sex or region here: expect subscribe, openid, subscribe_time, unionid (when bound to the Open Platform), remark, tagid_list, subscribe_scene, qr_scene.',
	name: 'privacyNotice',
	type: 'notice',
	default: '',
};
