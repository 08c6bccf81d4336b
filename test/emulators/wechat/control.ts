/** The /__emulator control API: the HTTP mirror of WechatState's test methods and the push client. Never counted. */
import type { EmuRequest, EmuResponse } from '../common/server';
import { pushMessage } from './push';
import type { WechatState } from './state';

export const CONTROL_PREFIX = '/__emulator/';

export async function handleControl(s: WechatState, req: EmuRequest): Promise<EmuResponse> {
	const route = `${req.method} ${req.path.slice(CONTROL_PREFIX.length - 1)}`;
	const body = (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? req.body : {}) as Record<string, any>;
	const ok = (b: unknown): EmuResponse => ({ body: b });
	try {
		switch (route) {
			case 'GET /stats':
				return ok(s.stats());
			case 'POST /reset-stats':
				s.resetStats();
				return ok({ ok: true });
			case 'GET /faults':
				return ok({ ...s.faults });
			case 'POST /faults':
				return ok(s.setFaults(body));
			case 'POST /reset':
				s.reset(body);
				return ok({ ok: true, followers: s.followers.length, members: s.userCards.length });
			case 'POST /expire-tokens':
				return ok({ ok: true, expired: s.expireAllTokens() });
			case 'GET /members':
				return ok({ members: s.userCards });
			case 'POST /members':
				return ok({ member: s.addMember(body) });
			case 'GET /followers':
				return ok({ followers: s.followers });
			case 'GET /templates/sent':
				return ok({ sent: s.sent });
			case 'GET /push-settings':
				return ok({ appId: s.appId, token: s.pushToken, encodingAesKey: s.encodingAesKey });
			case 'POST /push':
				// body: {url, xml, mode, retries?, timeoutMs?} — the emulator pushes as WeChat would
				return ok(
					await pushMessage(
						{ url: String(body.url), token: s.pushToken, appId: s.appId, encodingAesKey: s.encodingAesKey, mode: body.mode ?? 'safe' },
						String(body.xml),
						{ retries: body.retries, timeoutMs: body.timeoutMs },
					),
				);
			default:
				return { status: 404, body: { error: `unknown control route ${route}` } };
		}
	} catch (e) {
		return { status: 400, body: { error: (e as Error).message } };
	}
}
