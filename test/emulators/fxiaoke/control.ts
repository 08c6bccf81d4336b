/** The /__emulator control API: the HTTP mirror of FxiaokeState's test methods. Never counted in stats. */
import type { EmuRequest, EmuResponse } from '../common/server';
import type { FxiaokeState } from './state';

export const CONTROL_PREFIX = '/__emulator/';

export function handleControl(s: FxiaokeState, req: EmuRequest): EmuResponse {
	const route = `${req.method} ${req.path.slice(CONTROL_PREFIX.length - 1)}`;
	const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
	const ok = (b: unknown): EmuResponse => ({ body: b });
	try {
		switch (route) {
			case 'GET /stats':
				return ok(s.stats());
			case 'GET /faults':
				return ok({ ...s.faults });
			case 'POST /faults':
				return ok(s.setFaults(body));
			case 'POST /reset':
				s.reset(body as never);
				return ok({ ok: true, stats: s.stats() });
			case 'POST /expire-tokens':
				return ok({ ok: true, expired: s.expireAllTokens() });
			case 'POST /advance-clock':
				s.clockOffsetMs += Number(body.seconds ?? 0) * 1000;
				return ok({ ok: true, clockOffsetMs: s.clockOffsetMs });
			case 'GET /records':
				return ok({ records: s.list(String(req.query.object ?? '')) });
			case 'POST /records':
				return ok({ records: s.generate(String(body.object), Number(body.count ?? 1), body as never) });
			case 'POST /records/update': {
				const ids = (body.ids as string[]) ?? [];
				return ok({ records: ids.map((id) => s.update(String(body.object), id, (body.values as Record<string, unknown>) ?? {})) });
			}
			default:
				return { status: 404, body: { error: `unknown control route ${route}` } };
		}
	} catch (e) {
		return { status: 400, body: { error: (e as Error).message } };
	}
}
