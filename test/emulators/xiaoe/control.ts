/** The /__emulator control API: the HTTP mirror of XiaoeState's test methods. Never counted in stats. */
import type { EmuRequest, EmuResponse } from '../common/server';
import { isObject } from './params';
import type { XiaoeState } from './state';

export const CONTROL_PREFIX = '/__emulator/';

export function handleControl(s: XiaoeState, req: EmuRequest): EmuResponse {
	const route = `${req.method} ${req.path.slice(CONTROL_PREFIX.length - 1)}`;
	const body = isObject(req.body) ? req.body : {};
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
				s.reset(body);
				return ok({ ok: true, users: s.users.length, orders: s.orders.length, resources: s.resources.length, anchor: s.anchorMs });
			case 'POST /expire-tokens':
				return ok({ ok: true, expired: s.expireAllTokens() });
			case 'GET /orders':
				return ok({ orders: s.listOrders() });
			case 'POST /orders':
				return ok({ orders: s.addOrders(body as never) });
			case 'POST /orders/update':
				return ok({ orders: s.updateOrders(body as never) });
			case 'GET /users':
				return ok({ users: s.listUsers() });
			case 'POST /users/update':
				return ok({ users: s.updateUsers(body as never) });
			case 'GET /exchanges':
				return ok({ recording: s.recording, exchanges: s.exchanges });
			case 'POST /record':
				s.recording = Boolean(body.on ?? true);
				s.exchanges = [];
				return ok({ recording: s.recording });
			case 'GET /resources':
				return ok({ resources: s.resources, forms: s.forms });
			default:
				return { status: 404, body: { error: `unknown control route ${route}` } };
		}
	} catch (e) {
		return { status: 400, body: { error: (e as Error).message } };
	}
}
