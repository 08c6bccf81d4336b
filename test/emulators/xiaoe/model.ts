/** Types of the emulator's internal data model and options. One Order model feeds every order shape. */

export interface XiaoeFaults {
	/** Added to every API call (token + business). */
	latencyMs: number;
	/** Every Nth business call: all tokens become invalid first, so that call gets 2008. 0 = off. */
	expireTokenEveryNCalls: number;
	/** Every Nth business call answers HTTP 502. */
	serverErrorEveryNCalls: number;
	/** Every Nth business call never answers (held > 30 s, then the socket is destroyed). */
	timeoutEveryNCalls: number;
	/** Every Nth business call answers the throttle code. */
	throttleEveryNCalls: number;
	/**
	 * Every Nth business call answers `busyAnswer` inside HTTP 200, as a busy backend would (系统繁忙). Xiaoe's code
	 * for it is not public, so the code and message are the test's choice. 0 = off.
	 */
	busyEveryNCalls: number;
	busyAnswer: { code: number; msg: string };
	/** Token endpoint answers 2051. */
	ipBlocked: boolean;
	/**
	 * Business calls answer this code instead of their data (all calls, or only those to `api`), e.g. an
	 * undocumented code like 9999 to check that clients fail clearly on codes they do not know. null = off.
	 */
	answerCode: { code: number; msg: string; api?: string } | null;
}

export interface RateLimit {
	max: number;
	windowSec: number;
}

export interface XiaoeEmulatorOptions {
	port?: number;
	appId?: string;
	clientId?: string;
	secretKey?: string;
	tokenLifetimeSec?: number;
	tokenGraceSec?: number;
	tokenRateLimit?: RateLimit;
	seed?: number;
	users?: number;
	goods?: number;
	courses?: number;
	orders?: number;
	/** ISO string or ms; generated data spans the `spanDays` days before it. Default now. */
	anchor?: string | number;
	spanDays?: number;
	faults?: Partial<XiaoeFaults>;
	/** Per-endpoint overrides of the documented rate limits (key 'xe.x.y/1.0.0'), or false to turn them all off. */
	rateLimits?: Record<string, RateLimit> | false;
	/** Keep every exchange (request and answer) in `state.exchanges`, for contract checks. */
	record?: boolean;
}

/** One request and the emulator's answer, as recorded when `record` is on. */
export interface Exchange {
	/** 'token' or the API path like 'xe.order.detail/1.0.0'. */
	api: string;
	method: string;
	query: Record<string, string>;
	body: unknown;
	status: number;
	response: unknown;
}

export interface XiaoeStats {
	tokenFetches: number;
	tokensIssued: number;
	/** Key = endpoint path like 'xe.order.list.get/1.0.1'. */
	calls: Record<string, number>;
	businessCalls: number;
	rejectedTokenCalls: number;
	throttled: number;
	/** Business calls answered with the busy fault. */
	busyAnswers: number;
	/** The parameter names of each token request (never the values: they hold the secret). */
	tokenParams: string[][];
}

export interface User {
	user_id: string;
	/** Internal numeric id, exposed as es_skip.id in user list 2.0. */
	es_id: number;
	nickname: string;
	name: string;
	bind_phone: string;
	collect_phone: string;
	avatar: string;
	/** Source enum 0..10 (returned as a text label by the list APIs). */
	from: number;
	/** Yuan, derived from the user's paid orders. */
	pay_sum: number;
	last_pay_ms: number;
	punch_count: number;
	created_ms: number;
	latest_visited_ms: number;
	/** 0 normal, 1 blacklisted, 2 super-VIP (the user_type filter values). */
	user_type: number;
	tag_ids: string[];
	wx_union_id: string;
	wx_open_id: string;
	wx_app_open_id: string;
	wx_email: string;
	wx_account: string;
	gender: number;
	country: string;
	province: string;
	city: string;
	birth: string;
	address: string;
	company: string;
	job: string;
	is_seal: number;
}

export interface Resource {
	resource_id: string;
	spu_id: string;
	/** 1 article,2 audio,3 video,4 live,5 membership,6 column,8 big column,20 ebook,21 physical. */
	resource_type: number;
	title: string;
	summary: string;
	content: string;
	img_url: string;
	/** Fen. */
	price: number;
	line_price: number;
	/** 0 normal, 1 hidden, 2 deleted. */
	state: number;
	/** 0 on sale, 1 off sale. */
	sale_status: number;
	view_count: number;
	author: string;
	total_chapters: number;
	periodical_count: number;
	audio_length: number;
	created_ms: number;
}

export type CloseReason = '' | 'timeout' | 'manual' | 'refund';

export interface Order {
	order_id: string;
	user_id: string;
	resource_id: string;
	resource_type: number;
	spu_id: string;
	title: string;
	count: number;
	/** All money fen. */
	unit_price: number;
	total_price: number;
	discount_amount: number;
	actual_price: number;
	refund_fee: number;
	/** Order list 2.0 enum: 0 awaiting payment,1 awaiting completion,2 to ship,3 shipped,4 completed,5 closed. */
	state: number;
	close_reason: CloseReason;
	/** 0 none, 1 in after-sale, 2 partial refund, 3 full refund. */
	aftersale_show_state: number;
	order_type: number;
	pay_way: number;
	client_type: number;
	payment_type: number;
	ship_state: number;
	out_order_id: string;
	transaction_id: string;
	share_user_id: string;
	created_ms: number;
	pay_ms: number;
	settle_ms: number;
	update_ms: number;
	/** Last change of `state` (order_state_time). */
	state_ms: number;
	/** When the (last) refund happened, 0 if none. */
	refund_ms: number;
}

/** The profile answers the generator fills in; each form asks for them under its own question titles. */
export type AnswerKey = 'name' | 'phone' | 'company' | 'job';

/**
 * How a form's `extra` is written. The official page types `extra` only as a string (采集结果) and shows no
 * example, so the emulator varies the inside between forms: clients must not depend on one guess.
 */
export type ExtraStyle = 'entries' | 'object' | 'idEntries';

export interface Form {
	form_id: string;
	form_name: string;
	resource_id: string;
	questions: Array<{ key: AnswerKey; title: string }>;
	extraStyle: ExtraStyle;
}

export interface Collection {
	id: number;
	form_id: string;
	resource_id: string;
	user_id: string;
	collect_ms: number;
	answers: Record<AnswerKey, string>;
}

export interface Dataset {
	users: User[];
	resources: Resource[];
	orders: Order[];
	forms: Form[];
	collections: Collection[];
}

export const STATE_TEXT_V2 = ['待付款', '待成交', '待发货', '已发货', '已完成', '已关闭'];

export const STATE_TEXT_V1: Record<number, string> = {
	0: '未支付',
	1: '已支付',
	3: '已退款',
	6: '超时取消',
	7: '手动取消',
	8: '退款中',
	9: '退款失败',
	10: '退款成功',
	11: '部分退款',
};

/** Map the one internal state onto the 1.x order_state enum. */
export function stateV1(o: Order): number {
	if (o.state === 0) return 0;
	if (o.state === 5) return o.close_reason === 'timeout' ? 6 : o.close_reason === 'manual' ? 7 : 10;
	if (o.aftersale_show_state === 1) return 8;
	if (o.aftersale_show_state === 2) return 11;
	return 1;
}

/** A paid order that still grants access (feeds the purchase list and pay_sum). */
export function isPaid(o: Order): boolean {
	return o.pay_ms > 0 && o.state >= 1 && o.state <= 4;
}

export const FROM_TEXT = ['微信', 'sdk', '字节跳动', '百度', '飞书', '小班课App', 'h5', '微博', 'B端导入', '手机号注册', 'QQ'];

export const RESOURCE_TYPE_NAME: Record<number, string> = {
	1: '图文',
	2: '音频',
	3: '视频',
	4: '直播',
	5: '会员',
	6: '专栏',
	8: '大专栏',
	20: '电子书',
	21: '实物商品',
};

/** Package types are bought as a product (payment_type 3) rather than a single item (2). */
export const PACKAGE_TYPES = [5, 6, 8];
