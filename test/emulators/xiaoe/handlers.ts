/**
 * One function per emulated endpoint. Each receives the parsed JSON body (access_token already checked)
 * and returns the `data` of a success answer, or throws ApiError.
 */
import type { Order, RateLimit, User } from './model';
import { isPaid, stateV1 } from './model';
import type { Body } from './params';
import { ApiError, cmpStr, date, flat, int, isObject, nested, num, paginate, paramError, str, time } from './params';
import { collectionItem, orderDetail, orderV1Item, orderV2Item, purchaseItem, resourceInfo, resourceListItem, userInfo, userItem } from './shapes';
import type { XiaoeState } from './state';
import { DAY_MS } from './time';

export interface Endpoint {
	/** Documented per-endpoint limit (sliding window). */
	limit: RateLimit;
	run(s: XiaoeState, body: Body, now: number): unknown;
}

const PER_10S = (max: number): RateLimit => ({ max, windowSec: 10 });
/** Only the first 10,000 users are reachable through user list 1.0. */
const USER_V1_REACH = 10_000;

// ---- users ------------------------------------------------------------------

/** Filters shared by user list 1.0 and 2.0; newest users first (s.users is kept in that order). */
function filterUsers(s: XiaoeState, p: Body): User[] {
	const phone = str(p, 'phone')?.replace(/^\+?86-?/, '');
	const nickname = str(p, 'nickname');
	const name = str(p, 'name');
	const tag = str(p, 'tag_id');
	const from = int(p, 'from');
	const userType = int(p, 'user_type', { min: 0, max: 2 });
	const payStart = date(p, 'last_paytime_start');
	const payEnd = date(p, 'last_paytime_end');
	const createdStart = date(p, 'user_created_start');
	const createdEnd = date(p, 'user_created_end');
	const [minPay, maxPay] = [num(p, 'min_pay_sum'), num(p, 'max_pay_sum')];
	const [minPunch, maxPunch] = [int(p, 'min_punch_count'), int(p, 'max_punch_count')];
	return s.users
		.filter((u) => {
			// phone > nickname > name: only the highest-priority one given applies.
			if (phone !== undefined) {
				if (u.bind_phone !== phone && u.collect_phone !== phone) return false;
			} else if (nickname !== undefined) {
				if (!u.nickname.includes(nickname)) return false;
			} else if (name !== undefined && !u.name.includes(name)) return false;
			if (tag !== undefined && !u.tag_ids.includes(tag)) return false;
			if (from !== undefined && from >= 0 && u.from !== from) return false;
			if (userType && u.user_type !== userType) return false;
			if (payStart !== undefined && u.last_pay_ms < payStart) return false;
			if (payEnd !== undefined && (u.last_pay_ms === 0 || u.last_pay_ms >= payEnd + DAY_MS)) return false;
			if (createdStart !== undefined && u.created_ms < createdStart) return false;
			if (createdEnd !== undefined && u.created_ms >= createdEnd + DAY_MS) return false;
			if (minPay !== undefined && u.pay_sum < minPay) return false;
			if (maxPay !== undefined && u.pay_sum > maxPay) return false;
			if (minPunch !== undefined && u.punch_count < minPunch) return false;
			if (maxPunch !== undefined && u.punch_count > maxPunch) return false;
			return true;
		});
}

function userBatchV1(s: XiaoeState, body: Body) {
	const p = flat(body);
	const page = int(p, 'page', { required: true, min: 1 })!;
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	const all = filterUsers(s, p);
	const offset = (page - 1) * size;
	// Beyond the reachable window the list is empty but total stays the true count.
	const reachable = all.slice(0, USER_V1_REACH);
	return { list: reachable.slice(offset, offset + size).map((u) => userItem(u)), total: all.length };
}

function userBatchV2(s: XiaoeState, body: Body) {
	const p = flat(body);
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	const latest = Array.isArray(p.need_column) && p.need_column.includes('latest_visited_at');
	let all = filterUsers(s, p);
	const total = all.length;
	if (p.es_skip !== undefined && p.es_skip !== null && p.es_skip !== '') {
		const c = p.es_skip;
		if (!isObject(c) || typeof c.user_created_at !== 'number' || (typeof c.id !== 'number' && typeof c.id !== 'string')) {
			throw paramError('es_skip应为上一页最后一条数据的es_skip对象{id,user_created_at}');
		}
		const [cAt, cId] = [c.user_created_at, Number(c.id)];
		all = all.filter((u) => u.created_ms < cAt || (u.created_ms === cAt && u.es_id < cId));
	}
	return { list: all.slice(0, size).map((u) => userItem(u, true, latest)), total };
}

function userInfoGet(s: XiaoeState, body: Body) {
	// Mixed nesting: user_id on top, the lookup alternatives and field_list under data.
	const d = isObject(body.data) ? body.data : undefined;
	if (!d || !isObject(d.field_list)) throw paramError('data.field_list不能为空,且应为对象');
	const userId = str(body, 'user_id');
	const phone = str(d, 'phone')?.replace(/^\+?86-?/, '');
	const union = str(d, 'wx_union_id');
	const open = str(d, 'wx_open_id');
	if (!userId && !phone && !union && !open) throw paramError('user_id、data.phone、data.wx_union_id、data.wx_open_id至少传一个');
	const u = userId
		? s.user(userId)
		: phone
			? s.users.find((x) => x.bind_phone === phone)
			: union
				? s.users.find((x) => x.wx_union_id === union)
				: s.users.find((x) => x.wx_open_id === open);
	if (!u) throw new ApiError(7, '用户不存在');
	return userInfo(u, d.field_list);
}

function usersById(s: XiaoeState, body: Body) {
	const p = flat(body);
	const ids = p.user_id_list;
	if (!Array.isArray(ids) || ids.length === 0) throw paramError('user_id_list不能为空');
	if (ids.length > 50) throw paramError('user_id_list不能超过50个');
	const page = int(p, 'page', { required: true, min: 1 })!;
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	const found = ids.map((id) => s.user(id)).filter((u): u is User => !!u);
	return paginate(found, (page - 1) * size, size, (u) => userItem(u));
}

// ---- orders -----------------------------------------------------------------

interface V1Rules {
	zeroBased: boolean;
	maxSize: number;
	defSize: number;
	maxWindowSec: number;
	defOrder: string;
}

/** Order list 1.0 / 1.1: created-time window in unix seconds (both ends inclusive), ties by order_id. */
function orderListV1(s: XiaoeState, p: Body, now: number, r: V1Rules) {
	const index = int(p, 'page_index', { def: r.zeroBased ? 0 : 1, min: r.zeroBased ? 0 : 1 })!;
	const size = int(p, 'page_size', { def: r.defSize, min: 1, max: r.maxSize })!;
	const orderBy = str(p, 'order_by') ?? r.defOrder;
	if (!/^created_at:(asc|desc)$/.test(orderBy)) throw paramError('order_by只支持created_at:asc或created_at:desc');
	const end = int(p, 'end_time', { def: Math.floor(now / 1000), min: 0 })!;
	const begin = int(p, 'begin_time', { def: end - 86400, min: 0 })!;
	if (begin > end) throw paramError('begin_time不能大于end_time');
	if (end - begin > r.maxWindowSec) throw paramError(`begin_time与end_time间隔不能超过${r.maxWindowSec / 86400}天`);
	const strs = ['order_id', 'user_id', 'resource_id', 'transaction_id', 'out_order_id'].map((k) => [k, str(p, k)] as const);
	const ints = ['resource_type', 'payment_type', 'client_type', 'ship_state'].map((k) => [k, int(p, k)] as const);
	const state = int(p, 'order_state');
	const dir = orderBy.endsWith('desc') ? -1 : 1;
	const list = s.orders
		.filter((o) => {
			const t = Math.floor(o.created_ms / 1000);
			if (t < begin || t > end) return false;
			if (state !== undefined && stateV1(o) !== state) return false;
			const rec = o as unknown as Record<string, unknown>;
			return strs.every(([k, v]) => v === undefined || rec[k] === v) && ints.every(([k, v]) => v === undefined || rec[k] === v);
		})
		.sort((a, b) => dir * (a.created_ms - b.created_ms || cmpStr(a.order_id, b.order_id)));
	const offset = (r.zeroBased ? index : index - 1) * size;
	return paginate(list, offset, size, orderV1Item);
}

const RANGES = [
	// Priority order when several ranges are given.
	{ name: 'pay_time', field: 'pay_ms', orderBy: 'pay_time' },
	{ name: 'settle_time', field: 'settle_ms', orderBy: 'settle_time' },
	{ name: 'update_time', field: 'update_ms', orderBy: 'updated_at' },
	{ name: 'created_time', field: 'created_ms', orderBy: 'created_at' },
] as const;
const SORT_FIELD = { created_at: 'created_ms', pay_time: 'pay_ms', settle_time: 'settle_ms', updated_at: 'update_ms' } as const;

/** Order list 2.0 (xe.ecommerce.order.list): Beijing-time ranges ≤31 days, nested items, fen. */
function orderListV2(s: XiaoeState, body: Body, now: number) {
	const p = flat(body);
	const page = int(p, 'page', { def: 1, min: 1 })!;
	const size = int(p, 'page_size', { def: 100, min: 1, max: 100 })!;
	let applied: { range: (typeof RANGES)[number]; start: number; end: number } | undefined;
	for (const range of RANGES) {
		const start = time(p, `${range.name}_start`);
		const end = time(p, `${range.name}_end`);
		if (start === undefined && end === undefined) continue;
		if (start === undefined || end === undefined) throw paramError(`${range.name}_start与${range.name}_end需同时传入`);
		if (start > end) throw paramError(`${range.name}_start不能大于${range.name}_end`);
		if (end - start > 31 * DAY_MS) throw paramError(`${range.name}时间范围不能超过31天`);
		applied ??= { range, start, end };
	}
	applied ??= { range: RANGES[3], start: now - 30 * DAY_MS, end: now };
	const orderBy = str(p, 'order_by') ?? applied.range.orderBy;
	if (!(orderBy in SORT_FIELD)) throw paramError('order_by只支持created_at、pay_time、settle_time、updated_at');
	const sortField = SORT_FIELD[orderBy as keyof typeof SORT_FIELD];
	const dir = str(p, 'order_asc') === 'asc' ? 1 : -1;
	const userId = str(p, 'user_id');
	const orderId = str(p, 'order_id');
	const state = int(p, 'order_state', { min: 0, max: 5 });
	const aftersale = int(p, 'aftersale_show_state', { min: 0, max: 3 });
	const orderType = int(p, 'order_type');
	const { field } = applied.range;
	const { start, end } = applied;
	const list = s.orders
		.filter(
			(o) =>
				o[field] >= start &&
				o[field] <= end &&
				(userId === undefined || o.user_id === userId) &&
				(orderId === undefined || o.order_id === orderId) &&
				(state === undefined || o.state === state) &&
				(aftersale === undefined || o.aftersale_show_state === aftersale) &&
				(orderType === undefined || o.order_type === orderType),
		)
		.sort((a, b) => dir * (a[sortField] - b[sortField] || cmpStr(a.order_id, b.order_id)));
	// Production clients read page and page_size back from the answer (the Java one pages with them).
	return { ...paginate(list, (page - 1) * size, size, (o) => orderV2Item(s, o)), page, page_size: size };
}

function orderDetailGet(s: XiaoeState, body: Body) {
	const p = flat(body);
	const o = s.order(str(p, 'order_id', true));
	if (!o) throw new ApiError(7, '订单不存在');
	return orderDetail(s, o);
}

// ---- goods / resources ----------------------------------------------------------

const DETAIL_TYPES = [1, 2, 3, 4, 5, 6, 8, 20];

function goodsDetail(s: XiaoeState, body: Body) {
	const d = nested(body, ['goods_id', 'goods_type']);
	const id = str(d, 'goods_id', true);
	const type = int(d, 'goods_type', { required: true })!;
	const empty = { resource_info: [] };
	if (!DETAIL_TYPES.includes(type)) throw new ApiError(3057, '不支持的商品类型', empty);
	const r = s.resource(id);
	if (!r || r.resource_type !== type) throw new ApiError(7, '资源不存在', empty);
	if (r.state === 2) throw new ApiError(21, '资源已删除', empty);
	return { resource_info: resourceInfo(r) };
}

/** Undocumented; shape chosen to match its siblings (flat, page 1-based, newest first, deleted hidden). */
function resourceList(s: XiaoeState, body: Body) {
	const p = flat(body);
	const page = int(p, 'page', { required: true, min: 1 })!;
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	const type = int(p, 'resource_type');
	const list = s.resources
		.filter((r) => r.state !== 2 && (type === undefined || r.resource_type === type))
		.sort((a, b) => b.created_ms - a.created_ms || cmpStr(a.resource_id, b.resource_id));
	return paginate(list, (page - 1) * size, size, resourceListItem);
}

/** Subscriptions = the user's paid, non-refunded orders. */
function purchases(s: XiaoeState, body: Body) {
	const d = nested(body, ['user_id']);
	const userId = str(d, 'user_id', true);
	const index = int(d, 'page_index', { def: 1, min: 1 })!;
	const size = int(d, 'page_size', { def: 10, min: 1, max: 50 })!;
	const type = int(d, 'resource_type');
	const payType = int(d, 'payment_type');
	const product = str(d, 'product_id');
	const begin = time(d, 'begin_time');
	const end = time(d, 'end_time');
	const orderBy = str(d, 'order_by') ?? 'created_at:desc';
	if (!/^created_at:(asc|desc)$/.test(orderBy)) throw paramError('order_by只支持created_at:asc或created_at:desc');
	const dir = orderBy.endsWith('asc') ? 1 : -1;
	const list = s.orders
		.filter(
			(o: Order) =>
				o.user_id === userId &&
				isPaid(o) &&
				o.aftersale_show_state !== 3 &&
				(type === undefined || o.resource_type === type) &&
				(payType === undefined || o.payment_type === payType) &&
				(product === undefined || o.resource_id === product) &&
				(begin === undefined || o.pay_ms >= begin) &&
				(end === undefined || o.pay_ms <= end),
		)
		.sort((a, b) => dir * (a.pay_ms - b.pay_ms || cmpStr(a.order_id, b.order_id)));
	return paginate(list, (index - 1) * size, size, purchaseItem);
}

// ---- information collection --------------------------------------------------------

/** Undocumented per-user variant of the form-result API (as the seed script calls it). */
function infoByUser(s: XiaoeState, body: Body) {
	const p = flat(body);
	const userId = str(p, 'user_id', true);
	const resourceId = str(p, 'resource_id');
	const page = int(p, 'page', { required: true, min: 1 })!;
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	const list = s.collections
		.filter((c) => c.user_id === userId && (resourceId === undefined || c.resource_id === resourceId))
		.sort((a, b) => a.collect_ms - b.collect_ms || a.id - b.id);
	const list2 = paginate(list, (page - 1) * size, size, (c) => collectionItem(s, c, s.forms.find((f) => f.form_id === c.form_id)));
	return { collection_list: list2.list, total: list2.total };
}

function infoByForm(s: XiaoeState, body: Body) {
	const p = flat(body);
	const formId = str(p, 'form_id', true);
	const form = s.forms.find((f) => f.form_id === formId);
	const resourceId = str(p, 'resource_id');
	const start = time(p, 'collect_start_time');
	const end = time(p, 'collect_end_time');
	const page = int(p, 'page', { required: true, min: 1 })!;
	const size = int(p, 'page_size', { required: true, min: 1, max: 50 })!;
	if (!form) throw new ApiError(7, '信息采集表单不存在');
	const list = s.collections
		.filter(
			(c) =>
				c.form_id === formId &&
				(resourceId === undefined || c.resource_id === resourceId) &&
				(start === undefined || c.collect_ms >= start) &&
				(end === undefined || c.collect_ms <= end),
		)
		.sort((a, b) => a.collect_ms - b.collect_ms || a.id - b.id);
	const pg = paginate(list, (page - 1) * size, size, (c) => collectionItem(s, c, form));
	return { collection_list: pg.list, total: pg.total };
}

// ---- registry ---------------------------------------------------------------

export const ENDPOINTS: Record<string, Endpoint> = {
	'xe.user.batch.get/1.0.0': { limit: PER_10S(3000), run: userBatchV1 },
	'xe.user.batch.get/2.0.0': { limit: PER_10S(3000), run: userBatchV2 },
	'xe.user.info.get/1.0.0': { limit: PER_10S(3000), run: userInfoGet },
	'xe.user.batch_by_user_id.get/1.0.0': { limit: PER_10S(1000), run: usersById },
	'xe.order.list.get/1.0.1': {
		limit: PER_10S(3000),
		run: (s, b, now) => orderListV1(s, flat(b), now, { zeroBased: false, maxSize: 200, defSize: 200, maxWindowSec: 7 * 86400, defOrder: 'created_at:asc' }),
	},
	'xe.order.list.get/1.0.0': {
		limit: PER_10S(3000),
		run: (s, b, now) => orderListV1(s, nested(b, ['begin_time', 'end_time', 'page_index', 'page_size']), now, { zeroBased: true, maxSize: 50, defSize: 10, maxWindowSec: 86400, defOrder: 'created_at:desc' }),
	},
	'xe.order.detail/1.0.0': { limit: PER_10S(3000), run: orderDetailGet },
	'xe.ecommerce.order.list/1.0.0': { limit: { max: 20, windowSec: 1 }, run: orderListV2 },
	'xe.goods.detail.get/3.0.0': { limit: PER_10S(3000), run: goodsDetail },
	'xe.resource.list.get/1.0.0': { limit: PER_10S(3000), run: resourceList },
	'xe.resource.purchase.get/1.0.0': { limit: PER_10S(3000), run: purchases },
	'xe.information.user.result.get/1.0.0': { limit: PER_10S(500), run: infoByUser },
	'xe.information.form.result.get/1.0.0': { limit: PER_10S(500), run: infoByForm },
};
