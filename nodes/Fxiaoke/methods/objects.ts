import type { ILoadOptionsFunctions, INodeListSearchResult, INodePropertyOptions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { FxiaokeClient } from '../client';
import { MATCHABLE } from '../fields';
import type { FieldInfo } from '../fields';

/** The Object list: the tenant's preset and custom objects (`object/list`), searchable by label or API name. */
export async function searchObjects(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await FxiaokeClient.from(this);
	const needle = (filter ?? '').toLowerCase();
	const results = (await client.listObjects())
		.filter((o) => !needle || o.apiName.toLowerCase().includes(needle) || o.label.toLowerCase().includes(needle))
		.map((o) => ({ name: `${o.label} (${o.apiName})`, value: o.apiName }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}

async function currentObject(ctx: ILoadOptionsFunctions) {
	const raw = ctx.getCurrentNodeParameter('object', { extractValue: true }) as unknown;
	const apiName = String((raw && typeof raw === 'object' ? (raw as { value?: string }).value : raw) ?? '').trim();
	if (!apiName) return undefined;
	return (await FxiaokeClient.from(ctx)).describe(apiName);
}

/** Fields for filter conditions. */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const info = await currentObject(this);
	return (info?.fields ?? []).map((f) => ({ name: `${f.label} (${f.apiName})`, value: f.apiName, description: f.type }));
}

function mapperType(f: FieldInfo): ResourceMapperField['type'] {
	if (['number', 'currency', 'percentile'].includes(f.type)) return 'number';
	if (f.type === 'true_or_false') return 'boolean';
	if (f.type === 'date' || f.type === 'date_time') return 'dateTime';
	if (f.type === 'select_one' && f.options.length) return 'options';
	return 'string';
}

/** Writable fields of the object for the resource mapper; match candidates for Upsert. */
export async function getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const info = await currentObject(this);
	if (!info) return { fields: [] };
	const operation = this.getCurrentNodeParameter('operation') as string;
	const creating = operation === 'create' || operation === 'upsert';
	const fields: ResourceMapperField[] = info.fields
		.filter((f) => !f.readonly)
		.map((f) => ({
			id: f.apiName,
			displayName: `${f.label} (${f.apiName})`,
			required: creating && f.required,
			defaultMatch: f.unique && MATCHABLE.has(f.type),
			canBeUsedToMatch: MATCHABLE.has(f.type),
			display: true,
			type: mapperType(f),
			...(mapperType(f) === 'options' ? { options: f.options.map((o) => ({ name: o.label, value: o.value })) } : {}),
		}));
	return { fields, emptyFieldsNotice: 'This object has no writable fields' };
}
