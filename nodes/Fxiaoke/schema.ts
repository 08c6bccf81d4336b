import { z } from 'zod';

/**
 * The answer shapes the node relies on, from test/fixtures/fxiaoke/ (each fixture names its source).
 * Passthrough everywhere: Fxiaoke adds fields freely, and records carry whatever the object describes.
 */
export const record = z.object({ _id: z.string() }).passthrough();

/** Official apifox example: `{traceId, data:{dataList:[…]}}`; total/offset/limit only in fxiaoke-python's paging. */
export const queryAnswer = z.object({
	data: z
		.object({
			dataList: z.array(record).nullish(),
			total: z.coerce.number().nullish(),
		})
		.passthrough(),
});

/** `data/get`: the record in `data` (fxiaoke-python `baseObj.get`). */
export const getAnswer = z.object({ data: record });

/** Official create pages: `{traceId, errorDescription, dataId (String), errorMessage, errorCode}`. */
export const createAnswer = z.object({ dataId: z.coerce.string().min(1) });

/** The answer keys that are envelope, not data (stripped from user-facing output). */
export const ENVELOPE_KEYS = ['errorCode', 'errorMessage', 'errorDescription', 'traceId'];
