/**
 * Answer codes. 0, 20016 and 20005 are confirmed (official demo); the others come from the project's secondary
 * notes (doc tables no primary source confirmed this round) and are marked as such in
 * test/fixtures/fxiaoke/undocumented.json. The client treats them tolerantly.
 */
export const CODES = {
	ok: [0, 'OK'],
	tokenInvalid: [20016, 'corpAccessToken不存在或者已经过期'],
	appTokenInvalid: [20005, 'appAccessToken不存在或者已经过期'],
	appSecretWrong: [20006, 'appId或appSecret错误'],
	permanentCodeWrong: [20015, '永久授权码错误'],
	ipBlocked: [20022, 'IP不在白名单内'],
	throttled: [30004, '调用频率超出限制'],
	callLimit: [14001, '调用次数超出限制'],
	dailyQuota: [30002, '今日调用次数已用完'],
	offsetOutOfRange: [10013, 'offset out of range 10000'],
	paramError: [10001, '参数错误'],
	noData: [30020, '数据不存在'],
	notInvalid: [30030, '只能删除已作废的数据'],
	noPermission: [20014, '无此操作的数据权限'],
	busy: [-1, '系统繁忙'],
} as const;

export type CodeName = keyof typeof CODES;
