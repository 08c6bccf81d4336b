import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { BEIJING } from '../core/time';
import { pastedUrlWebhookMethods, readRawBody, safeEqual } from '../core/webhook';
import type { RawBodyRequest } from '../core/webhook';
import { readRecords, toEvents } from './events';
import { mingdaoWebhookApiTest } from './methods/credentialTest';

const CREDENTIAL = 'mingdaoWebhookApi';
const DEFAULT_MAX_BODY_KB = 1024;

/** Why the trigger cannot check requests yet, or undefined when the credential holds a secret. */
async function secretOf(ctx: IHookFunctions | IWebhookFunctions): Promise<{ secret: string } | { problem: string }> {
	let data: IDataObject;
	try {
		data = await ctx.getCredentials(CREDENTIAL);
	} catch {
		return {
			problem:
				'Choose a "Mingdao Webhook (明道云 Webhook)" credential holding the shared secret. Workflows built before the secret moved into a credential carried it as a node parameter, stored in plain text; that parameter is no longer read.',
		};
	}
	const secret = String(data?.secret ?? '');
	return secret ? { secret } : { problem: 'The "Mingdao Webhook" credential has an empty secret.' };
}

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
		credentials: [{ name: 'mingdaoWebhookApi', required: true, testedBy: 'mingdaoWebhookApiTest' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'mingdao' }],
		properties: [
			{
				displayName:
					'In Mingdao: add a workflow triggered by the worksheet event, then a "Send API request" (发送API请求) step: POST to this node\'s URL, header X-Mingdao-Secret = the secret in the credential, JSON body {"event":"updated","worksheetId":"…","rowId":"…","fields":{…}}',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				// binaryData: n8n then leaves the body unparsed and this node reads it (core readRawBody); on for new nodes.
				default: { binaryData: true },
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
					{
						displayName: 'Max Body Size (KB)',
						name: 'maxBodyKb',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_MAX_BODY_KB,
						description: 'Larger requests are answered 413 and start nothing',
					},
					{
						displayName: 'Read the Body Unparsed',
						name: 'binaryData',
						type: 'boolean',
						default: true,
						description:
							"Whether n8n hands the body to this node unparsed (recommended): JSON is then read whatever Content-Type the request claims, and a malformed body never reaches n8n's own parsers",
					},
				],
			},
		],
	};

	methods = { credentialTest: { mingdaoWebhookApiTest } };

	/** Mingdao has no API to register webhooks: the URL is pasted into a Mingdao "Send API request" step by hand. */
	webhookMethods = pastedUrlWebhookMethods(async (ctx) => {
		const secret = await secretOf(ctx);
		return 'problem' in secret ? secret.problem : undefined;
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const answer = (status: number, body: IDataObject): IWebhookResponseData => {
			res.status(status).json(body);
			return { noWebhookResponse: true };
		};
		const secret = await secretOf(this);
		if ('problem' in secret) {
			this.logger.error(`Mingdao trigger: ${secret.problem}`);
			return answer(500, { success: false, error: 'trigger not configured' });
		}
		const headers = this.getHeaderData() as IDataObject;
		const query = this.getQueryData() as IDataObject;
		if (!safeEqual(headers['x-mingdao-secret'] ?? query.secret, secret.secret)) return answer(401, { success: false, error: 'invalid secret' });

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxKb = Number(options.maxBodyKb) > 0 ? Number(options.maxBodyKb) : DEFAULT_MAX_BODY_KB;
		const req = this.getRequestObject();
		const tooLarge = (bytes: number) =>
			answer(413, { success: false, error: `the body has ${Math.ceil(bytes / 1024)} KB; this trigger accepts at most ${maxKb} KB (option Max Body Size)` });
		const declared = Number(headers['content-length']);
		if (declared > maxKb * 1024) return tooLarge(declared);
		const raw = await readRawBody(req as unknown as RawBodyRequest, { maxBytes: maxKb * 1024 });
		if (raw instanceof Error) {
			// Beyond n8n's own payload limit (N8N_PAYLOAD_SIZE_MAX), or the sender hung up.
			if ((raw as { status?: number }).status === 413) return tooLarge(declared || maxKb * 1024 + 1);
			return answer(400, { success: false, error: 'the body could not be read' });
		}
		if (raw !== undefined && raw.length > maxKb * 1024) return tooLarge(raw.length);

		const verdict = readRecords({ raw, parsed: this.getBodyData(), contentType: String(headers['content-type'] ?? '') });
		if (!verdict.ok) return answer(400, { success: false, error: verdict.reason });
		const wanted = (options.events as string[] | undefined) ?? [];
		const receivedAt = DateTime.now().setZone(BEIJING).toISO({ suppressMilliseconds: true }) ?? '';
		// The secret travels in the query for some setups: never pass it on into the items.
		const safeQuery = { ...query };
		delete safeQuery.secret;
		const events = toEvents(verdict.records, verdict.shared, safeQuery, receivedAt).filter((e) => wanted.length === 0 || wanted.includes(e.event));
		res.status(200).json({ success: true });
		if (events.length === 0) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(events as unknown as IDataObject[])] };
	}
}
