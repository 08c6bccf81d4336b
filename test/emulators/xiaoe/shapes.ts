/** Response shapes, one function per documented (or chosen, where undocumented) item shape. */
import type { Collection, Form, Order, Resource, User } from './model';
import { FROM_TEXT, PACKAGE_TYPES, RESOURCE_TYPE_NAME, STATE_TEXT_V1, stateV1 } from './model';
import type { XiaoeState } from './state';
import { DAY_MS, ZERO_TIME, fmtTime } from './time';

/** Order detail 1.0 shows price as a yuan string ("0.03" in the official example). */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

/** User list 1.0 / batch_by_user_id item; user list 2.0 adds es_skip (and latest_visited_at on request). */
export function userItem(u: User, v2 = false, latestVisited = false): Record<string, unknown> {
	const item: Record<string, unknown> = {
		user_id: u.user_id,
		user_nickname: u.nickname,
		name: u.name,
		bind_phone: u.bind_phone,
		collect_phone: u.collect_phone,
		avatar: u.avatar,
		from: FROM_TEXT[u.from] ?? '',
		pay_sum: u.pay_sum,
		punch_count: u.punch_count,
		user_created_at: fmtTime(u.created_ms),
		wx_union_id: u.wx_union_id,
		wx_open_id: u.wx_open_id,
		wx_app_open_id: u.wx_app_open_id,
	};
	if (v2) item.es_skip = { id: u.es_id, user_created_at: u.created_ms };
	if (v2 && latestVisited) item.latest_visited_at = u.latest_visited_ms;
	return item;
}

const INFO_FIELDS: Record<string, (u: User) => unknown> = {
	wx_union_id: (u) => u.wx_union_id,
	wx_open_id: (u) => u.wx_open_id,
	wx_app_open_id: (u) => u.wx_app_open_id,
	wx_email: (u) => u.wx_email,
	wx_account: (u) => u.wx_account,
	nickname: (u) => u.nickname,
	name: (u) => u.name,
	avatar: (u) => u.avatar,
	gender: (u) => u.gender,
	city: (u) => u.city,
	province: (u) => u.province,
	country: (u) => u.country,
	phone: (u) => u.bind_phone,
	birth: (u) => u.birth,
	address: (u) => u.address,
	company: (u) => u.company,
	job: (u) => u.job,
	is_seal: (u) => u.is_seal,
	user_created_at: (u) => fmtTime(u.created_ms),
	pay_sum: (u) => u.pay_sum,
};

/** user.info.get: user_id always, plus every known key present in field_list. */
export function userInfo(u: User, fieldList: Record<string, unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = { user_id: u.user_id };
	for (const key of Object.keys(fieldList)) if (INFO_FIELDS[key]) out[key] = INFO_FIELDS[key](u);
	return out;
}

/** Order list 1.0 / 1.1 item (flat; price as a yuan string, coupon/refund in fen as integrations read them). */
export function orderV1Item(o: Order): Record<string, unknown> {
	return {
		order_id: o.order_id,
		user_id: o.user_id,
		resource_id: o.resource_id,
		resource_type: o.resource_type,
		payment_type: o.payment_type,
		title: o.title,
		count: o.count,
		price: yuan(o.actual_price),
		coupon_price: o.discount_amount,
		refund_money: o.refund_fee,
		refund_time: o.aftersale_show_state >= 2 ? fmtTime(o.update_ms) : ZERO_TIME,
		order_state: stateV1(o),
		pay_way: o.pay_way,
		client_type: o.client_type,
		ship_state: o.ship_state,
		after_sales_state: o.aftersale_show_state,
		sales_state: o.aftersale_show_state === 2 ? 1 : o.aftersale_show_state === 3 ? 2 : -1,
		out_order_id: o.out_order_id,
		transaction_id: o.transaction_id,
		created_time: fmtTime(o.created_ms),
		pay_time: fmtTime(o.pay_ms),
		settle_time: fmtTime(o.settle_ms),
		update_time: fmtTime(o.update_ms),
	};
}

export function orderDetail(s: XiaoeState, o: Order): Record<string, unknown> {
	const u = s.user(o.user_id);
	const r = s.resource(o.resource_id);
	const sharer = o.share_user_id ? s.user(o.share_user_id) : undefined;
	const v1 = stateV1(o);
	return {
		order_info: {
			app_id: s.appId,
			order_id: o.order_id,
			user_id: o.user_id,
			pay_way: o.pay_way,
			pay_way_desc: o.pay_ms ? (o.pay_way === 1 ? '支付宝' : '微信支付') : '',
			payment_type: o.payment_type,
			resource_type: o.resource_type,
			resource_type_name: RESOURCE_TYPE_NAME[o.resource_type] ?? '',
			resource_id: o.resource_id,
			count: o.count,
			purchase_name: o.title,
			img_url: r?.img_url ?? '',
			price: yuan(o.actual_price),
			order_state: v1,
			order_state_type: STATE_TEXT_V1[v1] ?? '',
			ship_state: o.ship_state,
			sales_state: o.aftersale_show_state === 2 ? 1 : o.aftersale_show_state === 3 ? 2 : -1,
			out_order_id: o.out_order_id,
			transaction_id: o.transaction_id,
			settle_status: o.settle_ms ? 1 : 0,
			refund_money: o.refund_fee,
			order_type: '普通订单',
			created_at: fmtTime(o.created_ms),
			pay_time: fmtTime(o.pay_ms),
			settle_time: fmtTime(o.settle_ms),
			username: u?.nickname ?? '',
			phone: u?.bind_phone ?? '',
			wx_avatar: u?.avatar ?? '',
			sku_desc_str: '',
			ship_receiver: '',
			ship_phone: '',
			ship_address: '',
		},
		distribute_info: {
			share_user_id: sharer?.user_id ?? '',
			share_user_nickname: sharer?.nickname ?? '',
			distribute_price: sharer ? Math.floor(o.actual_price / 10) : 0,
			superior_distribute_user_id: '',
			superior_distribute_user_nickname: '',
			superior_distribute_price: 0,
		},
		student_info: { user_id: o.user_id, nickname: u?.nickname ?? '', phone: u?.bind_phone ?? '' },
		after_sale_list:
			o.aftersale_show_state > 0
				? [{ after_sale_id: `as_${o.order_id}`, state: o.aftersale_show_state, refund_money: o.refund_fee, created_at: fmtTime(o.update_ms) }]
				: [],
		dhs_info: [],
	};
}

/**
 * Order list 2.0 item, with the keys the production clients read (test/fixtures/xiaoe/order-list-2.0.json):
 * order_info (pay time = pay_state_time), price_info, good_list[], buyer_info {nickname, avatar_url,
 * phone_number}, payment_info, ship_info. Money in fen; unset times '0000-00-00 00:00:00'.
 */
export function orderV2Item(s: XiaoeState, o: Order): Record<string, unknown> {
	const u = s.user(o.user_id);
	const r = s.resource(o.resource_id);
	const physical = o.resource_type === 21;
	return {
		order_info: {
			app_id: s.appId,
			order_id: o.order_id,
			trade_id: o.order_id,
			user_id: o.user_id,
			order_type: o.order_type,
			sub_order_type: 0,
			order_state: o.state,
			order_state_time: fmtTime(o.state_ms),
			order_close_type: o.state === 5 ? CLOSE_TYPE[o.close_reason] : 0,
			// 0 unpaid, 1 paid, 2 closed unpaid (as the Java production client reads it)
			pay_state: o.pay_ms ? 1 : o.state === 5 ? 2 : 0,
			pay_state_time: fmtTime(o.pay_ms),
			pay_type: o.pay_ms ? (o.pay_way === 1 ? 2 : 1) : -1,
			settle_state: o.settle_ms ? 2 : 0,
			settle_state_time: fmtTime(o.settle_ms),
			aftersale_show_state: o.aftersale_show_state,
			aftersale_show_state_time: fmtTime(o.refund_ms),
			created_time: fmtTime(o.created_ms),
			update_time: fmtTime(o.update_ms),
			refund_fee: o.refund_fee,
			refund_time: fmtTime(o.refund_ms),
			actual_fee: o.actual_price,
			goods_original_total_price: o.total_price,
			discount_amount: o.discount_amount,
			deduct_amount: 0,
			modified_amount: 0,
			freight_original_price: 0,
			freight_actual_price: 0,
			goods_name: o.title,
			goods_buy_num: o.count,
			goods_spu_type: physical ? 1 : 0,
			goods_spu_sub_type: SPU_TYPE[o.resource_type] ?? 'CMN',
			share_user_id: o.share_user_id,
			share_type: o.share_user_id ? 5 : 0,
			wx_app_type: o.client_type === 0 ? 0 : 1,
			channel_type: 0,
			channel_bus_id: '',
			check_state: 0,
			ship_way_choose_type: 0,
			use_collection: -1,
			relation_order_type: 0,
			relation_order_id: '',
			relation_order_appid: '',
		},
		price_info: {
			actual_price: o.actual_price,
			total_price: o.total_price,
			origin_price: o.total_price,
			freight_price: 0,
			freight_modified_price: 0,
			total_modified_amount: 0,
			goods_modified_amount: 0,
		},
		good_list: [
			{
				goods_name: o.title,
				goods_image: r?.img_url ?? '',
				goods_desc: '',
				goods_sn: '',
				goods_spec_desc: '',
				resource_id: o.resource_id,
				resource_type: o.resource_type,
				spu_id: o.spu_id,
				spu_type: SPU_TYPE[o.resource_type] ?? 'CMN',
				sku_id: `SKU_${o.spu_id.replace(/^SPU_/, '')}`,
				sku_spec_code: '',
				buy_num: o.count,
				unit_price: o.unit_price,
				total_price: o.total_price,
				refund_state: o.aftersale_show_state >= 2 ? 1 : 0,
				ship_state: o.ship_state,
				discounts_info: { discount_amount_total: o.discount_amount, discount_count: o.discount_amount ? 1 : 0, discount_detail: {} },
			},
		],
		buyer_info: { nickname: u?.nickname ?? '', avatar_url: u?.avatar ?? '', phone_number: u?.bind_phone ?? '', comment: '' },
		payment_info: { out_order_id: o.out_order_id, third_order_id: o.transaction_id },
		ship_info: {
			receiver: physical ? (u?.name ?? '') : '',
			phone: physical ? (u?.bind_phone ?? '') : '',
			province: physical ? (u?.province ?? '') : '',
			city: physical ? (u?.city ?? '') : '',
			county: '',
			detail: '',
			company: '',
			express_id: '',
			remark: '',
			user_id: physical ? o.user_id : '',
			ship_time: ZERO_TIME,
			confirm_time: ZERO_TIME,
			invalid_time: ZERO_TIME,
		},
	};
}

/** spu_type codes seen in the public record (CMN, ITX, VDO…); the others are the emulator's own. */
const SPU_TYPE: Record<number, string> = { 1: 'ITX', 2: 'ADO', 3: 'VDO', 4: 'LIV', 5: 'MBR', 6: 'COL', 8: 'BCL', 20: 'EBK', 21: 'PHY' };
const CLOSE_TYPE: Record<string, number> = { '': 0, timeout: 1, manual: 2, refund: 3 };

export function resourceInfo(r: Resource): Record<string, unknown> {
	return {
		resource_id: r.resource_id,
		goods_type: r.resource_type,
		title: r.title,
		summary: r.summary,
		content: r.content,
		img_url: r.img_url,
		img_url_compressed: r.img_url,
		state: r.state,
		sale_status: r.sale_status,
		price: r.price,
		line_price: r.line_price,
		view_count: r.view_count,
		total_chapters: r.total_chapters,
		author: r.author,
		periodical_count: r.periodical_count,
		audio_length: r.audio_length,
		created_at: fmtTime(r.created_ms),
	};
}

export function resourceListItem(r: Resource): Record<string, unknown> {
	return {
		resource_id: r.resource_id,
		resource_type: r.resource_type,
		title: r.title,
		summary: r.summary,
		price: r.price,
		img_url: r.img_url,
		state: r.state,
		created_at: fmtTime(r.created_ms),
	};
}

/** One subscription, derived from a paid order. Packages carry their own id as product_id; memberships last a year. */
export function purchaseItem(o: Order): Record<string, unknown> {
	const pkg = PACKAGE_TYPES.includes(o.resource_type);
	return {
		user_id: o.user_id,
		resource_id: o.resource_id,
		resource_type: o.resource_type,
		payment_type: o.payment_type,
		product_id: pkg ? o.resource_id : '',
		title: o.title,
		created_at: fmtTime(o.pay_ms),
		expire_at: o.resource_type === 5 ? fmtTime(o.pay_ms + 365 * DAY_MS) : ZERO_TIME,
	};
}

/** A form answer; `extra` is a string (as documented), laid out per form (see ExtraStyle). */
export function collectionItem(s: XiaoeState, c: Collection, f: Form | undefined): Record<string, unknown> {
	return {
		id: c.id,
		resource_id: c.resource_id,
		user_id: c.user_id,
		user_nickname: s.user(c.user_id)?.nickname ?? '',
		collect_time: fmtTime(c.collect_ms),
		extra: f ? renderExtra(c, f) : '',
		form_id: c.form_id,
		form_name: f?.form_name ?? '',
		resource_name: s.resource(c.resource_id)?.title ?? '',
	};
}

function renderExtra(c: Collection, f: Form): string {
	const qa = f.questions.map((q) => ({ title: q.title, answer: c.answers[q.key] }));
	if (f.extraStyle === 'object') return JSON.stringify(Object.fromEntries(qa.map((x) => [x.title, x.answer])));
	if (f.extraStyle === 'idEntries') {
		return JSON.stringify(Object.fromEntries(qa.map((x, i) => [`q${i + 1}`, { title: x.title, value: x.answer }])));
	}
	return JSON.stringify(qa.map((x) => ({ question: x.title, answer: x.answer })));
}
