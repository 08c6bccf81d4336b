import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { OperationModule } from '../../../core/operation';
import { inputError } from '../../../core/errors';
import type { WechatClient } from '../../client';
import { jsonObject, requiredText } from '../params';

/**
 * POST /cgi-bin/message/template/send {touser, template_id, url?, miniprogram?, client_msg_id?, data} → {msgid}.
 * A send is a write: not resent after a timeout, unless a Client Message ID is given, with which WeChat sends one
 * message per openid + client_msg_id within 10 minutes (official page), so a resend cannot duplicate it.
 */
export const send: OperationModule<WechatClient> = {
	name: 'Send',
	action: 'Send a template message (发送模板消息)',
	description: 'Send a template message to a follower (/cgi-bin/message/template/send)',
	properties: [
		{ displayName: 'To Open ID', name: 'toUser', type: 'string', required: true, default: '', description: "The recipient's openid (touser)" },
		{ displayName: 'Template ID', name: 'templateId', type: 'string', required: true, default: '', description: 'From 广告与服务 → 模板消息 (template_id)' },
		{
			displayName: 'Data Input',
			name: 'dataMode',
			type: 'options',
			options: [
				{ name: 'Fields Below', value: 'fields' },
				{ name: 'JSON', value: 'json' },
			],
			default: 'fields',
		},
		{
			displayName: 'Data',
			name: 'data',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Template Field',
			displayOptions: { show: { dataMode: ['fields'] } },
			default: {},
			options: [
				{
					displayName: 'Field',
					name: 'field',
					values: [
						{ displayName: 'Key', name: 'key', type: 'string', default: '', description: 'The placeholder name in the template, e.g. thing1 or keyword1' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Data (JSON)',
			name: 'dataJson',
			type: 'json',
			displayOptions: { show: { dataMode: ['json'] } },
			default: '{\n  "thing1": { "value": "" }\n}',
			description: 'The data object as WeChat takes it: {"key": {"value": "…"}}',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Client Message ID',
					name: 'clientMsgId',
					type: 'string',
					default: '',
					description:
						'De-duplication ID (client_msg_id): WeChat sends one message per openid + ID within 10 minutes, so with it a timed-out send is safely retried',
				},
				{ displayName: 'Mini Program App ID', name: 'miniProgramAppId', type: 'string', default: '', description: 'Open a mini program when tapped (wins over URL)' },
				{ displayName: 'Mini Program Page Path', name: 'miniProgramPagePath', type: 'string', default: '', placeholder: 'index?foo=bar' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'Page opened when the message is tapped' },
			],
		},
	],
	async execute(ctx, client, i) {
		const body: IDataObject = {
			touser: requiredText(ctx, 'toUser', 'To Open ID', i),
			template_id: requiredText(ctx, 'templateId', 'Template ID', i),
		};
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		if (options.url) body.url = String(options.url).trim();
		if (options.miniProgramAppId) {
			body.miniprogram = { appid: String(options.miniProgramAppId).trim(), pagepath: String(options.miniProgramPagePath ?? '').trim() };
		}
		const clientMsgId = String(options.clientMsgId ?? '').trim();
		if (clientMsgId) body.client_msg_id = clientMsgId;
		body.data = templateData(ctx, i);
		const answer = await client.post('/cgi-bin/message/template/send', body, { write: true, idempotentWrite: !!clientMsgId, itemIndex: i });
		return { msgid: answer.msgid, touser: body.touser, template_id: body.template_id };
	},
};

/** The template's data: {key: {value}} from the fields, or the JSON as given (each entry must have a value). */
function templateData(ctx: IExecuteFunctions, i: number): IDataObject {
	if (ctx.getNodeParameter('dataMode', i, 'fields') === 'json') {
		const data = jsonObject(ctx, 'dataJson', 'Data (JSON)', i);
		for (const [key, entry] of Object.entries(data)) {
			if (!entry || typeof entry !== 'object' || !('value' in entry)) {
				throw inputError(ctx.getNode(), 'Data (JSON)', `"${key}" must be an object with a "value"`, i);
			}
		}
		return data;
	}
	const fields = (ctx.getNodeParameter('data.field', i, []) as IDataObject[]) ?? [];
	const data: IDataObject = {};
	for (const field of fields) {
		const key = String(field.key ?? '').trim();
		if (!key) throw inputError(ctx.getNode(), 'Data', 'every field needs a key', i);
		if (key in data) throw inputError(ctx.getNode(), 'Data', `key "${key}" is given twice`, i);
		data[key] = { value: String(field.value ?? '') };
	}
	return data;
}
