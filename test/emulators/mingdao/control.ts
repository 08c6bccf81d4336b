/** `/__emulator/...`: inspect and steer the emulator over HTTP (for e2e tests and the sandbox). Never counted in stats. */
import type { EmuRequest, EmuResponse } from '../common/server';
import { MdError } from './errors';
import { seedRows } from './ops';
import type { MingdaoState } from './state';

const json = (body: unknown, status = 200): EmuResponse => ({ status, body });

export function handleControl(state: MingdaoState, req: EmuRequest): EmuResponse {
	const parts = req.path.split('/').filter(Boolean).slice(1); // drop "__emulator"
	const route = `${req.method} ${parts.map((p, i) => (parts[0] === 'worksheets' && i === 1 ? ':ws' : p)).join('/')}`;
	const body = (req.body && typeof req.body === 'object' ? req.body : {}) as any;
	const ws = parts[1] ? state.findWorksheet(parts[1]) : undefined;
	try {
		switch (route) {
			case 'GET stats':
				return json(state.stats());
			case 'POST reset-stats':
				state.resetStats();
				return json({ ok: true });
			case 'POST reset':
				state.reset(body);
				return json({ ok: true });
			case 'GET faults':
				return json(state.faults);
			case 'POST faults':
				return json(state.setFaults(body));
			case 'GET worksheets':
				return json(state.listWorksheets());
			case 'GET worksheets/:ws':
				return ws ? json(state.getWorksheet(ws.id)) : json({ error: `unknown worksheet ${parts[1]}` }, 404);
			case 'GET worksheets/:ws/rows':
				return ws ? json(state.listRows(ws.id)) : json({ error: `unknown worksheet ${parts[1]}` }, 404);
			case 'POST worksheets/:ws/rows':
				// Seed rows: body {rows:[{alias: v3 value}]}; same validation as the API, not counted.
				return ws ? json({ rowIds: seedRows(state, ws, body.rows) }) : json({ error: `unknown worksheet ${parts[1]}` }, 404);
		}
	} catch (e) {
		if (e instanceof MdError) return json({ error: e.message, error_code: e.code }, 400);
		return json({ error: String(e) }, 400);
	}
	return json({ error: `unknown control route ${req.method} ${req.path}` }, 404);
}
