import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { unexpectedResponse } from '../core/errors';
import { newCursor } from '../core/pollCursor';
import type { Versioned } from '../core/pollCursor';
import type { ChangeFeed } from '../core/pollChanges';
import { overlapOption, pollChanges, perExecutionOption, redeliveryPauseOption, startFromProperties } from '../core/pollChanges';
import { BEIJING, BEIJING_FORMAT, normalizeBeijingTimes, toBeijingString } from '../core/time';
import { XiaoeClient } from './client';
import { xiaoeApiTest } from './methods/credentialTest';
import { listOrdersV2, ORDER_STATES_V2, ORDER_TIME_KEY_V2 } from './orderList';
import type { OrderTimeField } from './orderList';
import { XIAOE } from './schema';
import { isSimplified, simplifyOption, simplifyOrder } from './simplify';

export class XiaoeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Xiaoe-tech (小鹅通) Trigger',
		name: 'xiaoeTrigger',
		icon: { light: 'file:xiaoe.svg', dark: 'file:xiaoe.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ({ updated: "Order Created or Updated", created: "Order Created", paid: "Order Paid" })[$parameter["event"]] }}',
		description: 'Starts the workflow when Xiaoe-tech (小鹅通) orders are created, paid or updated',
		defaults: { name: 'Xiaoe-tech Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'xiaoeApi', required: true, testedBy: 'xiaoeApiTest' }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Order Created or Updated', value: 'updated', description: 'New, paid, refunded and edited orders (by update time)' },
					{ name: 'Order Created', value: 'created' },
					{ name: 'Order Paid', value: 'paid', description: 'By pay time (order_info.pay_state_time)' },
				],
				default: 'updated',
			},
			...startFromProperties('Orders'),
			simplifyOption,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Order State (2.0)',
						name: 'orderState',
						type: 'options',
						options: ORDER_STATES_V2,
						default: 4,
					},
					overlapOption('orders written late'),
					redeliveryPauseOption,
					perExecutionOption('Orders'),
				],
			},
			{
				displayName:
					'Orders come from Order List 2.0: amounts in fen (分), times as ISO 8601 in Beijing time. Each order version is emitted once per successful run; if a run fails, its orders come again on a later poll (at least once). "Fetch Test Event" shows the newest orders without moving the cursor.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { xiaoeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChanges(this, async () => await orderFeed(this));
	}
}

const parseBeijing = (time: string) => DateTime.fromFormat(time, BEIJING_FORMAT, { zone: BEIJING });

/** Order List 2.0 by the event's time (Beijing 'yyyy-MM-dd HH:mm:ss', which sorts as text). */
async function orderFeed(ctx: IPollFunctions): Promise<ChangeFeed> {
	const event = ctx.getNodeParameter('event', 'updated') as OrderTimeField;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const simple = isSimplified(ctx.getNodeParameter('output', 'raw'));
	const filters: IDataObject = {};
	if (options.orderState !== undefined) filters.order_state = options.orderState;
	const client = await XiaoeClient.from(ctx);
	const now = () => DateTime.now().setZone(BEIJING);
	return {
		sample: async () =>
			await listOrdersV2(client, { start: now().minus({ days: 30 }), end: now(), timeField: event, filters, limit: 5, descending: true }),
		startNow: () => newCursor(toBeijingString(now())),
		startAt: (date) => toBeijingString(date),
		rules: (overlap) => ({ overlapStart: (time: string) => toBeijingString(parseBeijing(time).minus({ seconds: overlap })) }),
		async read(from) {
			const orders = await listOrdersV2(client, { start: parseBeijing(from), end: now(), timeField: event, filters });
			return orders.map((order) => versionOf(ctx, order, event));
		},
		present: simple ? (order) => simplifyOrder(normalizeBeijingTimes(order), ctx.getNode()) : (order) => normalizeBeijingTimes(order),
	};
}

/**
 * The order's id and the time the event is about. A time key missing from the answer is an error, not a skip:
 * reading a key the API does not send (as `pay_time` once was) would otherwise emit nothing, silently, forever.
 */
function versionOf(ctx: IPollFunctions, order: IDataObject, event: OrderTimeField): Versioned<IDataObject> {
	const info = (order.order_info ?? {}) as IDataObject;
	const key = ORDER_TIME_KEY_V2[event];
	const time = info[key];
	if (typeof time !== 'string') {
		throw unexpectedResponse(ctx.getNode(), XIAOE, `order ${String(info.order_id ?? '?')} has no order_info.${key}`);
	}
	// An unset time ('0000-00-00 00:00:00') sorts before any cursor and is never emitted.
	return { id: String(info.order_id ?? ''), time, record: order };
}
