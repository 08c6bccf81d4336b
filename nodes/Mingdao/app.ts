import type { MingdaoClient } from './client';

/** The app behind the App Key (GET /v3/app): its worksheets, for the List operation and the worksheet picker. */
export interface AppWorksheet {
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

/** The app's id and its worksheets. */
export async function loadApp(client: MingdaoClient, itemIndex?: number): Promise<{ appId?: string; worksheets: AppWorksheet[] }> {
	const app = await client.v3('GET', '/app', undefined, { itemIndex });
	return { appId: (app as { appId?: string } | undefined)?.appId, worksheets: appWorksheets(app) };
}
