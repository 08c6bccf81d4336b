/**
 * The WeChat emulator's whole state: account keys, tokens (classic and stable, isolated as on WeChat), quotas,
 * member cards and their holders, followers, template messages, faults and stats. Deterministic data from a seed.
 * Jest tests use it in-process; control.ts exposes the same methods over HTTP.
 */
import { randomBytes } from 'node:crypto';
import { SecretsIssued } from '../common/secrets';

export interface WechatFaults {
	latencyMs: number;
	/** Every Nth business call answers HTTP 502. */
	serverErrorEveryNCalls: number;
	/** Every Nth business call answers errcode -1 (system busy) without doing anything. */
	busyEveryNCalls: number;
	/** Every Nth business call answers 45011 (minute quota) without doing anything. */
	throttleEveryNCalls: number;
	/** Every Nth business call is applied, then the connection is held (holdMs) and dropped without an answer. */
	timeoutAfterWriteEveryNCalls: number;
	/** The next N writes are applied, then held (holdMs) and dropped without an answer. */
	dropNextWrites: number;
	/** How long a dropped write is held first: past a 30 s client timeout by default, shorter to test resets. */
	holdMs: number;
	/** Every Nth business call first invalidates every token (as if another system forced a refresh). */
	expireTokensEveryNCalls: number;
	/** Token and business calls answer this whitelist error (40164 or 61004); 0 = off. */
	ipBlockedCode: number;
	/** Business calls answer 45009 (daily quota used up). */
	dailyQuotaExceeded: boolean;
	/** Token requests answer -1 this many times before working. */
	tokenBusyTimes: number;
}

export const DEFAULT_FAULTS: WechatFaults = {
	latencyMs: 0,
	serverErrorEveryNCalls: 0,
	busyEveryNCalls: 0,
	throttleEveryNCalls: 0,
	timeoutAfterWriteEveryNCalls: 0,
	dropNextWrites: 0,
	holdMs: 31_000,
	expireTokensEveryNCalls: 0,
	ipBlockedCode: 0,
	dailyQuotaExceeded: false,
	tokenBusyTimes: 0,
};

export interface WechatEmulatorOptions {
	port?: number;
	appId?: string;
	appSecret?: string;
	/** Message-push settings, used by the push client. */
	pushToken?: string;
	encodingAesKey?: string;
	tokenLifetimeSec?: number;
	/** Overlap of old and new classic tokens, and the stable token's pre-rotation window (both 5 min on WeChat). */
	tokenGraceSec?: number;
	followers?: number;
	/** Page size of /cgi-bin/user/get (10 000 on WeChat). */
	followersPageSize?: number;
	members?: number;
	seed?: number;
	faults?: Partial<WechatFaults>;
}

export interface FormField {
	name: string;
	value: string;
	value_list?: string[];
}

export interface MemberCardDef {
	card_id: string;
	title: string;
	supply_bonus: boolean;
	supply_balance: boolean;
}

export interface UserCard {
	card_id: string;
	code: string;
	openid: string;
	encrypt_code: string;
	nickname: string;
	sex: 'MALE' | 'FEMALE';
	membership_number: string;
	bonus: number;
	balance: number;
	user_card_status: 'NORMAL' | 'EXPIRE' | 'GIFTING' | 'GIFT_SUCC' | 'GIFT_TIMEOUT' | 'DELETE' | 'UNAVAILABLE';
	has_active: boolean;
	common_field_list: FormField[];
	custom_field_list: FormField[];
	/** The activation form before submission (activatetempinfo/get). */
	activate_ticket: string;
}

export interface Follower {
	openid: string;
	subscribe: number;
	subscribe_time: number;
	remark: string;
	groupid: number;
	tagid_list: number[];
	subscribe_scene: string;
	qr_scene: number;
	qr_scene_str: string;
	unionid?: string;
}

export interface SentTemplate {
	msgid: number;
	touser: string;
	template_id: string;
	data: unknown;
	url?: string;
	client_msg_id?: string;
	at: number;
}

export interface WechatStats {
	tokenRequests: { classic: number; stable: number; forced: number; refused: number };
	tokensIssued: number;
	calls: Record<string, number>;
	businessCalls: number;
	rejectedTokenCalls: number;
	busy: number;
	throttled: number;
	serverErrors: number;
	writesApplied: number;
	templatesSent: number;
}

interface TokenRecord {
	kind: 'classic' | 'stable';
	expiresMs: number;
}

class Rng {
	constructor(private s: number) {}
	next(): number {
		this.s = (this.s * 1103515245 + 12345) % 2147483648;
		return this.s / 2147483648;
	}
	int(max: number): number {
		return Math.floor(this.next() * max);
	}
	pick<T>(list: T[]): T {
		return list[this.int(list.length)];
	}
	id(length: number): string {
		const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
		return Array.from({ length }, () => abc[this.int(abc.length)]).join('');
	}
	digits(length: number): string {
		return Array.from({ length }, () => String(this.int(10))).join('');
	}
}

const SCENES = ['ADD_SCENE_SEARCH', 'ADD_SCENE_QR_CODE', 'ADD_SCENE_PROFILE_CARD', 'ADD_SCENE_OTHERS'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨帆', 'Wei', 'Anna'];

export class WechatState {
	appId = '';
	appSecret = '';
	pushToken = '';
	encodingAesKey = '';
	tokenLifetimeSec = 7200;
	tokenGraceSec = 300;
	followersPageSize = 10_000;
	faults: WechatFaults = { ...DEFAULT_FAULTS };

	cards: MemberCardDef[] = [];
	userCards: UserCard[] = [];
	followers: Follower[] = [];
	templates = new Set<string>();
	sent: SentTemplate[] = [];

	private tokens = new Map<string, TokenRecord>();
	/** Every token handed out since the last reset (for secret scans of logs and executions). */
	readonly issuedTokens: string[] = [];
	/** App secret, push Token, EncodingAESKey and every token since start (not cleared by reset), for the CI scan. */
	readonly secretsIssued = new SecretsIssued('wechat');
	private stableToken?: string;
	private lastForcedMs = 0;
	private forcedToday = 0;
	private msgCounter = 400_000_000;
	private rng = new Rng(1);
	private counters: WechatStats = emptyStats();

	constructor(private readonly base: WechatEmulatorOptions = {}) {
		this.reset({});
	}

	reset(options: WechatEmulatorOptions = {}): void {
		const o = { ...this.base, ...options };
		this.appId = o.appId ?? 'wxb11529c136998cb6';
		this.appSecret = o.appSecret ?? 'emu_app_secret_0123456789abcdef';
		this.pushToken = o.pushToken ?? 'emuPushToken42';
		this.encodingAesKey = o.encodingAesKey ?? 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
		this.secretsIssued.add('app secret', this.appSecret);
		this.secretsIssued.add('push Token', this.pushToken);
		this.secretsIssued.add('EncodingAESKey', this.encodingAesKey);
		this.tokenLifetimeSec = o.tokenLifetimeSec ?? 7200;
		this.tokenGraceSec = o.tokenGraceSec ?? 300;
		this.followersPageSize = o.followersPageSize ?? 10_000;
		this.faults = { ...DEFAULT_FAULTS, ...(o.faults ?? {}) };
		this.rng = new Rng(o.seed ?? 1);
		this.tokens.clear();
		this.issuedTokens.length = 0;
		this.stableToken = undefined;
		this.lastForcedMs = 0;
		this.forcedToday = 0;
		this.sent = [];
		this.counters = emptyStats();
		this.generate(o.followers ?? 120, o.members ?? 30);
	}

	private generate(followerCount: number, memberCount: number): void {
		this.cards = [
			{ card_id: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8', title: '会员卡', supply_bonus: true, supply_balance: false },
			{ card_id: 'pbLatjk4T4Hx-QFQGL4zGQy27_Qg', title: '储值会员卡', supply_bonus: true, supply_balance: true },
		];
		this.templates = new Set(['ngqIpbwh8bUfcSsECmogfXcV14J0tQlEpBO27izEYtY', 'tmpl_member_welcome_000000000000000000000']);
		const base = Math.floor(Date.UTC(2025, 0, 1) / 1000);
		this.followers = Array.from({ length: followerCount }, (_, i) => ({
			openid: `o${this.rng.id(5)}${String(i).padStart(5, '0')}${this.rng.id(17)}`,
			subscribe: 1,
			subscribe_time: base + i * 3600,
			remark: '',
			groupid: 0,
			tagid_list: i % 3 === 0 ? [2] : [],
			subscribe_scene: this.rng.pick(SCENES),
			qr_scene: 0,
			qr_scene_str: '',
			...(i % 2 === 0 ? { unionid: `o6_${this.rng.id(25)}` } : {}),
		}));
		this.userCards = [];
		for (let i = 0; i < memberCount && i < followerCount; i++) this.addMember({ openid: this.followers[i].openid });
	}

	/** A member holding a card, with the activation form answered (the submit_membercard_user_info situation). */
	addMember(input: { openid?: string; card_id?: string; code?: string; form?: { common?: FormField[]; custom?: FormField[] }; activated?: boolean } = {}): UserCard {
		const card = this.cards.find((c) => c.card_id === (input.card_id ?? this.cards[this.userCards.length % this.cards.length].card_id));
		if (!card) throw new Error(`unknown card ${input.card_id}`);
		const openid = input.openid ?? this.followers[this.userCards.length % this.followers.length]?.openid ?? `o${this.rng.id(27)}`;
		const code = input.code ?? `0${this.rng.digits(11)}`;
		if (this.userCards.some((u) => u.code === code)) throw new Error(`code ${code} exists`);
		const n = this.userCards.length;
		const name = NAMES[n % NAMES.length];
		const member: UserCard = {
			card_id: card.card_id,
			code,
			openid,
			encrypt_code: randomBytes(24).toString('base64'),
			nickname: name,
			sex: n % 2 === 0 ? 'MALE' : 'FEMALE',
			membership_number: code,
			bonus: n % 5 === 0 ? 0 : 100 + n * 7,
			balance: card.supply_balance ? 1000 * (n % 4) : 0,
			user_card_status: 'NORMAL',
			has_active: input.activated ?? false,
			common_field_list: input.form?.common ?? [
				{ name: 'USER_FORM_INFO_FLAG_MOBILE', value: `13${this.rng.digits(9)}` },
				{ name: 'USER_FORM_INFO_FLAG_NAME', value: name },
				{ name: 'USER_FORM_INFO_FLAG_BIRTHDAY', value: `19${80 + (n % 20)}-0${1 + (n % 9)}-1${n % 10}` },
			],
			custom_field_list: input.form?.custom ?? [
				{ name: '兴趣', value: n % 2 ? '钢琴' : '跑步', value_list: [] },
				{ name: '职业', value: '', value_list: n % 3 ? ['教师'] : ['赛车手', '旅行家'] },
			],
			activate_ticket: `ticket_${this.rng.id(24)}`,
		};
		this.userCards.push(member);
		return member;
	}

	// ---- tokens ------------------------------------------------------------------------------------------

	/** GET /cgi-bin/token: a new token each time; the previous classic tokens retire after the grace period. */
	issueClassic(now = Date.now()): { access_token: string; expires_in: number } {
		for (const t of this.tokens.values()) if (t.kind === 'classic') t.expiresMs = Math.min(t.expiresMs, now + this.tokenGraceSec * 1000);
		return this.issue('classic', now);
	}

	/**
	 * POST /cgi-bin/stable_token. Normal mode: the same token while valid (expires_in = what is left); in its last
	 * grace period a new one is issued and the old stays valid until it expires. Forced: the old one dies at once,
	 * unless the last forced refresh was under 30 s ago (then nothing changes); at most 20 a day (then 45009).
	 */
	issueStable(force: boolean, now = Date.now()): { access_token: string; expires_in: number } | { errcode: number; errmsg: string } {
		const current = this.stableToken ? this.tokens.get(this.stableToken) : undefined;
		if (force) {
			if (this.forcedToday >= 20) return { errcode: 45009, errmsg: 'reach max api daily quota limit' };
			if (current && now - this.lastForcedMs < 30_000) return { access_token: this.stableToken!, expires_in: Math.floor((current.expiresMs - now) / 1000) };
			this.forcedToday++;
			this.lastForcedMs = now;
			this.counters.tokenRequests.forced++;
			if (this.stableToken) this.tokens.delete(this.stableToken);
			return this.issue('stable', now);
		}
		if (current && current.expiresMs - now > this.tokenGraceSec * 1000) {
			return { access_token: this.stableToken!, expires_in: Math.floor((current.expiresMs - now) / 1000) };
		}
		return this.issue('stable', now);
	}

	private issue(kind: 'classic' | 'stable', now: number): { access_token: string; expires_in: number } {
		for (const [k, t] of this.tokens) if (t.expiresMs <= now) this.tokens.delete(k);
		// Real tokens are long opaque strings (storage must allow 512 characters).
		const token = `${kind === 'stable' ? 'ST' : 'CT'}_${randomBytes(48).toString('base64url')}`;
		this.tokens.set(token, { kind, expiresMs: now + this.tokenLifetimeSec * 1000 });
		this.issuedTokens.push(token);
		this.secretsIssued.add(`${kind} access token`, token);
		if (kind === 'stable') this.stableToken = token;
		this.counters.tokensIssued++;
		return { access_token: token, expires_in: this.tokenLifetimeSec };
	}

	/** 0 when the token is good, else the error code WeChat gives (41001 missing, 42001 expired, 40001 not latest). */
	tokenProblem(token: unknown, now = Date.now()): number {
		if (typeof token !== 'string' || token === '') return 41001;
		const t = this.tokens.get(token);
		if (!t) return 40001;
		if (t.expiresMs <= now) return 42001;
		return 0;
	}

	/** Invalidate every token (another system forced a refresh, or the secret was reset). */
	expireAllTokens(): number {
		const n = this.tokens.size;
		this.tokens.clear();
		this.stableToken = undefined;
		return n;
	}

	/** Let every token run out now (for 42001). */
	ageAllTokens(now = Date.now()): void {
		for (const t of this.tokens.values()) t.expiresMs = now - 1;
	}

	// ---- data ------------------------------------------------------------------------------------------------

	memberByCode(code: unknown): UserCard | undefined {
		return this.userCards.find((u) => u.code === code);
	}

	follower(openid: unknown): Follower | undefined {
		return this.followers.find((f) => f.openid === openid);
	}

	recordTemplate(input: Omit<SentTemplate, 'msgid' | 'at'>, now = Date.now()): { msgid: number; duplicate: boolean } {
		if (input.client_msg_id) {
			const earlier = this.sent.find((s) => s.touser === input.touser && s.client_msg_id === input.client_msg_id && now - s.at < 600_000);
			if (earlier) return { msgid: earlier.msgid, duplicate: true };
		}
		const msgid = ++this.msgCounter;
		this.sent.push({ ...input, msgid, at: now });
		this.counters.templatesSent++;
		return { msgid, duplicate: false };
	}

	nextFaultCount(): number {
		return ++this.counters.businessCalls;
	}

	setFaults(partial: Partial<WechatFaults>): WechatFaults {
		this.faults = { ...this.faults, ...partial };
		return { ...this.faults };
	}

	get stat(): WechatStats {
		return this.counters;
	}

	stats(): WechatStats {
		return JSON.parse(JSON.stringify(this.counters)) as WechatStats;
	}

	resetStats(): void {
		this.counters = emptyStats();
	}
}

function emptyStats(): WechatStats {
	return {
		tokenRequests: { classic: 0, stable: 0, forced: 0, refused: 0 },
		tokensIssued: 0,
		calls: {},
		businessCalls: 0,
		rejectedTokenCalls: 0,
		busy: 0,
		throttled: 0,
		serverErrors: 0,
		writesApplied: 0,
		templatesSent: 0,
	};
}
