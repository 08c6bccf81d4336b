import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { loadApp } from '../app';
import { MingdaoClient } from '../client';
import { loadWorksheet } from '../worksheet';
import type { Worksheet } from '../worksheet';

/** The worksheet picker (resource locator "From List"): the app's worksheets, searchable by name, alias or id. */
export async function searchWorksheets(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const { worksheets } = await loadApp(await MingdaoClient.from(this));
	const needle = (filter ?? '').toLowerCase();
	return {
		results: worksheets
			.filter((w) => !needle || `${w.name} ${w.alias ?? ''} ${w.id}`.toLowerCase().includes(needle))
			.map((w) => ({ name: w.section ? `${w.name} (${w.section})` : w.name, value: w.alias || w.id })),
	};
}

/** The worksheet chosen in the node, or undefined while none is (or an expression is) chosen. */
export async function currentWorksheet(ctx: ILoadOptionsFunctions): Promise<Worksheet | undefined> {
	const raw = ctx.getCurrentNodeParameter('worksheet', { extractValue: true }) as unknown;
	const ref = String((raw && typeof raw === 'object' ? (raw as { value?: unknown }).value : raw) ?? '').trim();
	if (!ref || ref.startsWith('=')) return undefined;
	return loadWorksheet(await MingdaoClient.from(ctx), ref);
}
