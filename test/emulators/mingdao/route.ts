/** Route table entries and path matching (`:name` segments). */
import type { EmuRequest } from '../common/server';
import type { MingdaoState } from './state';

export interface Route {
	method: string;
	/** Also the stats key, e.g. `/v3/app/worksheets/:id/rows/list`. */
	path: string;
	/** Where the credentials are: v3 headers, v2 body (or query for GET). */
	auth: 'v3' | 'v2';
	run(state: MingdaoState, req: EmuRequest, params: Record<string, string>, body: any): unknown;
}

/** First route whose method and segments match; list specific paths (rows/batch) before `:rowId` ones. */
export function matchRoute(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
	const parts = path.split('/').filter(Boolean);
	for (const route of routes) {
		if (route.method !== method) continue;
		const pattern = route.path.split('/').filter(Boolean);
		if (pattern.length !== parts.length) continue;
		const params: Record<string, string> = {};
		const ok = pattern.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = parts[i]), true) : p === parts[i]));
		if (ok) return { route, params };
	}
	return undefined;
}
