/**
 * v3 routes (`/api/v3/...`, headers HAP-Appkey/HAP-Sign). Handlers return `data`; errors are thrown MdErrors.
 * Every answer follows the response schema of Mingdao's official v3 reference (checked on the way out, index.ts).
 */
import { missing } from './errors';
import { compileV3Filter, searchPredicate, sortRows } from './filters';
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
	updateRowsBatch,
} from './ops';
import type { Route } from './route';
import type { MingdaoState } from './state';

const WS = '/v3/app/worksheets/:id';
const flag = (v: unknown) => v === true || v === 'true' || v === '1';

function appInfo(state: MingdaoState) {
	return state.appInfo();
}

export const v3Routes: Route[] = [
	{ method: 'GET', path: '/v3/app', auth: 'v3', run: appInfo },
	// [V3SKILL] names it /v3/app/info; answer both.
	{ method: 'GET', path: '/v3/app/info', auth: 'v3', run: appInfo },
	{
		method: 'GET',
		path: WS,
		auth: 'v3',
		run: (state, _req, p) => state.getWorksheet(requireWorksheet(state, p.id).id),
	},
	{
		method: 'POST',
		path: `${WS}/rows/list`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			const { index, size } = pageArgs(body.pageIndex, body.pageSize);
			const match = compileV3Filter(state, ws, body.filter);
			const search = searchPredicate(ws, body.search);
			const all = sortRows(state, ws, [...ws.rows.values()].filter((r) => match(r) && search(r)), body.sorts);
			const fields = pickFields(state, ws, body.fields);
			const byId = flag(body.useFieldIdAsKey);
			const rows = all.slice((index - 1) * size, index * size).map((r) => formatRow(state, r, fields, { dialect: 'v3', byId }));
			state.countRead();
			// The reference's schema types total as a string (its example shows a number): clients must read both.
			return flag(body.includeTotalCount) ? { rows, total: String(all.length) } : { rows };
		},
	},
	{
		method: 'POST',
		path: `${WS}/rows/batch`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			const rows = body.rows;
			if (!Array.isArray(rows) || rows.length === 0) throw missing('rows must be a non-empty array');
			if (rows.length > 100) throw missing(`rows takes at most 100 items, got ${rows.length}`);
			const rowIds = createRows(state, ws, rows.map((r: any) => r?.fields), 'v3');
			state.countWrite('create', rowIds.length);
			return { rowIds };
		},
	},
	{
		method: 'PATCH',
		path: `${WS}/rows/batch`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			const result = updateRowsBatch(state, ws, requireIdList(body.rowIds, 'rowIds', 100), body.fields);
			if (result.successfulRowIds.length) state.countWrite('update', result.successfulRowIds.length);
			return result;
		},
	},
	{
		method: 'DELETE',
		path: `${WS}/rows/batch`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			const n = deleteRows(ws, requireIdList(body.rowIds, 'rowIds', 1000), flag(body.permanent));
			state.countWrite('delete', n);
			return {};
		},
	},
	{
		method: 'POST',
		path: `${WS}/rows`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			const [id] = createRows(state, ws, [body.fields], 'v3');
			state.countWrite('create', 1);
			return { id };
		},
	},
	{
		method: 'GET',
		path: `${WS}/rows/:rowId`,
		auth: 'v3',
		run: (state, req, p) => {
			const ws = requireWorksheet(state, p.id);
			const row = requireRow(ws, p.rowId);
			state.countRead();
			return formatRow(state, row, ws.fields, { dialect: 'v3', byId: flag(req.query.useFieldIdAsKey) });
		},
	},
	{
		method: 'PATCH',
		path: `${WS}/rows/:rowId`,
		auth: 'v3',
		run: (state, _req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			updateRows(state, ws, [p.rowId], body.fields, 'v3');
			state.countWrite('update', 1);
			return { id: p.rowId };
		},
	},
	{
		method: 'DELETE',
		path: `${WS}/rows/:rowId`,
		auth: 'v3',
		run: (state, req, p, body) => {
			const ws = requireWorksheet(state, p.id);
			deleteRows(ws, [p.rowId], flag(body.permanent ?? req.query.permanent));
			state.countWrite('delete', 1);
			return {};
		},
	},
];
