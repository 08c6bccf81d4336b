import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';
import type { DateTime } from 'luxon';
import { inputError } from './errors';
import { advanceCursor, newCursor, readFrom, recordDelivery } from './pollCursor';
import type { CursorOptions, CursorState, Versioned } from './pollCursor';
import { emitInTurn, newDeliveryId, onePollAtATime, settleTracked } from './pollDelivery';
import { chunk } from './paginate';
import { parseDateInput } from './time';

/**
 * One poll of a "new or changed records" trigger, the same for every service: fold in how earlier executions
 * ended, read from the cursor (minus the overlap, or from a failed delivery's oldest record), emit each new version
 * once, and remember the delivery until n8n reports its execution's success (at least once: see pollCursor.ts).
 * A service describes only its own side, as a `ChangeFeed`.
 */
export interface ChangeFeed {
	/** The newest few records, for "Fetch Test Event" (the cursor is left alone). */
	sample(): Promise<IDataObject[]>;
	/** The first cursor for "Start From: Now" (in the service's clock where it has one). */
	startNow(): Promise<CursorState> | CursorState;
	/** The cursor time for "Start From: A Date". */
	startAt(date: DateTime): string;
	/** The cursor's time arithmetic, for this overlap. */
	rules(overlapSeconds: number): CursorOptions;
	/** Every record version changed at or after `from` (a cursor time). */
	read(from: string): Promise<Array<Versioned<IDataObject>>>;
	/** How a record is output (default: as read). */
	present?(record: IDataObject): IDataObject;
}

export async function pollChanges(ctx: IPollFunctions, feed: () => Promise<ChangeFeed>): Promise<INodeExecutionData[][] | null> {
	return await onePollAtATime(ctx, async () => await pollOnce(ctx, await feed()));
}

async function pollOnce(ctx: IPollFunctions, feed: ChangeFeed): Promise<INodeExecutionData[][] | null> {
	const present = (records: IDataObject[]) => ctx.helpers.returnJsonArray(feed.present ? records.map(feed.present) : records);
	if (ctx.getMode() === 'manual') {
		const latest = await feed.sample();
		return latest.length ? [present(latest)] : null;
	}

	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const state = ctx.getWorkflowStaticData('node') as { cursor?: CursorState };
	if (!state.cursor) {
		if (ctx.getNodeParameter('startFrom', 'now') !== 'date') {
			// Nothing to emit yet; n8n saves this state on activation.
			state.cursor = await feed.startNow();
			return null;
		}
		state.cursor = newCursor(feed.startAt(readStartDate(ctx)));
	}
	const now = Date.now();
	const rules = feed.rules(Number(options.overlapSeconds ?? 300));
	const pause = options.redeliveryPauseSeconds === undefined ? {} : { basePauseMs: Number(options.redeliveryPauseSeconds) * 1000 };
	const settled = settleTracked(ctx, state.cursor, now, pause);
	const { from, rereading } = readFrom(settled, rules, now);
	const { emit, next } = advanceCursor(settled, await feed.read(from), rules, rereading);
	if (emit.length === 0) {
		// Only memory changes (n8n saves static data when a poll emits); losing them re-reads, never skips.
		state.cursor = next;
		return null;
	}
	// One execution per page of records (the option), each started when the previous one has ended.
	const perExecution = Number(options.perExecution ?? DEFAULT_PER_EXECUTION);
	let cursor = next;
	const deliveries = chunk(emit, perExecution > 0 ? perExecution : emit.length).map((page) => {
		const id = newDeliveryId();
		cursor = recordDelivery(cursor, id, page, now);
		return { id, items: present(page.map((v) => v.record)) };
	});
	state.cursor = cursor;
	emitInTurn(ctx, deliveries);
	return null;
}

function readStartDate(ctx: IPollFunctions): DateTime {
	const raw = ctx.getNodeParameter('startDate', '') as string;
	const dt = parseDateInput(raw, ctx.getTimezone());
	if (!dt) throw inputError(ctx.getNode(), 'Start Date', `"${raw}" is not a date`);
	return dt;
}

/**
 * A poll context seen as an execute context for item 0, so a trigger reuses its node's parameter readers
 * (`readObject(ctx, 0)`…): the poll context answers the same parameter calls.
 */
export function asItemZero(ctx: IPollFunctions): IExecuteFunctions {
	return {
		getNode: () => ctx.getNode(),
		getTimezone: () => ctx.getTimezone(),
		getNodeParameter: (name: string, _i: number, fallback?: unknown, options?: IDataObject) =>
			ctx.getNodeParameter(name, fallback as never, options as never),
	} as unknown as IExecuteFunctions;
}

/** The properties every changes trigger shows the same way; `noun` is what it emits ('Records', 'Orders'). */
export function startFromProperties(noun: string): INodeProperties[] {
	return [
		{
			displayName: 'Start From',
			name: 'startFrom',
			type: 'options',
			options: [
				{ name: 'Now (Only Changes From Activation On)', value: 'now' },
				{ name: 'A Date (Also Emit Older Changes Once)', value: 'date' },
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
			description: `On first activation, emit every ${noun.toLowerCase().replace(/s$/, '')} changed since this time (workflow's time zone unless an offset is given)`,
		},
	];
}

export function overlapOption(lateWriters: string): INodeProperties {
	return {
		displayName: 'Overlap (Seconds)',
		name: 'overlapSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		description: `Each poll re-reads this far back, to catch ${lateWriters}; versions already emitted are not emitted again`,
	};
}

/** Records per execution unless the trigger's option says otherwise (bounded memory by default). */
export const DEFAULT_PER_EXECUTION = 1000;

/** How many records one execution gets; a larger backlog runs as several executions, one after the other. */
export function perExecutionOption(noun: string): INodeProperties {
	return {
		displayName: `${noun} per Execution`,
		name: 'perExecution',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_PER_EXECUTION,
		description: `A poll that finds more ${noun.toLowerCase()} than this starts one execution per this many, each after the previous one has ended, so memory stays the same whatever the backlog. 0: all in one execution.`,
	};
}

export const redeliveryPauseOption: INodeProperties = {
	displayName: 'Pause Before Re-Delivery (Seconds)',
	name: 'redeliveryPauseSeconds',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 60,
	description:
		'After a run fails, its records are emitted again on a poll at least this long after; the pause doubles with each failure in a row (up to an hour)',
};

/** The delivery promise, said the same way on every changes trigger. */
export const AT_LEAST_ONCE =
	'Each record version is emitted once per successful run; if a run fails, its records come again on a later poll (at least once). "Fetch Test Event" shows the newest records without moving the cursor.';
