import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { COMMON_FORMS } from '../forms';

/** The Form list: common forms, filtered by ID or name (no API call: any other form ID can be typed). */
export async function searchForms(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const text = (filter ?? '').trim().toLowerCase();
	const results = COMMON_FORMS.filter(
		(f) => !text || f.id.toLowerCase().includes(text) || f.name.toLowerCase().includes(text),
	).map((f) => ({
		name: `${f.name} · ${f.id}`,
		value: f.id,
	}));
	return { results };
}
