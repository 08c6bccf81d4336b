import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { newCursor } from '../core/pollCursor';
import type { ChangeFeed } from '../core/pollChanges';
import { asItemZero, AT_LEAST_ONCE, overlapOption, pollChanges, perExecutionOption, redeliveryPauseOption, startFromProperties } from '../core/pollChanges';
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
			...startFromProperties('Records'),
			filtersProperty(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [overlapOption('records written late'), perExecutionOption('Records'), redeliveryPauseOption],
			},
			{
				displayName: AT_LEAST_ONCE,
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	methods = { listSearch: { searchObjects }, loadOptions: { getFields }, credentialTest: { fxiaokeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollChanges(this, async () => await recordFeed(this));
	}
}

/** The records of one object, by create or last-modified time (ms epoch, padded for the cursor). */
async function recordFeed(ctx: IPollFunctions): Promise<ChangeFeed> {
	const apiName = readObject(asItemZero(ctx), 0);
	const timeField = ctx.getNodeParameter('event', 'last_modified_time') as TimeField;
	const client = await FxiaokeClient.from(ctx);
	const filters = await readFilters(asItemZero(ctx), client, apiName, 0);
	return {
		sample: async () => await readAll(client, apiName, { filters, sort: { field: timeField, asc: false }, limit: 5 }),
		startNow: () => newCursor(padTime(Date.now())),
		startAt: (date) => padTime(date.toMillis()),
		rules: cursorOptions,
		async read(from) {
			const records = await readAll(client, apiName, {
				filters: [...filters, { field_name: timeField, field_values: [String(unpadTime(from))], operator: 'GTE' }],
				sort: { field: timeField, asc: true },
			});
			return records.map((r: IDataObject) => ({ id: String(r._id ?? ''), time: padTime(Number(r[timeField] ?? 0)), record: r }));
		},
	};
}
