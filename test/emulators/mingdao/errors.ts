/** A business error: answered as HTTP 200 with `success:false` and this error_code, as Mingdao does. */
export class MdError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

export const ERR = {
	rateLimited: 51,
	missingParam: 10001,
	badValue: 10002,
	noPermission: 10005,
	rowNotFound: 10007,
	unknownAppKey: 10101,
	badSign: 10102,
	duplicate: 100005,
	requiredEmpty: 430019,
} as const;

export const missing = (what: string) => new MdError(ERR.missingParam, `参数错误: ${what}`);
