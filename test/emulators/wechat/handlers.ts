/**
 * The WeChat endpoints the package uses, answering as the primary reference shows (test/fixtures/wechat/):
 * HTTP 200 with JSON; errors as {errcode, errmsg}; successes of POST APIs with errcode 0 / errmsg "ok";
 * user/info and user/get without errcode. Every answer is checked against the fixtures in the contract test.
 */
import type { EmuRequest } from '../common/server';
import type { UserCard, WechatState } from './state';

export type Json = Record<string, unknown>;

/** A WeChat error; `errmsg` as WeChat words it (with its "rid" suffix left out). */
export class WxError extends Error {
	constructor(
		readonly errcode: number,
		readonly errmsg: string,
	) {
		super(errmsg);
	}
}

export interface Endpoint {
	method: 'GET' | 'POST';
	/** Changes data: the timeout-after-write fault applies to it. */
	write?: boolean;
	run(state: WechatState, input: Json): Json;
}

const OK = { errcode: 0, errmsg: 'ok' };
const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

function need(input: Json, key: string): string {
	const v = input[key];
	if (typeof v !== 'string' || v === '') throw new WxError(41011, `missing required field: ${key}`);
	return v;
}

function member(state: WechatState, input: Json, cardRequired: boolean): UserCard {
	const code = need(input, 'code');
	const cardId = cardRequired ? need(input, 'card_id') : input.card_id;
	const m = state.memberByCode(code);
	if (!m || (cardId !== undefined && cardId !== m.card_id)) throw new WxError(40056, 'invalid serial code');
	return m;
}

function wholeNumber(input: Json, key: string): number | undefined {
	const v = input[key];
	if (v === undefined) return undefined;
	if (typeof v !== 'number' || !Number.isInteger(v)) throw new WxError(47001, `data format error: ${key}`);
	return v;
}

function userInfo(f: NonNullable<ReturnType<WechatState['follower']>>): Json {
	// Since 2021-12-27 WeChat returns no nickname/headimgurl/sex/city here; `language` is "no longer provided" either.
	const { unionid, ...rest } = f;
	return { ...rest, ...(unionid ? { unionid } : {}) };
}

export const ENDPOINTS: Record<string, Endpoint> = {
	'/card/membercard/userinfo/get': {
		method: 'POST',
		run(state, input) {
			const m = member(state, input, true);
			const card = state.cards.find((c) => c.card_id === m.card_id)!;
			return {
				...OK,
				openid: m.openid,
				nickname: m.nickname,
				membership_number: m.membership_number,
				bonus: m.bonus,
				// `balance` only for cards with a stored value (absent from both official examples otherwise)
				...(card.supply_balance ? { balance: m.balance } : {}),
				sex: m.sex,
				user_info: { common_field_list: m.common_field_list.map((f) => ({ ...f })), custom_field_list: m.custom_field_list.map((f) => ({ ...f, value_list: [...(f.value_list ?? [])] })) },
				user_card_status: m.user_card_status,
				has_active: m.has_active,
			};
		},
	},
	'/card/membercard/activate': {
		method: 'POST',
		write: true,
		run(state, input) {
			const m = member(state, input, false);
			const number = need(input, 'membership_number');
			const bonus = wholeNumber(input, 'init_bonus');
			m.membership_number = number;
			m.has_active = true;
			if (bonus !== undefined) m.bonus = bonus;
			if (typeof input.init_balance === 'number') m.balance = input.init_balance;
			state.stat.writesApplied++;
			return { ...OK };
		},
	},
	'/card/membercard/updateuser': {
		method: 'POST',
		write: true,
		run(state, input) {
			const m = member(state, input, true);
			const bonus = wholeNumber(input, 'bonus');
			const addBonus = wholeNumber(input, 'add_bonus');
			if (bonus !== undefined) m.bonus = bonus;
			if (addBonus !== undefined) m.bonus += addBonus;
			if (typeof input.balance === 'number') m.balance = input.balance;
			if (typeof input.add_balance === 'number') m.balance += input.add_balance;
			state.stat.writesApplied++;
			return { ...OK, result_bonus: m.bonus, result_balance: m.balance, openid: m.openid };
		},
	},
	'/card/code/decrypt': {
		method: 'POST',
		run(state, input) {
			const encrypted = need(input, 'encrypt_code');
			const m = state.userCards.find((u) => u.encrypt_code === encrypted);
			if (!m) throw new WxError(40056, 'invalid serial code');
			return { ...OK, code: m.code };
		},
	},
	'/card/code/get': {
		method: 'POST',
		run(state, input) {
			const m = member(state, input, false);
			return {
				...OK,
				card: { card_id: m.card_id, begin_time: 1735660800, end_time: 1893427199, code: m.code },
				openid: m.openid,
				can_consume: m.user_card_status === 'NORMAL',
				user_card_status: m.user_card_status,
			};
		},
	},
	'/card/membercard/activatetempinfo/get': {
		method: 'POST',
		run(state, input) {
			const ticket = need(input, 'activate_ticket');
			const m = state.userCards.find((u) => u.activate_ticket === ticket);
			if (!m) throw new WxError(40056, 'invalid activate_ticket');
			return { ...OK, info: { common_field_list: m.common_field_list.map((f) => ({ ...f })), custom_field_list: m.custom_field_list.map((f) => ({ ...f })) } };
		},
	},
	'/card/get': {
		method: 'POST',
		run(state, input) {
			const id = need(input, 'card_id');
			const card = state.cards.find((c) => c.card_id === id);
			if (!card) throw new WxError(40073, 'invalid card_id');
			return {
				...OK,
				card: {
					card_type: 'MEMBER_CARD',
					member_card: {
						base_info: { id: card.card_id, title: card.title, status: 'CARD_STATUS_VERIFY_OK', code_type: 'CODE_TYPE_QRCODE' },
						supply_bonus: card.supply_bonus,
						supply_balance: card.supply_balance,
						prerogative: '会员专享',
						auto_activate: false,
						wx_activate: true,
					},
				},
			};
		},
	},
	'/card/user/getcardlist': {
		method: 'POST',
		run(state, input) {
			const openid = need(input, 'openid');
			if (!state.follower(openid)) throw new WxError(40003, 'invalid openid');
			const cards = state.userCards.filter((u) => u.openid === openid && (input.card_id === undefined || u.card_id === input.card_id));
			return { ...OK, card_list: cards.map((u) => ({ code: u.code, card_id: u.card_id })), has_share_card: false };
		},
	},
	'/cgi-bin/user/info': {
		method: 'GET',
		run(state, input) {
			const f = state.follower(input.openid);
			if (!f) throw new WxError(40003, 'invalid openid');
			return userInfo(f);
		},
	},
	'/cgi-bin/user/info/batchget': {
		method: 'POST',
		run(state, input) {
			const list = input.user_list;
			if (!Array.isArray(list) || list.length === 0) throw new WxError(47001, 'data format error');
			if (list.length > 100) throw new WxError(45158, 'user_list size out of limit');
			const users = list.map((entry) => {
				const f = isObject(entry) ? state.follower(entry.openid) : undefined;
				if (!f) throw new WxError(40003, 'invalid openid');
				return userInfo(f);
			});
			return { user_info_list: users };
		},
	},
	'/cgi-bin/user/get': {
		method: 'GET',
		run(state, input) {
			const after = typeof input.next_openid === 'string' ? input.next_openid : '';
			const start = after ? state.followers.findIndex((f) => f.openid === after) + 1 : 0;
			if (after && start === 0) throw new WxError(40003, 'invalid next_openid');
			const page = state.followers.slice(start, start + state.followersPageSize);
			if (page.length === 0) return { total: state.followers.length, count: 0, next_openid: '' };
			return {
				total: state.followers.length,
				count: page.length,
				data: { openid: page.map((f) => f.openid) },
				next_openid: page[page.length - 1].openid,
			};
		},
	},
	'/cgi-bin/message/template/send': {
		method: 'POST',
		write: true,
		run(state, input) {
			const touser = need(input, 'touser');
			const templateId = need(input, 'template_id');
			if (!state.follower(touser)) throw new WxError(40003, 'invalid openid');
			if (!state.templates.has(templateId)) throw new WxError(40037, 'invalid template_id');
			if (input.data !== undefined && !isObject(input.data)) throw new WxError(47001, 'data format error');
			const { msgid, duplicate } = state.recordTemplate({
				touser,
				template_id: templateId,
				data: input.data,
				url: typeof input.url === 'string' ? input.url : undefined,
				client_msg_id: typeof input.client_msg_id === 'string' ? input.client_msg_id : undefined,
			});
			if (!duplicate) state.stat.writesApplied++;
			return { ...OK, msgid };
		},
	},
};

/** The request's input as the endpoint reads it: the query for GET, the JSON body for POST. */
export function inputOf(req: EmuRequest, endpoint: Endpoint): Json | undefined {
	if (endpoint.method === 'GET') return { ...req.query };
	return isObject(req.body) ? req.body : undefined;
}
