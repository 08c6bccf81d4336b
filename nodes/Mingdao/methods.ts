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
import { operatorsFor, OPERATORS } from './filters';

/** Dynamic parts of the node's UI: the worksheet list, field lists and the resource mapper. Kept to one call each. */

interface AppWorksheet {
	id: string;
	name: string;
	alias?: string;
	section?: string;
}

/**
 * GET /v3/app → the worksheets of the app: `sections[].items[]` where type 0 is a worksheet (1 a custom page,
 * 2 a child section's entry), recursing into `childSections` (the reference's example nests them). The older
 * `worksheets[]` list (no type) is read too.
 */
export function appWorksheets(app: unknown): AppWorksheet[] {
	const out: AppWorksheet[] = [];
	const seen = new Set<string>();
	const walk = (sections: unknown, parent?: string) => {
		if (!Array.isArray(sections)) return;
		for (const s of sections as Array<Record<string, unknown>>) {
			if (!s || typeof s !== 'object') continue;
			const name = typeof s.name === 'string' && s.name ? (parent ? `${parent} / ${s.name}` : s.name) : parent;
			const items = Array.isArray(s.items) ? s.items : Array.isArray(s.worksheets) ? s.worksheets : [];
			for (const w of items as Array<Record<string, unknown>>) {
				if (!w || typeof w !== 'object' || (w.type !== undefined && Number(w.type) !== 0)) continue;
				if (typeof w.id !== 'string' || seen.has(w.id)) continue;
				seen.add(w.id);
				out.push({ id: w.id, name: String(w.name ?? w.id), alias: w.alias ? String(w.alias) : undefined, section: name });
			}
			walk(s.childSections, name);
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

const operatorNames = (ops: string[] | undefined) =>
	ops === undefined ? 'any' : ops.length ? ops.map((op) => OPERATORS.find((o) => o.value === op)?.name.replace(/ \(.*\)$/, '') ?? op).join(', ') : 'none (cannot be filtered)';

/** Fields for filter and sort pickers, plus the system columns; each says which operators Mingdao takes on it. */
export async function getFilterFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const ws = await currentWorksheet(this);
	if (!ws) return [];
	return [
		{ name: 'Row ID', value: 'rowid', description: 'Operators: Equals, Not Equals, Is Any Of, Is None Of' },
		{ name: 'Created Time', value: 'ctime', description: 'Operators: Between, Not Between' },
		{ name: 'Updated Time', value: 'utime', description: 'Operators: Between, Not Between' },
		...ws.fields.map((f) => ({ name: `${labelOf(f)} · ${f.type}`, value: keyOf(f), description: `Operators: ${operatorNames(operatorsFor(f.type))}` })),
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
	const hasUnique = ws.fields.some((f) => f.isUnique && MATCHABLE.has(f.type));
	const fields: ResourceMapperField[] = ws.fields
		.filter((f) => !READ_ONLY.has(f.type))
		.map((f) => ({
			id: keyOf(f),
			displayName: `${labelOf(f)}`,
			required: creating && f.required,
			defaultMatch: MATCHABLE.has(f.type) && (hasUnique ? f.isUnique : f.isTitle),
			canBeUsedToMatch: MATCHABLE.has(f.type),
			display: true,
			// Read-only or hidden in Mingdao's form: available under "Add field", not shown by default.
			...(f.isReadOnly || f.isHidden ? { removed: true } : {}),
			type: mapperType(f),
			...(mapperType(f) === 'options' ? { options: f.options.map((o) => ({ name: o.value, value: o.value })) } : {}),
		}));
	return { fields, emptyFieldsNotice: 'This worksheet has no writable fields' };
}
