import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { createHash } from 'crypto';
import { pastedUrlWebhookMethods, readRawBody, recentIdsFor } from '../core/webhook';
import type { RawBodyRequest, RecentIds } from '../core/webhook';
import { wechatCredentials } from './adapter';
import { CREDENTIAL } from './client';
import { dedupKey, MAX_BODY_BYTES, pushSettings, pushSettingsProblem, readPush, wanted } from './push';
import { wechatOfficialAccountApiTest } from './methods/credentialTest';

/** Events a member-card or subscription workflow usually waits for (any other name can be typed in Other Events). */
const EVENTS = [
	{ name: 'Any Event or Message', value: '*' },
	{ name: 'Any User Message (Text, Image, Voice…)', value: 'message', description: 'MsgType text, image, voice, video, location, link' },
	{ name: 'Card Approved (卡券审核通过)', value: 'card_pass_check', description: 'Event card_pass_check' },
	{ name: 'Card Deleted (删除卡券)', value: 'user_del_card', description: 'Event user_del_card' },
	{ name: 'Card Gifted (转赠卡券)', value: 'user_gifting_card', description: 'Event user_gifting_card' },
	{ name: 'Card Received (领取卡券)', value: 'user_get_card', description: 'Event user_get_card' },
	{ name: 'Card Redeemed (核销卡券)', value: 'user_consume_card', description: 'Event user_consume_card' },
	{ name: 'Card Rejected (卡券审核未通过)', value: 'card_not_pass_check', description: 'Event card_not_pass_check' },
	{ name: 'Card Viewed (进入会员卡)', value: 'user_view_card', description: 'Event user_view_card' },
	{ name: 'Member Card Activated (会员卡激活)', value: 'submit_membercard_user_info', description: 'Event submit_membercard_user_info' },
	{ name: 'Member Card Updated (会员卡内容更新)', value: 'update_member_card', description: 'Event update_member_card' },
	{ name: 'Menu Click (菜单点击)', value: 'CLICK', description: 'Event CLICK' },
	{ name: 'Menu Link (菜单跳转)', value: 'VIEW', description: 'Event VIEW' },
	{ name: 'QR Code Scanned by a Follower (扫码)', value: 'SCAN', description: 'Event SCAN' },
	{ name: 'Subscribe (关注)', value: 'subscribe', description: 'Event subscribe' },
	{ name: 'Template Message Delivered (模板消息送达)', value: 'TEMPLATESENDJOBFINISH', description: 'Event TEMPLATESENDJOBFINISH' },
	{ name: 'Unsubscribe (取消关注)', value: 'unsubscribe', description: 'Event unsubscribe' },
];

export class WechatOfficialAccountTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WeChat Official Account (微信公众号) Trigger',
		name: 'wechatOfficialAccountTrigger',
		icon: { light: 'file:wechat.svg', dark: 'file:wechat.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") || "Any event" }}',
		description: 'Starts the workflow when WeChat pushes an event or message (消息推送): card activation, subscribe, menu clicks…',
		defaults: { name: 'WeChat Official Account Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'wechatOfficialAccountApi', required: true, testedBy: 'wechatOfficialAccountApiTest' }],
		webhooks: [
			// The same URL answers WeChat's URL verification (GET) and receives the pushes (POST).
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'wechat' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'wechat' },
		],
		properties: [
			{
				displayName:
					'In the WeChat admin console: 设置与开发 → 基本配置 → 服务器配置. URL = this node\'s Production URL (WeChat needs port 80 or 443), Token and EncodingAESKey = the values in the credential, any mode (明文 / 兼容 / 安全). Activate the workflow before you press 提交: WeChat checks the URL at once.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['*'],
				description:
					'Start the workflow only for these; every other push is acknowledged ("success") and ignored. One URL serves all events of the account.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				// binaryData: n8n then leaves the body unparsed (core readRawBody); on for every new node.
				default: { binaryData: true },
				options: [
					{
						displayName: 'Other Events',
						name: 'otherEvents',
						type: 'string',
						default: '',
						placeholder: 'user_pay_from_pay_cell, LOCATION',
						description: 'More event names to start on, separated by commas (as WeChat spells them in Event)',
					},
					{
						displayName: 'Read the Body Unparsed',
						name: 'binaryData',
						type: 'boolean',
						default: true,
						description:
							"Whether n8n hands the body to this node unparsed (recommended). n8n 2.x's own XML parser stops answering every XML webhook of the instance after one malformed body; this node reads WeChat's XML safely itself.",
					},
					{
						displayName: 'Require Encryption',
						name: 'requireEncryption',
						type: 'boolean',
						default: false,
						description: 'Whether to refuse plain-text pushes (turn on when the account is in safe mode, 安全模式)',
					},
					{
						displayName: 'Timestamp Window (Seconds)',
						name: 'windowSec',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description:
							'Refuse pushes whose signed timestamp is further than this from the n8n server clock (replays). 0 turns the check off.',
					},
				],
			},
		],
	};

	methods = { credentialTest: { wechatOfficialAccountApiTest } };

	/** WeChat has no API to register the URL: it is pasted into the admin console by hand. */
	webhookMethods = pastedUrlWebhookMethods(async (ctx) =>
		pushSettingsProblem(wechatCredentials(await ctx.getCredentials(CREDENTIAL)), { requireToken: true }),
	);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const creds = wechatCredentials(await this.getCredentials(CREDENTIAL));
		const problem = pushSettingsProblem(creds, { requireToken: true });
		if (problem) {
			this.logger.error(`WeChat trigger: ${problem}`);
			res.status(500).type('text/plain').send('trigger not configured');
			return { noWebhookResponse: true };
		}
		const windowSec = Number(options.windowSec ?? 300);
		const settings = pushSettings(creds, { windowSec: Number.isFinite(windowSec) ? windowSec : 300, requireEncryption: options.requireEncryption === true });
		const raw = await readRawBody(req as unknown as RawBodyRequest, { maxBytes: MAX_BODY_BYTES });
		const rawBody = raw instanceof Error ? undefined : raw;
		const verdict = readPush({ method: req.method, query: this.getQueryData() as IDataObject, rawBody }, settings);

		if (verdict.kind === 'reject') {
			if (verdict.status >= 500) this.logger.error(`WeChat trigger: ${verdict.reason}`);
			res.status(verdict.status).type('text/plain').send(verdict.reason);
			return { noWebhookResponse: true };
		}
		if (verdict.kind === 'verify') {
			res.status(200).type('text/plain').send(verdict.echostr);
			return { noWebhookResponse: true };
		}
		const ids = recentIdsFor(`wechat|${this.getWorkflow().id}|${this.getNode().id}|${this.getMode()}`);
		if (!firstUseOfSignature(ids, verdict.replayKey, contentHash(verdict.message as IDataObject))) {
			// The signed URL was used before for another message: in plain mode the body is not signed, so this
			// is someone replaying a captured URL with a body of their own.
			res.status(403).type('text/plain').send('signature already used');
			return { noWebhookResponse: true };
		}
		// Answer at once: WeChat waits 5 s, then re-sends the same push up to three more times.
		res.status(200).type('text/plain').send('success');
		const events = [
			...((this.getNodeParameter('events', []) as string[]) ?? []),
			...String(options.otherEvents ?? '')
				.split(',')
				.map((e) => e.trim())
				.filter(Boolean),
		];
		if (!wanted(verdict.message, events)) return { noWebhookResponse: true };
		// One push, one execution: retries carry the same MsgId / FromUserName + CreateTime + Event.
		if (!ids.firstTime(`msg:${dedupKey(verdict.message)}`)) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray([verdict.message as IDataObject])] };
	}
}

/** A short fingerprint of the whole message (a retry carries exactly the same one). */
function contentHash(message: IDataObject): string {
	return createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 32);
}

/**
 * Whether this signed request (timestamp + nonce) may go on: its first use, or a repeat carrying the same message
 * (a WeChat retry of an unanswered push, answered "success" and de-duplicated). False for a repeat with another
 * message. Remembered for the de-duplication period (10 min), which covers the default timestamp window both ways.
 */
function firstUseOfSignature(ids: RecentIds, replayKey: string, content: string): boolean {
	const pair = `sigmsg:${replayKey}|${content}`;
	if (ids.firstTime(`sig:${replayKey}`)) {
		ids.firstTime(pair);
		return true;
	}
	if (!ids.firstTime(pair)) return true;
	ids.forget(pair);
	return false;
}

