/** Checks the Xiaoe emulator itself over real HTTP: token flow, paging, limits, faults and the control API. */
import axios from 'axios';
import { startXiaoeEmulator } from './xiaoe';
import type { XiaoeEmulator } from './xiaoe';

const CREDS = { app_id: 'app_emu', client_id: 'xop_emu', secret_key: 'emu_secret', grant_type: 'client_credential' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function fetchToken(url: string, params: Record<string, string> = CREDS) {
	return (await axios.get(`${url}/token`, { params })).data;
}
async function call(url: string, api: string, body: object) {
	const res = await axios.post(`${url}/${api}`, body, { validateStatus: () => true });
	return res.status === 200 ? res.data : { httpStatus: res.status };
}

describe('xiaoe emulator', () => {
	let emu: XiaoeEmulator;
	let token: string;
	const api = (name: string, body: object = {}) => call(emu.url, name, { access_token: token, ...body });

	beforeAll(async () => {
		emu = await startXiaoeEmulator();
	});
	afterAll(() => emu.close());
	beforeEach(async () => {
		emu.state.reset();
		token = (await fetchToken(emu.url)).data.access_token;
	});

	describe('token', () => {
		it('issues tokens under data and counts fetches', async () => {
			const r = await fetchToken(emu.url);
			expect(r).toMatchObject({ code: 0, msg: 'success', data: { expires_in: 7200 } });
			expect(typeof r.data.access_token).toBe('string');
			expect(r.data.access_token).not.toBe(token);
			expect(emu.stats()).toMatchObject({ tokenFetches: 2, tokensIssued: 2 });
		});

		it('rejects bad credentials, grant_type and tokens', async () => {
			expect(await fetchToken(emu.url, { ...CREDS, secret_key: 'nope' })).toEqual({ code: 2004, msg: 'app_id、client_id或secret_key错误', data: [] });
			expect((await fetchToken(emu.url, { ...CREDS, grant_type: 'client_credentials' })).code).toBe(1001);
			expect(await call(emu.url, 'xe.order.detail/1.0.0', { order_id: 'x' })).toEqual({ code: 2008, msg: 'access_token已过期或无效', data: [] });
			expect((await call(emu.url, 'xe.order.detail/1.0.0', { access_token: 'bogus', order_id: 'x' })).code).toBe(2008);
			expect(emu.stats()).toMatchObject({ tokenFetches: 3, tokensIssued: 1, rejectedTokenCalls: 2, businessCalls: 2 });
		});

		it('expires tokens and retires the previous one after the grace period', async () => {
			const e = await startXiaoeEmulator({ tokenLifetimeSec: 3, tokenGraceSec: 1, users: 5, orders: 5 });
			try {
				const a = (await fetchToken(e.url)).data.access_token;
				const b = (await fetchToken(e.url)).data.access_token;
				const ping = (t: string) => call(e.url, 'xe.user.batch.get/1.0.0', { access_token: t, page: 1, page_size: 1 });
				expect((await ping(a)).code).toBe(0); // inside the grace period
				await sleep(1100);
				expect((await ping(a)).code).toBe(2008);
				expect((await ping(b)).code).toBe(0);
				await sleep(2000);
				expect((await ping(b)).code).toBe(2008); // lifetime over
				expect(e.stats().rejectedTokenCalls).toBe(2);
			} finally {
				await e.close();
			}
		});

		it('answers GET /token only, records parameter names, and takes a missing client_id from shops without one', async () => {
			expect((await axios.post(`${emu.url}/token`, CREDS, { validateStatus: () => true })).status).toBe(405);
			const { client_id: _omit, ...legacy } = CREDS;
			expect((await fetchToken(emu.url, legacy)).code).toBe(2004); // this shop has a client id
			emu.state.reset({ clientId: '' });
			expect((await fetchToken(emu.url, legacy)).code).toBe(0);
			expect((await fetchToken(emu.url, { ...legacy, client_id: '' })).code).toBe(1001); // given, but empty
			expect(emu.stats().tokenParams).toEqual([
				['app_id', 'grant_type', 'secret_key'],
				['app_id', 'client_id', 'grant_type', 'secret_key'],
			]);
		});

		it('limits token fetches and honours the IP whitelist fault', async () => {
			emu.state.reset({ tokenRateLimit: { max: 2, windowSec: 600 } });
			expect((await fetchToken(emu.url)).code).toBe(0);
			expect((await fetchToken(emu.url)).code).toBe(0);
			expect(await fetchToken(emu.url)).toEqual({ code: 2013, msg: '获取access_token过于频繁,请10分钟后再试', data: [] });
			await axios.post(`${emu.url}/__emulator/faults`, { ipBlocked: true });
			expect((await fetchToken(emu.url)).code).toBe(2051);
			expect(emu.stats()).toMatchObject({ tokenFetches: 4, tokensIssued: 2 });
		});
	});

	describe('order list 2.0', () => {
		it('pages through a range in a stable order with same-second ties across pages', async () => {
			const orders = emu.state.listOrders();
			const start = orders[0].created_time;
			const end = orders[orders.length - 1].created_time;
			const seen: Array<{ id: string; t: string }> = [];
			let boundaryTie = false;
			let throttled = 0;
			for (let page = 1; ; page++) {
				const body = { created_time_start: start, created_time_end: end, order_asc: 'asc', page, page_size: 7 };
				let r = await api('xe.ecommerce.order.list/1.0.0', body);
				// 43 pages exceed the documented 20 calls/s: back off like a client must.
				while (r.code === 429) {
					throttled++;
					await sleep(300);
					r = await api('xe.ecommerce.order.list/1.0.0', body);
				}
				expect(r.code).toBe(0);
				expect(r.data.total).toBe(orders.length);
				const items = r.data.list.map((x: any) => ({ id: x.order_info.order_id, t: x.order_info.created_time }));
				if (seen.length && items.length && seen[seen.length - 1].t === items[0].t) boundaryTie = true;
				seen.push(...items);
				if (items.length < 7) break;
			}
			expect(seen.map((x) => x.id)).toEqual(orders.map((o) => o.order_id));
			expect(boundaryTie).toBe(true);
			expect(throttled).toBeGreaterThan(0);
			expect(emu.stats().throttled).toBe(throttled);
		});

		it('has the nested item shape in fen with Beijing times', async () => {
			const r = await api('xe.ecommerce.order.list/1.0.0', { page_size: 100 });
			const item = r.data.list[0];
			expect(Object.keys(item).sort()).toEqual(['buyer_info', 'good_list', 'order_info', 'payment_info', 'price_info', 'ship_info']);
			expect(item.order_info.update_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
			const o = emu.state.listOrders().find((x) => x.order_id === item.order_info.order_id)!;
			expect(item.price_info.actual_price).toBe(o.actual_price);
			expect(item.order_info).toMatchObject({ update_time: o.update_time, pay_state_time: o.pay_time, actual_fee: o.actual_price });
			expect(item.order_info).not.toHaveProperty('pay_time');
			expect(Object.keys(item.buyer_info).sort()).toEqual(['avatar_url', 'comment', 'nickname', 'phone_number']);
			expect(Number.isInteger(item.good_list[0].unit_price)).toBe(true);
			expect(r.data).toMatchObject({ page: 1, page_size: 100 });
			// No range: last 30 days by created time, newest first.
			expect(r.data.total).toBe(emu.state.orders.length);
			expect(item.order_info.order_id).toBe(emu.state.orders[emu.state.orders.length - 1].order_id);
		});

		it('applies pay_time over created_time and rejects bad parameters', async () => {
			const orders = emu.state.listOrders();
			const paid = orders.filter((o) => o.pay_ms > 0);
			const r = await api('xe.ecommerce.order.list/1.0.0', {
				created_time_start: '2000-01-01 00:00:00',
				created_time_end: '2000-01-02 00:00:00',
				pay_time_start: orders[0].created_time,
				pay_time_end: orders[orders.length - 1].update_time,
			});
			expect(r.data.total).toBe(paid.length);
			expect((await api('xe.ecommerce.order.list/1.0.0', { page_size: 101 })).code).toBe(1001);
			const long = await api('xe.ecommerce.order.list/1.0.0', { update_time_start: '2024-01-01 00:00:00', update_time_end: '2024-02-01 00:00:01' });
			expect(long.code).toBe(1001);
			expect(long.msg).toMatch(/^参数错误: /);
			expect((await api('xe.ecommerce.order.list/1.0.0', { order_state: 6 })).code).toBe(1001);
			expect((await api('xe.ecommerce.order.list/1.0.0', { data: { page: 1 } })).code).toBe(1001);
		});

		it('throttles above 20 calls per second', async () => {
			const rs = await Promise.all(Array.from({ length: 25 }, () => api('xe.ecommerce.order.list/1.0.0', { page_size: 1 })));
			expect(rs.filter((r) => r.code === 429)).toHaveLength(5);
			expect(rs.find((r) => r.code === 429)).toEqual({ code: 429, msg: '请求过于频繁,请稍后再试', data: [] });
			expect(emu.stats().throttled).toBe(5);
		});
	});

	describe('order list 1.x and detail', () => {
		it('1.0.1: flat, unix-second window ≤7 days, page_index 1-based, ≤200', async () => {
			const orders = emu.state.listOrders();
			const begin = Math.floor(orders[0].created_ms / 1000);
			const r = await api('xe.order.list.get/1.0.1', { begin_time: begin, end_time: begin + 7 * 86400, page_index: 1, page_size: 5 });
			expect(r.code).toBe(0);
			expect(r.data.list.map((x: any) => x.order_id)).toEqual(orders.slice(0, 5).map((o) => o.order_id));
			expect(typeof r.data.list[0].price).toBe('string');
			expect((await api('xe.order.list.get/1.0.1', { begin_time: begin, end_time: begin + 7 * 86400 + 1 })).code).toBe(1001);
			expect((await api('xe.order.list.get/1.0.1', { page_size: 201 })).code).toBe(1001);
			expect((await api('xe.order.list.get/1.0.1', { page_index: 0 })).code).toBe(1001);
		});

		it('1.0.0: nested data, 0-based pages, 24 h window, desc by default', async () => {
			const orders = emu.state.listOrders();
			const end = Math.floor(orders[orders.length - 1].created_ms / 1000);
			const inDay = orders.filter((o) => o.created_ms / 1000 >= end - 86400).reverse();
			const r = await api('xe.order.list.get/1.0.0', { data: { begin_time: end - 86400, end_time: end, page_index: 1, page_size: 3 } });
			expect(r.data.total).toBe(inDay.length);
			expect(r.data.list.map((x: any) => x.order_id)).toEqual(inDay.slice(3, 6).map((o) => o.order_id));
			expect((await api('xe.order.list.get/1.0.0', { data: { begin_time: end - 86401, end_time: end } })).code).toBe(1001);
			expect((await api('xe.order.list.get/1.0.0', { page_size: 10 })).code).toBe(1001); // not nested
			expect((await api('xe.order.list.get/1.0.0', { data: { page_size: 51 } })).code).toBe(1001);
		});

		it('detail: yuan price string, zero times, not found', async () => {
			const o = emu.state.listOrders().find((x) => x.settle_ms === 0 && x.actual_price > 0)!;
			const r = await api('xe.order.detail/1.0.0', { order_id: o.order_id });
			expect(r.data.order_info).toMatchObject({ order_id: o.order_id, price: (o.actual_price / 100).toFixed(2), settle_time: '0000-00-00 00:00:00', created_at: o.created_time, order_state: o.state_v1 });
			expect(r.data).toHaveProperty('distribute_info');
			expect(r.data).toHaveProperty('student_info');
			expect(Array.isArray(r.data.after_sale_list)).toBe(true);
			expect((await api('xe.order.detail/1.0.0', { order_id: 'o_missing' })).code).toBe(7);
		});
	});

	describe('users', () => {
		it('1.0: page/page_size required, ≤50, filters', async () => {
			const u = emu.state.users.find((x) => x.bind_phone)!;
			const r = await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 50, phone: u.bind_phone });
			expect(r.data.list.map((x: any) => x.user_id)).toContain(u.user_id);
			expect((await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 51 })).code).toBe(1001);
			expect((await api('xe.user.batch.get/1.0.0', { page_size: 10 })).code).toBe(1001);
		});

		it('1.0 reaches only the first 10,000 users; 2.0 cursor reaches all', async () => {
			const e = await startXiaoeEmulator({ users: 10_030, orders: 10 });
			try {
				const t = (await fetchToken(e.url)).data.access_token;
				const last = await call(e.url, 'xe.user.batch.get/1.0.0', { access_token: t, page: 200, page_size: 50 });
				expect(last.data).toMatchObject({ total: 10_030 });
				expect(last.data.list).toHaveLength(50);
				const beyond = await call(e.url, 'xe.user.batch.get/1.0.0', { access_token: t, page: 201, page_size: 50 });
				expect(beyond.data).toEqual({ list: [], total: 10_030 });

				const ids = new Set<string>();
				let es_skip: unknown;
				for (;;) {
					const r = await call(e.url, 'xe.user.batch.get/2.0.0', { access_token: t, page_size: 50, es_skip });
					if (r.data.list.length === 0) break;
					for (const u of r.data.list) ids.add(u.user_id);
					es_skip = r.data.list[r.data.list.length - 1].es_skip;
				}
				expect(ids.size).toBe(10_030);
			} finally {
				await e.close();
			}
		}, 30_000);

		it('info.get: user_id or data.phone, data.field_list required', async () => {
			const u = emu.state.users.find((x) => x.bind_phone)!;
			const byId = await api('xe.user.info.get/1.0.0', { user_id: u.user_id, data: { field_list: { nickname: 1, phone: 1 } } });
			expect(byId.data).toEqual({ user_id: u.user_id, nickname: u.nickname, phone: u.bind_phone });
			const byPhone = await api('xe.user.info.get/1.0.0', { data: { phone: `+86-${u.bind_phone}`, field_list: { name: 1 } } });
			expect(byPhone.data).toEqual({ user_id: u.user_id, name: u.name });
			expect((await api('xe.user.info.get/1.0.0', { user_id: u.user_id, field_list: { name: 1 } })).code).toBe(1001);
			expect((await api('xe.user.info.get/1.0.0', { data: { phone: '10000000000', field_list: {} } })).code).toBe(7);
		});

		it('batch_by_user_id: ≤50 ids, list + total', async () => {
			const ids = emu.state.users.slice(0, 3).map((u) => u.user_id);
			const r = await api('xe.user.batch_by_user_id.get/1.0.0', { user_id_list: ids, page: 1, page_size: 50 });
			expect(r.data.total).toBe(3);
			expect(r.data.list.map((x: any) => x.user_id)).toEqual(ids);
			const many = emu.state.users.slice(0, 51).map((u) => u.user_id);
			expect((await api('xe.user.batch_by_user_id.get/1.0.0', { user_id_list: many, page: 1, page_size: 50 })).code).toBe(1001);
		});
	});

	describe('goods, purchases, info collection', () => {
		it('goods detail: nested, fen, 3057 / 7 / 21', async () => {
			const r = emu.state.resources.find((x) => x.state === 0 && x.resource_type <= 4)!;
			const ok = await api('xe.goods.detail.get/3.0.0', { data: { goods_id: r.resource_id, goods_type: r.resource_type } });
			expect(ok.data.resource_info).toMatchObject({ title: r.title, price: r.price, line_price: r.line_price });
			expect((await api('xe.goods.detail.get/3.0.0', { goods_id: r.resource_id, goods_type: r.resource_type })).code).toBe(1001);
			expect((await api('xe.goods.detail.get/3.0.0', { data: { goods_id: r.resource_id, goods_type: 21 } })).code).toBe(3057);
			expect((await api('xe.goods.detail.get/3.0.0', { data: { goods_id: 'i_nope', goods_type: 1 } })).code).toBe(7);
			const del = emu.state.resources.find((x) => x.state === 2 && [1, 2, 3, 4, 5, 6, 8, 20].includes(x.resource_type))!;
			expect((await api('xe.goods.detail.get/3.0.0', { data: { goods_id: del.resource_id, goods_type: del.resource_type } })).code).toBe(21);
		});

		it('resource list and purchases', async () => {
			const list = await api('xe.resource.list.get/1.0.0', { page: 1, page_size: 50 });
			expect(list.data.total).toBe(emu.state.resources.filter((r) => r.state !== 2).length);
			expect(list.data.list[0]).toHaveProperty('resource_id');
			const o = emu.state.listOrders().find((x) => x.state >= 1 && x.state <= 4 && x.aftersale_show_state !== 3)!;
			const p = await api('xe.resource.purchase.get/1.0.0', { data: { user_id: o.user_id, page_index: 1, page_size: 50 } });
			expect(p.data.list.map((x: any) => x.resource_id)).toContain(o.resource_id);
			expect((await api('xe.resource.purchase.get/1.0.0', { user_id: o.user_id })).code).toBe(1001);
		});

		it('form and user info-collection results use collection_list', async () => {
			const c = emu.state.collections[0];
			const byForm = await api('xe.information.form.result.get/1.0.0', { form_id: c.form_id, page: 1, page_size: 50 });
			expect(byForm.data.total).toBe(emu.state.collections.filter((x) => x.form_id === c.form_id).length);
			// extra is a string, as documented; its inside differs per form
			const first = byForm.data.collection_list[0];
			expect(typeof first.extra).toBe('string');
			const form = emu.state.forms.find((f) => f.form_id === c.form_id)!;
			const mine = emu.state.collections.find((x) => x.id === first.id)!;
			expect(first.extra).toContain(form.questions[1].title);
			expect(first.extra).toContain(mine.answers.phone);
			const byUser = await api('xe.information.user.result.get/1.0.0', { user_id: c.user_id, page: 1, page_size: 10 });
			expect(byUser.data.collection_list[0]).toMatchObject({ user_id: c.user_id, form_id: c.form_id });
			expect((await api('xe.information.form.result.get/1.0.0', { form_id: c.form_id, page: 1, page_size: 51 })).code).toBe(1001);
			expect(emu.state.collections.length).toBeGreaterThan(emu.state.users.length * 0.3);
		});
	});

	describe('control API and faults', () => {
		const ctl = async (method: 'get' | 'post', path: string, body?: object) =>
			(await axios.request({ method, url: `${emu.url}/__emulator/${path}`, data: body })).data;

		it('adds late orders that appear by update_time, updates orders and users; control calls are not counted', async () => {
			const at = Date.now() - 3 * 86_400_000;
			const { orders } = await ctl('post', 'orders', { count: 4, at, sameSecond: true });
			expect(orders).toHaveLength(4);
			expect(new Set(orders.map((o: any) => o.created_time)).size).toBe(1);
			const t = orders[0].update_time;
			const r = await api('xe.ecommerce.order.list/1.0.0', { update_time_start: t, update_time_end: t, order_asc: 'asc' });
			expect(r.data.list.map((x: any) => x.order_info.order_id)).toEqual(expect.arrayContaining(orders.map((o: any) => o.order_id)));

			const up = await ctl('post', 'orders/update', { orderIds: [orders[0].order_id], state: 5 });
			expect(up.orders[0]).toMatchObject({ state: 5, state_v1: 10 });
			const all = await ctl('get', 'orders');
			expect(all.orders.find((o: any) => o.order_id === orders[0].order_id).update_ms).toBeGreaterThan(at);

			const u = emu.state.users[0];
			await ctl('post', 'users/update', { userIds: [u.user_id], changes: { nickname: '新昵称' } });
			const info = await api('xe.user.info.get/1.0.0', { user_id: u.user_id, data: { field_list: { nickname: 1 } } });
			expect(info.data.nickname).toBe('新昵称');
			expect((await ctl('get', 'users')).users.find((x: any) => x.user_id === u.user_id).nickname).toBe('新昵称');
			expect((await ctl('get', 'stats')).businessCalls).toBe(2);
		});

		it('expire-tokens, expireTokenEveryNCalls, 502, throttle faults', async () => {
			await ctl('post', 'expire-tokens');
			expect((await api('xe.order.detail/1.0.0', { order_id: 'x' })).code).toBe(2008);
			token = (await fetchToken(emu.url)).data.access_token;
			await ctl('post', 'faults', { serverErrorEveryNCalls: 2 });
			expect((await api('xe.order.detail/1.0.0', { order_id: 'x' })).httpStatus).toBe(502);
			await ctl('post', 'faults', { serverErrorEveryNCalls: 0, throttleEveryNCalls: 3 });
			expect((await api('xe.order.detail/1.0.0', { order_id: 'x' })).code).toBe(429);
			await ctl('post', 'faults', { throttleEveryNCalls: 0, expireTokenEveryNCalls: 4 });
			expect((await api('xe.order.detail/1.0.0', { order_id: 'x' })).code).toBe(2008);
			expect((await api('xe.order.detail/1.0.0', { order_id: 'x' })).code).toBe(2008); // token stays dead
			expect(emu.stats()).toMatchObject({ businessCalls: 5, throttled: 1, rejectedTokenCalls: 3 });
		});

		it('answers every Nth business call "busy" inside HTTP 200, with the configured code and message', async () => {
			await ctl('post', 'faults', { busyEveryNCalls: 2, busyAnswer: { code: 50001, msg: '服务繁忙' } });
			expect((await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 1 })).code).toBe(0);
			const busy = await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 1 });
			expect(busy).toMatchObject({ code: 50001, msg: '服务繁忙' }); // an HTTP 200 answer (others come back as { httpStatus })
			expect((await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 1 })).code).toBe(0);
			expect(emu.stats()).toMatchObject({ businessCalls: 3, busyAnswers: 1 });
		});

		it('answers a configured business code, for one API or all, and records exchanges when asked', async () => {
			emu.state.reset({ record: true });
			token = (await fetchToken(emu.url)).data.access_token;
			emu.state.setFaults({ answerCode: { code: 9999, msg: '未知错误', api: 'xe.order.detail/1.0.0' } });
			expect(await api('xe.order.detail/1.0.0', { order_id: 'x' })).toEqual({ code: 9999, msg: '未知错误', data: [] });
			expect((await api('xe.user.batch.get/1.0.0', { page: 1, page_size: 1 })).code).toBe(0);
			const { exchanges } = await ctl('get', 'exchanges');
			expect(exchanges.map((x: any) => [x.api, x.method, x.response.code])).toEqual([
				['token', 'GET', 0],
				['xe.order.detail/1.0.0', 'POST', 9999],
				['xe.user.batch.get/1.0.0', 'POST', 0],
			]);
			expect(exchanges[1].body).toEqual({ access_token: token, order_id: 'x' });
		});

		it('holds timed-out calls and adds latency', async () => {
			emu.state.setFaults({ timeoutEveryNCalls: 1 });
			await expect(axios.post(`${emu.url}/xe.order.detail/1.0.0`, { access_token: token, order_id: 'x' }, { timeout: 300 })).rejects.toThrow(/timeout/);
			emu.state.setFaults({ timeoutEveryNCalls: 0, latencyMs: 150 });
			const t0 = Date.now();
			await api('xe.order.detail/1.0.0', { order_id: 'x' });
			expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
		});

		it('reset over HTTP regenerates deterministically from the seed', async () => {
			const anchor = '2024-05-10T12:00:00+08:00';
			await ctl('post', 'reset', { seed: 7, anchor, orders: 50 });
			const a = (await ctl('get', 'orders')).orders;
			await ctl('post', 'reset', { seed: 7, anchor, orders: 50 });
			expect((await ctl('get', 'orders')).orders).toEqual(a);
			expect(a).toHaveLength(50);
			expect(a[a.length - 1].update_ms).toBeLessThanOrEqual(Date.parse(anchor));
			await ctl('post', 'reset', { seed: 8, anchor, orders: 50 });
			expect((await ctl('get', 'orders')).orders).not.toEqual(a);
			expect((await ctl('get', 'stats')).tokenFetches).toBe(0);
		});
	});
});
