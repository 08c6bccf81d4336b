import type {
	FieldType,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';
import { MingdaoClient } from './client';
import { keyOf, labelOf, MATCHABLE, READ_ONLY } from './fields';
import type { Field, Worksheet } from './fields';

/** Dynamic parts of the node's UI: the worksheet list, field lists and the resource mapper. Kept to one call each. */

interface AppWorksheet {
	id: string;
	name: string;
	alias?: string;
	section?: string;
}

/** GET /v3/app → the worksheets of every section (and sub-section) of the app. */
export function appWorksheets(app: unknown): AppWorksheet[] {
	const out: AppWorksheet[] = [];
	const walk = (sections: unknown, sectionName?: string) => {
		if (!Array.isArray(sections)) return;
		for (const s of sections as Array<Record<string, unknown>>) {
			const name = typeof s.name === 'string' ? s.name : sectionName;
			for (const w of (Array.isArray(s.worksheets) ? s.worksheets : Array.isArray(s.items) ? s.items : []) as Array<Record<string, unknown>>) {
				// v2-style items carry a type: 0 is a worksheet, 1 a custom page.
				if (w.type !== undefined && Number(w.type) !== 0) continue;
				if (typeof w.id === 'string') out.push({ id: w.id, name: String(w.name ?? w.id), alias: w.alias ? String(w.alias) : undefined, section: name });
			}
			walk(s.childSections ?? s.sections, name);
		}
	};
	walk((app as { sections?: unknown })?.sections);
	return out;
}

async function currentWorksheet(ctx: ILoadOptionsFunctions): Promise<Worksheet | undefined> {
	const raw = ctx.getCurrentNodeParameter('worksheet', { extractValue: true }) as unknown;
	const ref = String((raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw) ?? '').trim();
	if (!ref) return undefined;
	const client = await MingdaoClient.from(ctx);
	return client.worksheet(ref);
}

export async function searchWorksheets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await MingdaoClient.from(this);
	const sheets = appWorksheets(await client.v3('GET', '/app'));
	const needle = (filter ?? '').toLowerCase();
	return {
		results: sheets
			.filter((w) => !needle || `${w.name} ${w.alias ?? ''} ${w.id}`.toLowerCase().includes(needle))
			.map((w) => ({ name: w.section ? `${w.name} (${w.section})` : w.name, value: w.alias || w.id })),
	};
}

/** Fields for filter and sort pickers, plus the system columns. */
export async function getFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const ws = await currentWorksheet(this);
	if (!ws) return [];
	return [
		{ name: 'Row ID', value: 'rowid' },
		{ name: 'Created Time', value: 'ctime' },
		{ name: 'Updated Time', value: 'utime' },
		...ws.fields.map((f) => ({ name: `${labelOf(f)} · ${f.type}`, value: keyOf(f) })),
	];
}

function mapperType(f: Field): FieldType {
	switch (f.type) {
		case 'Number':
		case 'Currency':
			return 'number';
		case 'Date':
		case 'DateTime':
			return 'dateTime';
		case 'Checkbox':
			return 'boolean';
		case 'SingleSelect':
		case 'Dropdown':
			return 'options';
		default:
			// Multi-value fields take a list or a comma-separated string; the node converts both.
			return 'string';
	}
}

export async function getMappingColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const ws = await currentWorksheet(this);
	if (!ws) return { fields: [] };
	const operation = this.getCurrentNodeParameter('operation') as string;
	const creating = operation === 'create' || operation === 'createMany' || operation === 'upsert';
	const hasUnique = ws.fields.some((f) => f.unique && MATCHABLE.has(f.type));
	const fields: ResourceMapperField[] = ws.fields
		.filter((f) => !READ_ONLY.has(f.type))
		.map((f) => ({
			id: keyOf(f),
			displayName: `${labelOf(f)}`,
			required: creating && f.required,
			defaultMatch: MATCHABLE.has(f.type) && (hasUnique ? f.unique : f.isTitle),
			canBeUsedToMatch: MATCHABLE.has(f.type),
			display: true,
			type: mapperType(f),
			...(mapperType(f) === 'options' ? { options: f.options.map((o) => ({ name: o.value, value: o.value })) } : {}),
		}));
	return { fields, emptyFieldsNotice: 'This worksheet has no writable fields' };
}
