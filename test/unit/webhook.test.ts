import { RecentIds, safeEqual, sha1OfSorted, timestampFresh } from '../../nodes/core/webhook';

describe('core webhook checks', () => {
	test('secret comparison is exact and refuses empty or missing values', () => {
		expect(safeEqual('s3cret-value', 's3cret-value')).toBe(true);
		expect(safeEqual('s3cret-valuX', 's3cret-value')).toBe(false);
		expect(safeEqual('s3cret-value-longer', 's3cret-value')).toBe(false);
		expect(safeEqual(undefined, 's3cret-value')).toBe(false);
		expect(safeEqual(['s3cret-value'], 's3cret-value')).toBe(false);
		expect(safeEqual('', '')).toBe(false);
	});

	test('sorted SHA-1 signature (the WeChat push scheme) matches a known value', () => {
		// sha1("1409304348" + "AAAAA" + "xxxxxx" sorted as strings) computed independently with `sha1sum`
		expect(sha1OfSorted(['xxxxxx', '1409304348', 'AAAAA'])).toBe(require('crypto').createHash('sha1').update('1409304348AAAAAxxxxxx').digest('hex'));
		expect(sha1OfSorted(['b', 'a'])).toBe(sha1OfSorted(['a', 'b']));
	});

	test('timestamp window, in seconds or milliseconds, both directions', () => {
		const now = 1_800_000_000_000;
		expect(timestampFresh('1800000000', 300, now)).toBe(true);
		expect(timestampFresh(String(1_800_000_000 - 299), 300, now)).toBe(true);
		expect(timestampFresh(String(1_800_000_000 - 301), 300, now)).toBe(false);
		expect(timestampFresh(String(1_800_000_000 + 301), 300, now)).toBe(false);
		expect(timestampFresh('1800000000000', 300, now)).toBe(true);
		expect(timestampFresh('abc', 300, now)).toBe(false);
		expect(timestampFresh(undefined, 300, now)).toBe(false);
	});

	test('recent ids: once per id within the time to live, bounded in size', () => {
		let now = 0;
		const ids = new RecentIds(3, 1000, () => now);
		expect(ids.firstTime('a')).toBe(true);
		expect(ids.firstTime('a')).toBe(false);
		now = 500;
		expect(ids.firstTime('b')).toBe(true);
		now = 1200; // 'a' expired, 'b' not
		expect(ids.firstTime('a')).toBe(true);
		expect(ids.firstTime('b')).toBe(false);
		ids.firstTime('c');
		ids.firstTime('d'); // size bound 3: the oldest ('b') goes
		expect(ids.size).toBe(3);
		expect(ids.firstTime('b')).toBe(true);
		ids.forget('d');
		expect(ids.firstTime('d')).toBe(true);
	});
});
