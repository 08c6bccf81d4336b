/**
 * "Return All / Limit" over page-numbered APIs, in one place. Each operation says how to fetch page N;
 * this decides when to stop: an empty or short page, the reported total reached, or the user's limit reached.
 */
export interface Page<T> {
	items: T[];
	total?: number;
}

export interface PageOptions {
	pageSize: number;
	/** 1 for 1-based APIs, 0 for 0-based ones. */
	firstPage?: number;
	/** Stop after this many records; undefined = all. */
	limit?: number;
}

export async function paginate<T>(
	fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
	options: PageOptions,
): Promise<T[]> {
	const { pageSize, limit } = options;
	const out: T[] = [];
	let page = options.firstPage ?? 1;
	for (;;) {
		const { items, total } = await fetchPage(page, pageSize);
		out.push(...items);
		if (limit !== undefined && out.length >= limit) return out.slice(0, limit);
		if (items.length === 0 || items.length < pageSize) return out;
		if (total !== undefined && out.length >= total) return out;
		page++;
	}
}

/** The same for cursor APIs: `next` is undefined on the last page. */
export async function paginateCursor<T, K>(
	fetchPage: (cursor: K | undefined) => Promise<{ items: T[]; next?: K }>,
	options: { limit?: number } = {},
): Promise<T[]> {
	const out: T[] = [];
	let cursor: K | undefined;
	for (;;) {
		const { items, next } = await fetchPage(cursor);
		out.push(...items);
		if (options.limit !== undefined && out.length >= options.limit) return out.slice(0, options.limit);
		if (items.length === 0 || next === undefined) return out;
		cursor = next;
	}
}

export function chunk<T>(values: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
	return out;
}
