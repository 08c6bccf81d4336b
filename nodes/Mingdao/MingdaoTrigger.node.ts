import type { IDataObject, IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { BEIJING } from '../core/time';
import { toEvents } from './webhook';
import { safeEqual } from '../core/webhook';

export class MingdaoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mingdao (明道云) Trigger',
		name: 'mingdaoTrigger',
		icon: { light: 'file:mingdao.svg', dark: 'file:mingdao.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '="Send API request → n8n"',
		description: 'Starts the workflow when a Mingdao (明道云) workflow sends a row to n8n ("Send API request" / 发送API请求)',
		defaults: { name: 'Mingdao Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'mingdao' }],
		properties: [
			{
				displayName:
					'In Mingdao: add a workflow triggered by the worksheet event, then a "Send API request" (发送API请求) step: POST to this node\'s URL, header X-Mingdao-Secret = the secret below, JSON body {"event":"updated","worksheetId":"…","rowId":"…","fields":{…}}',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				description:
					'Shared secret Mingdao must send in the X-Mingdao-Secret header (or the "secret" query parameter). Requests without it get HTTP 401 and start nothing.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Events',
						name: 'events',
						type: 'multiOptions',
						options: [
							{ name: 'Created (新增)', value: 'created' },
							{ name: 'Deleted (删除)', value: 'deleted' },
							{ name: 'Updated (修改)', value: 'updated' },
						],
						default: [],
						description: 'Only start the workflow for these events; others are acknowledged and ignored. Empty: all events.',
					},
				],
			},
		],
	};

	/**
	 * Mingdao has no API to register webhooks: the URL is pasted into a Mingdao workflow's "Send API request" step
	 * by hand. So there is nothing to create or delete remotely, and the endpoint always "exists".
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const headers = this.getHeaderData() as IDataObject;
		const query = this.getQueryData() as IDataObject;
		const expected = String(this.getNodeParameter('secret', '') ?? '');
		const given = headers['x-mingdao-secret'] ?? query.secret;
		if (!safeEqual(given, expected)) {
			res.status(401).json({ success: false, error: 'invalid secret' });
			return { noWebhookResponse: true };
		}
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const wanted = (options.events as string[] | undefined) ?? [];
		const receivedAt = DateTime.now().setZone(BEIJING).toISO({ suppressMilliseconds: true }) ?? '';
		// The secret travels in the query for some setups: never pass it on into the items.
		const safeQuery = { ...query };
		delete safeQuery.secret;
		const events = toEvents(this.getBodyData(), safeQuery, receivedAt).filter((e) => wanted.length === 0 || wanted.includes(e.event));
		res.status(200).json({ success: true });
		if (events.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(events as unknown as IDataObject[])] };
	}
}
