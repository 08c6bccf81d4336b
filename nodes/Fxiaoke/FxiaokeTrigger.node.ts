import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { advanceCursor, newCursor, readFrom, recordDelivery } from '../core/pollCursor';
import type { CursorState, Versioned } from '../core/pollCursor';
import { emitTracked, newDeliveryId, onePollAtATime, settleTracked } from '../core/pollDelivery';
import { parseDateInput } from '../core/time';
import { filtersProperty, objectProperty, readFilters, readObject } from './actions/common';
import { FxiaokeClient } from './client';
import { fxiaokeApiTest } from './methods/credentialTest';
import { getFields, searchObjects } from './methods/objects';
import { cursorOptions, padTime, unpadTime } from './triggerCursor';
import { readAll } from './walk';

type TimeField = 'last_modified_time' | 'create_time';

/**
 * New or updated records of one CRM object, by `last_modified_time` (or `create_time`) with `_id` as tie-break.
 * The cursor (core pollCursor) re-reads an overlap window and emits only versions not emitted yet; delivery is at
 * least once (core pollDelivery): a run that fails makes its records come again on a later poll.
 */
export class FxiaokeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fxiaoke CRM (纷享销客) Trigger',
		name: 'fxiaokeTrigger',
		icon: { light: 'file:fxiaoke.svg', dark: 'file:fxiaoke.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["event"] === "create_time" ? "New: " : "New or Updated: ") + (($parameter["object"] && ($parameter["object"].cachedResultName || $parameter["object"].value)) || "") }}',
		description: 'Starts the workflow when Fxiaoke CRM (纷享销客) records are created or updated',
		defaults: { name: 'Fxiaoke CRM Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fxiaokeApi', required: true, testedBy: 'fxiaokeApiTest' }],
		properties: [
			objectProperty,
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'Record Created or Updated', value: 'last_modified_time', description: 'By last modified time (最后修改时间)' },
					{ name: 'Record Created', value: 'create_time', description: 'By create time (创建时间)' },
				],
				default: 'last_modified_time',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'options',
				options: [
					{ name: 'Now (Only Changes From Activation On)', value: 'now' },
					{ name: 'A Date (Also Emit Older Records Once)', value: 'date' },
				],
				default: 'now',
			},
			{
				displayName: 'Start Date',
				name: 'startDate',
				type: 'dateTime',
				displayOptions: { show: { startFrom: ['date'] } },
				default: '',
				description: "On first activation, emit every record changed since this time (workflow's time zone unless an offset is given)",
			},
			filtersProperty(),
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
						description: 'Each poll re-reads this far back, to catch records written late; versions already emitted are not emitted again',
					},
					{
						displayName: 'Pause Before Re-Delivery (Seconds)',
						name: 'redeliveryPauseSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description: 'After a run fails, its records are emitted again on a poll at least this long after; the pause doubles with each failure in a row (up to an hour)',
					},
				],
			},
			{
				displayName:
					'Each record version is emitted once per successful run; if a run fails, its records come again on a later poll (at least once). "Fetch Test Event" shows the newest records without moving the cursor.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { listSearch: { searchObjects }, loadOptions: { getFields }, credentialTest: { fxiaokeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return onePollAtATime(this, () => pollRecords(this));
	}
}

async function pollRecords(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	// The operation readers take an execute context; the poll context answers the same parameter calls (item 0).
	const asExecute = {
		getNode: () => ctx.getNode(),
		getTimezone: () => ctx.getTimezone(),
		getNodeParameter: (name: string, _i: number, fallback?: unknown, options?: IDataObject) => ctx.getNodeParameter(name, fallback as never, options as never),
	} as unknown as IExecuteFunctions;
	const apiName = readObject(asExecute, 0);
	const timeField = ctx.getNodeParameter('event', 'last_modified_time') as TimeField;
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const overlap = Number(options.overlapSeconds ?? 300);
	const client = await FxiaokeClient.from(ctx);
	const filters = await readFilters(asExecute, client, apiName, 0);
	const toItems = (records: IDataObject[]) => ctx.helpers.returnJsonArray(records);

	if (ctx.getMode() === 'manual') {
		// A sample for building the workflow; the cursor is left alone.
		const latest = await readAll(client, apiName, { filters, sort: { field: timeField, asc: false }, limit: 5 });
		return latest.length ? [toItems(latest)] : null;
	}

	const state = ctx.getWorkflowStaticData('node') as { cursor?: CursorState };
	const now = Date.now();
	if (!state.cursor) {
		const start = ctx.getNodeParameter('startFrom', 'now') === 'date' ? readStartDate(ctx) : now;
		state.cursor = newCursor(padTime(start));
		// Starting from now there is nothing to emit; n8n saves this state on activation.
		if (start >= now - 1000) return null;
	}
	const rules = cursorOptions(overlap);
	const pause = options.redeliveryPauseSeconds === undefined ? {} : { basePauseMs: Number(options.redeliveryPauseSeconds) * 1000 };
	let cursor = settleTracked(ctx, state.cursor, now, pause);
	const { from, rereading } = readFrom(cursor, rules, now);
	const records = await readAll(client, apiName, {
		filters: [...filters, { field_name: timeField, field_values: [String(unpadTime(from))], operator: 'GTE' }],
		sort: { field: timeField, asc: true },
	});
	const versions: Array<Versioned<IDataObject>> = records.map((r) => ({ id: String(r._id ?? ''), time: padTime(Number(r[timeField] ?? 0)), record: r }));
	const { emit, next } = advanceCursor(cursor, versions, rules, rereading);
	cursor = next;
	if (emit.length === 0) {
		// Only memory changes (n8n saves static data when a poll emits); losing them re-reads, never skips.
		state.cursor = cursor;
		return null;
	}
	const deliveryId = newDeliveryId();
	state.cursor = recordDelivery(cursor, deliveryId, emit, now);
	emitTracked(ctx, toItems(emit.map((v) => v.record)), deliveryId);
	return null;
}

function readStartDate(ctx: IPollFunctions): number {
	const raw = ctx.getNodeParameter('startDate', '') as string;
	const dt = parseDateInput(raw, ctx.getTimezone());
	if (!dt) throw new NodeOperationError(ctx.getNode(), `Start Date: "${raw}" is not a date`);
	return dt.toMillis();
}
