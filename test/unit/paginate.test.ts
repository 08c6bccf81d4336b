import { chunk, paginate, paginateCursor } from '../../nodes/core/paginate';

const data = Array.from({ length: 23 }, (_, i) => i);

describe('paginate', () => {
	it('reads to the end with the fewest calls (short page stops)', async () => {
		const pages: number[] = [];
		const all = await paginate(async (page, size) => {
			pages.push(page);
			return { items: data.slice((page - 1) * size, page * size), total: data.length };
		}, { pageSize: 10 });
		expect(all).toEqual(data);
		expect(pages).toEqual([1, 2, 3]);
	});

	it('stops on the total when the last page is full', async () => {
		const pages: number[] = [];
		const twenty = data.slice(0, 20);
		await paginate(async (page, size) => {
			pages.push(page);
			return { items: twenty.slice((page - 1) * size, page * size), total: 20 };
		}, { pageSize: 10 });
		expect(pages).toEqual([1, 2]);
	});

	it('honours a limit and 0-based pages', async () => {
		const pages: number[] = [];
		const some = await paginate(async (page, size) => {
			pages.push(page);
			return { items: data.slice(page * size, (page + 1) * size) };
		}, { pageSize: 10, firstPage: 0, limit: 12 });
		expect(some).toEqual(data.slice(0, 12));
		expect(pages).toEqual([0, 1]);
	});

	it('follows a cursor until there is none', async () => {
		const all = await paginateCursor<number, number>(async (cursor) => {
			const from = cursor ?? 0;
			const items = data.slice(from, from + 10);
			return { items, next: from + 10 < data.length ? from + 10 : undefined };
		});
		expect(all).toEqual(data);
	});

	it('chunks', () => {
		expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
	});
});
