import type { FieldType, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { keyOf, labelOf, MATCHABLE, READ_ONLY } from '../worksheet';
import type { Field } from '../worksheet';
import { currentWorksheet } from './worksheets';

/**
 * The column type n8n's resource mapper shows. Numbers and dates are 'string' on purpose: for typed columns n8n
 * converts values before the node sees them, and its conversion guesses (`"20251201"` → 2025-12-01 as ISO basic
 * form, `"2026-11-25 10:00"` read in the workflow's zone instead of Beijing time, `""` → 0, long numbers rounded).
 * The node converts them itself, exactly or with an error (values.ts).
 */
function mapperType(f: Field): FieldType {
	switch (f.type) {
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
