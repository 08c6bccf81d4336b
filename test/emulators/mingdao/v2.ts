/** v2 routes (`/api/v2/open/worksheet/<op>`, appKey + sign + worksheetId in the body). Minimal but faithful. */
import { missing } from './errors';
import { compileV2Filters, searchPredicate, sortRows } from './filters';
import {
	createRows,
	deleteRows,
	formatRow,
	pageArgs,
	pickFields,
	requireIdList,
	requireRow,
	requireWorksheet,
	updateRows,
} from './ops';
import type { Route } from './route';
import type { MingdaoState, WorksheetInfo } from './state';
import { V2_TYPE } from './values';

const OP = '/v2/open/worksheet/';
const flag = (v: unknown) => v === true || v === 'true' || v === '1';

function controls(ws: WorksheetInfo) {
	return ws.fields.map((f) => ({
		controlId: f.id,
		controlName: f.name,
		alias: f.alias,
		type: V2_TYPE[f.type],
		required: f.required,
		unique: f.unique,
		attribute: f.isTitle ? 1 : 0, // Mingdao marks the title field with attribute 1
		options: f.options.map((o) => ({ ...o })),
		...(f.dataSource ? { dataSource: f.dataSource } : {}),
	}));
}

function getRow(state: MingdaoState, body: any) {
	const ws = requireWorksheet(state, body.worksheetId);
	const row = requireRow(ws, body.rowId);
	state.countRead();
	return formatRow(state, row, ws.fields, { dialect: 'v2', byId: true });
}

const post = (op: string, run: Route['run']): Route => ({ method: 'POST', path: OP + op, auth: 'v2', run });

export const v2Routes: Route[] = [
	post('getWorksheetInfo', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		return { worksheetId: ws.id, name: ws.name, alias: ws.alias, controls: controls(ws) };
	}),
	post('getFilterRows', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		const { index, size } = pageArgs(body.pageIndex, body.pageSize);
		const match = compileV2Filters(state, ws, body.filters);
		const search = searchPredicate(ws, body.keyWords);
		const sorts = body.sortId ? [{ field: body.sortId, isAsc: body.isAsc !== false }] : [];
		const all = sortRows(state, ws, [...ws.rows.values()].filter((r) => match(r) && search(r)), sorts);
		const fields = pickFields(state, ws, body.controls);
		const rows = all.slice((index - 1) * size, index * size).map((r) => formatRow(state, r, fields, { dialect: 'v2', byId: true }));
		state.countRead();
		return { rows, total: all.length };
	}),
	post('getRowByIdPost', (state, _req, _p, body) => getRow(state, body)),
	{ method: 'GET', path: OP + 'getRowById', auth: 'v2', run: (state, req) => getRow(state, req.query) },
	post('addRow', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		const [id] = createRows(state, ws, [body.controls], 'v2');
		state.countWrite('create', 1);
		return id;
	}),
	post('addRows', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		const rows = requireIdList(body.rows, 'rows', 1000);
		const ids = createRows(state, ws, rows, 'v2');
		state.countWrite('create', ids.length);
		return flag(body.returnRowIds) ? ids : ids.length;
	}),
	post('editRow', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		updateRows(state, ws, [body.rowId], body.controls, 'v2');
		state.countWrite('update', 1);
		return true;
	}),
	post('editRows', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		// Newer clients send controls[]; the legacy form is one control{}.
		const items = body.controls ?? (body.control ? [body.control] : undefined);
		if (!items) throw missing('controls');
		const n = updateRows(state, ws, requireIdList(body.rowIds, 'rowIds', 1000), items, 'v2');
		state.countWrite('update', n);
		return true;
	}),
	post('deleteRow', (state, _req, _p, body) => {
		const ws = requireWorksheet(state, body.worksheetId);
		if (typeof body.rowId !== 'string' || !body.rowId) throw missing('rowId');
		const ids = body.rowId.split(',').map((s: string) => s.trim()).filter(Boolean);
		const n = deleteRows(ws, ids, flag(body.thoroughDelete));
		state.countWrite('delete', n);
		return true;
	}),
];
