import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { DateTime } from 'luxon';
import { unexpectedResponse } from '../core/errors';
import { advanceCursor, newCursor, readFrom, recordDelivery } from '../core/pollCursor';
import type { CursorState, Versioned } from '../core/pollCursor';
import { emitTracked, newDeliveryId, onePollAtATime, settleTracked } from '../core/pollDelivery';
import { BEIJING, BEIJING_FORMAT, normalizeBeijingTimes, parseDateInput, toBeijingString } from '../core/time';
import { XiaoeClient } from './client';
import { xiaoeApiTest } from './methods/credentialTest';
import { listOrdersV2, ORDER_STATES_V2, ORDER_TIME_KEY_V2 } from './orderList';
import type { OrderTimeField } from './orderList';
import { XIAOE } from './schema';

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
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{ name: 'Now (Only Orders From Activation On)', value: 'now' },
					{ name: 'A Date (Also Emit Older Orders Once)', value: 'date' },
				],
				default: 'now',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				displayOptions: { show: { startFrom: ['date'] } },
				// Required: n8n refuses to activate the workflow while it is empty, before any poll.
				required: true,
				default: '',
				description: "On first activation, emit every order since this time (workflow's time zone unless an offset is given)",
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Overlap (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 300,
						description: 'Each poll re-reads this far back, to catch orders written late; orders already emitted are not emitted again',
					},
					{
						displayName: 'Order State (2.0)',
						name: 'orderState',
						type: 'options',
						options: ORDER_STATES_V2,
						default: 4,
					},
				],
			},
			{
				displayName:
					'Orders come from Order List 2.0: amounts in fen (分), times as ISO 8601 in Beijing time. "Fetch Test Event" shows the newest orders without moving the cursor.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { credentialTest: { xiaoeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await onePollAtATime(this, async () => await pollOrders(this));
	}
}

const parseBeijing = (time: string) => DateTime.fromFormat(time, BEIJING_FORMAT, { zone: BEIJING });

/**
 * One poll: fold in what n8n reported about earlier executions, read the orders changed since the cursor (minus
 * the overlap, or from a failed delivery's oldest order), emit each new version once and remember the delivery
 * until its execution reports success (at least once: see nodes/core/pollCursor.ts).
 */
async function pollOrders(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = ctx.getNodeParameter('event', 'updated') as OrderTimeField;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const overlap = Number(options.overlapSeconds ?? 300);
	const filters: IDataObject = {};
	if (options.orderState !== undefined) filters.order_state = options.orderState;
	const client = await XiaoeClient.from(ctx);
	const now = DateTime.now().setZone(BEIJING);
	const toItems = (orders: IDataObject[]) => ctx.helpers.returnJsonArray(orders.map((o) => normalizeBeijingTimes(o)));

	if (ctx.getMode() === 'manual') {
		// A sample for building the workflow; the cursor is left alone.
		const latest = await listOrdersV2(client, { start: now.minus({ days: 30 }), end: now, timeField: event, filters, limit: 5, descending: true });
		return latest.length ? [toItems(latest)] : null;
	}

	const store = ctx.getWorkflowStaticData('node') as { cursor?: CursorState };
	if (!store.cursor) {
		const start = ctx.getNodeParameter('startFrom', 'now') === 'date' ? readStartDate(ctx) : now;
		store.cursor = newCursor(toBeijingString(start));
		// Starting from now there is nothing to emit; n8n saves this state on activation.
		if (start >= now.minus({ seconds: 1 })) return null;
	}
	const cursorOptions = { overlapStart: (time: string) => toBeijingString(parseBeijing(time).minus({ seconds: overlap })) };
	const nowMs = Date.now();
	const state = settleTracked(ctx, store.cursor, nowMs);
	const { from, rereading } = readFrom(state, cursorOptions, nowMs);
	const orders = await listOrdersV2(client, { start: parseBeijing(from), end: now, timeField: event, filters });
	const { emit, next } = advanceCursor(state, orders.map((order) => versionOf(ctx, order, event)), cursorOptions, rereading);
	if (emit.length === 0) {
		store.cursor = next;
		return null;
	}
	const deliveryId = newDeliveryId();
	store.cursor = recordDelivery(next, deliveryId, emit, nowMs);
	emitTracked(ctx, toItems(emit.map((v) => v.record)), deliveryId);
	return null;
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

function readStartDate(ctx: IPollFunctions): DateTime {
	const raw = ctx.getNodeParameter('startDate', '') as string;
	const dt = parseDateInput(raw, ctx.getTimezone());
	if (!dt) throw new NodeOperationError(ctx.getNode(), `Start Date: "${raw}" is not a date`);
	return dt.setZone(BEIJING);
}
