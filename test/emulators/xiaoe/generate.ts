/** Deterministic data generator: the same seed and options always give the same shop. */
import { DAY_MS } from './time';
import type { AnswerKey, Collection, Dataset, ExtraStyle, Form, Order, Resource, User } from './model';
import { PACKAGE_TYPES, isPaid } from './model';

/** mulberry32: tiny, fast and good enough for test data. */
export class Rng {
	private s: number;
	constructor(seed: number) {
		this.s = seed >>> 0 || 0x9e3779b9;
	}
	next(): number {
		this.s = (this.s + 0x6d2b79f5) >>> 0;
		let t = this.s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(arr: readonly T[]): T {
		return arr[Math.floor(this.next() * arr.length)];
	}
	hex(len: number): string {
		let s = '';
		while (s.length < len) s += Math.floor(this.next() * 16).toString(16);
		return s;
	}
	digits(len: number): string {
		let s = '';
		while (s.length < len) s += Math.floor(this.next() * 10).toString();
		return s;
	}
}

export interface GenOptions {
	seed: number;
	users: number;
	goods: number;
	courses: number;
	orders: number;
	anchorMs: number;
	spanDays: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '晓东', '雨欣'];
const NICK = ['小鹅', '学习达人', '阳光', '晨曦', 'Lucky', '清风', '追梦人', '星辰', 'Amy', '读书郎', '向日葵', 'Kevin'];
const CITIES: [string, string][] = [
	['广东', '深圳'],
	['广东', '广州'],
	['北京', '北京'],
	['上海', '上海'],
	['浙江', '杭州'],
	['四川', '成都'],
	['湖北', '武汉'],
	['江苏', '南京'],
];
const COMPANIES = ['腾讯', '阿里巴巴', '字节跳动', '美团', '自由职业', '某教育公司', '华为', '小米'];
const JOBS = ['产品经理', '工程师', '设计师', '运营', '教师', '销售', '学生', '财务'];
const TOPICS = ['Excel 数据分析', '职场写作', '理财入门', 'Python 编程', '摄影基础', '英语口语', '时间管理', '短视频运营', '心理学', '育儿指南'];
const COURSE_TYPES = [1, 2, 3, 4];
const GOODS_TYPES = [6, 5, 8, 20, 21];
const ID_PREFIX: Record<number, string> = { 1: 'i_', 2: 'a_', 3: 'v_', 4: 'l_', 5: 'p_', 6: 'p_', 8: 'p_', 20: 'e_', 21: 'g_' };

export function phone(rng: Rng): string {
	return '1' + rng.pick(['3', '5', '7', '8', '9']) + rng.digits(9);
}

function makeUser(rng: Rng, i: number, createdMs: number): User {
	const [province, city] = rng.pick(CITIES);
	const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
	const hasPhone = rng.chance(0.8);
	const hasWx = rng.chance(0.7);
	const ut = rng.next();
	return {
		user_id: `u_${rng.hex(8)}${i.toString(16).padStart(5, '0')}`,
		es_id: 100_000 + i,
		nickname: rng.chance(0.5) ? name : `${rng.pick(NICK)}${rng.int(1, 999)}`,
		name,
		bind_phone: hasPhone ? phone(rng) : '',
		collect_phone: rng.chance(0.3) ? phone(rng) : '',
		avatar: `https://wx.qlogo.cn/emu/${rng.hex(16)}/132`,
		from: rng.chance(0.6) ? 0 : rng.int(1, 10),
		pay_sum: 0,
		last_pay_ms: 0,
		punch_count: rng.chance(0.5) ? 0 : rng.int(1, 60),
		created_ms: createdMs,
		latest_visited_ms: 0,
		user_type: ut < 0.03 ? 1 : ut < 0.08 ? 2 : 0,
		tag_ids: rng.chance(0.4) ? [`tag_${rng.int(1, 5)}`] : [],
		wx_union_id: hasWx ? `o${rng.hex(27)}` : '',
		wx_open_id: hasWx ? `o${rng.hex(27)}` : '',
		wx_app_open_id: hasWx && rng.chance(0.3) ? `o${rng.hex(27)}` : '',
		wx_email: '',
		wx_account: '',
		gender: rng.int(0, 2),
		country: '中国',
		province,
		city,
		birth: rng.chance(0.4) ? `19${rng.int(70, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}` : '',
		address: '',
		company: rng.chance(0.5) ? rng.pick(COMPANIES) : '',
		job: rng.chance(0.5) ? rng.pick(JOBS) : '',
		is_seal: 0,
	};
}

function makeResource(rng: Rng, i: number, type: number, createdMs: number): Resource {
	const topic = TOPICS[i % TOPICS.length];
	const price = type === 21 ? rng.int(20, 300) * 100 : rng.pick([0, 990, 1990, 2990, 9900, 19900, 3]);
	const id = `${ID_PREFIX[type]}${rng.hex(8)}${i.toString(16).padStart(4, '0')}`;
	return {
		resource_id: id,
		spu_id: `SPU_${ID_PREFIX[type].toUpperCase()}${rng.hex(10)}`,
		resource_type: type,
		title: `${topic}${type === 21 ? '配套教材' : PACKAGE_TYPES.includes(type) ? '系列课' : ` 第${i + 1}讲`}`,
		summary: `${topic}：从入门到精通`,
		content: `<p>${topic}</p>`,
		img_url: `https://wechatapppro-1252524126.file.myqcloud.com/emu/${rng.hex(12)}.png`,
		price,
		line_price: price === 0 ? 0 : price + rng.pick([0, 1000, 5000]),
		// A few deleted / hidden so detail's 21 and list states can be exercised.
		state: i % 9 === 7 ? 2 : i % 11 === 5 ? 1 : 0,
		sale_status: i % 13 === 6 ? 1 : 0,
		view_count: rng.int(0, 50_000),
		author: rng.pick(SURNAMES) + '老师',
		total_chapters: PACKAGE_TYPES.includes(type) ? rng.int(5, 40) : 0,
		periodical_count: PACKAGE_TYPES.includes(type) ? rng.int(5, 40) : 0,
		audio_length: type === 2 || type === 3 ? rng.int(120, 3600) : 0,
		created_ms: createdMs,
	};
}

/** A freshly placed, unpaid order. */
export function newOrder(rng: Rng, seq: number, user: User, res: Resource, createdMs: number): Order {
	const count = res.resource_type === 21 ? rng.int(1, 3) : 1;
	const total = res.price * count;
	const discount = total > 0 && rng.chance(0.2) ? Math.floor(total * rng.pick([0.1, 0.2, 0.5])) : 0;
	return {
		order_id: `o_${Math.floor(createdMs / 1000)}_${rng.hex(8)}_${seq}`,
		user_id: user.user_id,
		resource_id: res.resource_id,
		resource_type: res.resource_type,
		spu_id: res.spu_id,
		title: res.title,
		count,
		unit_price: res.price,
		total_price: total,
		discount_amount: discount,
		actual_price: total - discount,
		refund_fee: 0,
		state: 0,
		close_reason: '',
		aftersale_show_state: 0,
		order_type: 1,
		pay_way: rng.chance(0.85) ? 0 : 1,
		client_type: rng.pick([0, 1, 1, 1, 11, 12]),
		payment_type: PACKAGE_TYPES.includes(res.resource_type) ? 3 : 2,
		ship_state: res.resource_type === 21 ? 1 : 0,
		out_order_id: '',
		transaction_id: '',
		share_user_id: '',
		created_ms: createdMs,
		pay_ms: 0,
		settle_ms: 0,
		update_ms: createdMs,
		state_ms: createdMs,
		refund_ms: 0,
	};
}

/** Mark paid at `ms` (physical goods wait for shipping, virtual ones wait for completion). */
export function payOrder(rng: Rng, o: Order, ms: number): void {
	o.pay_ms = ms;
	o.transaction_id = `4200${rng.digits(24)}`;
	o.state = o.resource_type === 21 ? 2 : 1;
	o.ship_state = o.resource_type === 21 ? 1 : 0;
	o.update_ms = ms;
	o.state_ms = ms;
}

/** Give a generated order a plausible history that ends no later than the anchor. */
function lifecycle(rng: Rng, o: Order, anchorMs: number): void {
	const clip = (ms: number) => Math.max(o.created_ms, Math.min(ms, anchorMs));
	const r = rng.next();
	if (r < 0.15) return; // still unpaid
	if (r < 0.25) {
		o.state = 5;
		o.close_reason = 'timeout';
		o.update_ms = clip(o.created_ms + 1_800_000);
		o.state_ms = o.update_ms;
		return;
	}
	if (r < 0.3) {
		o.state = 5;
		o.close_reason = 'manual';
		o.update_ms = clip(o.created_ms + rng.int(10, 600) * 1000);
		o.state_ms = o.update_ms;
		return;
	}
	payOrder(rng, o, clip(o.created_ms + rng.int(2, 120) * 1000));
	if (r < 0.35) {
		o.state = 5;
		o.close_reason = 'refund';
		o.aftersale_show_state = 3;
		o.refund_fee = o.actual_price;
		o.update_ms = clip(o.pay_ms + rng.int(3600, 3 * 86400) * 1000);
		o.state_ms = o.update_ms;
		o.refund_ms = o.update_ms;
		return;
	}
	const settle = o.pay_ms + rng.int(60, 2 * 86400) * 1000;
	if (settle > anchorMs) return; // paid, not yet completed
	if (o.resource_type === 21 && rng.chance(0.3)) {
		o.state = 3;
		o.ship_state = 2;
		o.update_ms = settle;
		o.state_ms = settle;
		return;
	}
	o.state = 4;
	o.ship_state = o.resource_type === 21 ? 3 : 0;
	o.settle_ms = settle;
	o.update_ms = settle;
	o.state_ms = settle;
	if (r < 0.38) {
		o.aftersale_show_state = 2;
		o.refund_fee = Math.floor(o.actual_price / 2);
		o.update_ms = clip(settle + rng.int(3600, 86400) * 1000);
		o.refund_ms = o.update_ms;
	}
}

export function recomputeUserPay(user: User, orders: Order[]): void {
	let sum = 0;
	let last = 0;
	for (const o of orders) {
		if (o.user_id !== user.user_id || !isPaid(o)) continue;
		sum += o.actual_price - o.refund_fee;
		last = Math.max(last, o.pay_ms);
	}
	user.pay_sum = Math.round(sum) / 100;
	user.last_pay_ms = last;
}

export function generateData(rng: Rng, g: GenOptions): Dataset {
	const spanMs = g.spanDays * DAY_MS;
	const start = g.anchorMs - spanMs;
	// Users mostly pre-date the span, a few joined during it.
	const users: User[] = [];
	for (let i = 0; i < g.users; i++) {
		const created = rng.chance(0.85)
			? start - rng.int(1, 400 * 86400) * 1000
			: start + rng.int(0, Math.floor(spanMs / 1000)) * 1000;
		const u = makeUser(rng, i, created);
		u.latest_visited_ms = Math.min(g.anchorMs, created + rng.int(0, 30 * 86400) * 1000);
		users.push(u);
	}
	// Kept newest first (the order both user lists answer in), so lists need no per-call sort.
	users.sort((a, b) => b.created_ms - a.created_ms || b.es_id - a.es_id);
	const resources: Resource[] = [];
	for (let i = 0; i < g.courses; i++) resources.push(makeResource(rng, i, COURSE_TYPES[i % 4], start - rng.int(30, 400) * DAY_MS));
	for (let i = 0; i < g.goods; i++) resources.push(makeResource(rng, g.courses + i, GOODS_TYPES[i % 5], start - rng.int(30, 400) * DAY_MS));
	const buyable = resources.filter((r) => r.state !== 2);

	// Orders come in bursts of 3–8 within one second about half of the time, so that
	// same-second ties straddle page boundaries.
	const orders: Order[] = [];
	while (orders.length < g.orders && users.length > 0 && buyable.length > 0) {
		const sec = start + rng.int(0, Math.floor(spanMs / 1000) - 1) * 1000;
		const burst = Math.min(rng.chance(0.5) ? 1 : rng.int(3, 8), g.orders - orders.length);
		for (let k = 0; k < burst; k++) {
			const o = newOrder(rng, orders.length + 1, rng.pick(users), rng.pick(buyable), sec);
			if (rng.chance(0.1)) o.share_user_id = rng.pick(users).user_id;
			lifecycle(rng, o, g.anchorMs);
			orders.push(o);
		}
	}
	sortOrders(orders);
	const byUser = new Map<string, Order[]>();
	for (const o of orders) byUser.set(o.user_id, [...(byUser.get(o.user_id) ?? []), o]);
	for (const u of users) recomputeUserPay(u, byUser.get(u.user_id) ?? []);

	// Info collection: a few forms on courses, about half the users answered one.
	const forms: Form[] = [];
	const courses = resources.filter((r) => r.resource_type <= 4);
	for (let i = 0; i < FORMS.length && courses.length > 0; i++) {
		forms.push({ form_id: `in_${rng.hex(10)}${i}`, ...FORMS[i], resource_id: courses[i % courses.length].resource_id });
	}
	const collections: Collection[] = [];
	for (const u of users) {
		if (forms.length === 0 || !rng.chance(0.5)) continue;
		const f = rng.pick(forms);
		collections.push({
			id: 10_000 + collections.length + 1,
			form_id: f.form_id,
			resource_id: f.resource_id,
			user_id: u.user_id,
			collect_ms: start + rng.int(0, Math.floor(spanMs / 1000)) * 1000,
			answers: { name: u.name, phone: u.bind_phone || phone(rng), company: u.company || rng.pick(COMPANIES), job: u.job || rng.pick(JOBS) },
		});
	}
	return { users, resources, orders, forms, collections };
}

/** Three forms asking the same things in different words and `extra` layouts, as real shops' forms differ. */
const FORMS: Array<{ form_name: string; extraStyle: ExtraStyle; questions: Array<{ key: AnswerKey; title: string }> }> = [
	{
		form_name: '报名信息',
		extraStyle: 'entries',
		questions: [
			{ key: 'name', title: '姓名' },
			{ key: 'phone', title: '手机号' },
			{ key: 'company', title: '公司名称' },
			{ key: 'job', title: '职位' },
		],
	},
	{
		form_name: '学员调研',
		extraStyle: 'object',
		questions: [
			{ key: 'name', title: '您的姓名' },
			{ key: 'phone', title: '手机号码' },
			{ key: 'company', title: '工作单位' },
			{ key: 'job', title: '职务' },
		],
	},
	{
		form_name: '课程反馈',
		extraStyle: 'idEntries',
		questions: [
			{ key: 'name', title: '真实姓名*' },
			{ key: 'phone', title: '联系电话' },
			{ key: 'company', title: '公司' },
			{ key: 'job', title: '岗位' },
		],
	},
];

export function sortOrders(orders: Order[]): void {
	orders.sort((a, b) => a.created_ms - b.created_ms || (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0));
}
