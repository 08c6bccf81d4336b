import type { IExecuteFunctions } from 'n8n-workflow';
import { apiError, inputError } from '../../../core/errors';
import type { ApiFailure, RowResult } from '../../../core/types';
import { MINGDAO } from '../../adapter';
import type { MingdaoClient } from '../../client';
import type { FieldValues } from '../../rows';
import type { Worksheet } from '../../worksheet';
import { mappedValues, readRowId, worksheetFor } from '../common';

/** What the batch operations (Create Many, Update Many, Delete) read from each item before writing anything. */
export interface Prepared {
	ws: Worksheet;
	values: FieldValues;
	rowId: string;
}

/** Reads one item: its worksheet, and its row id and/or converted values. */
export function reader(ctx: IExecuteFunctions, client: MingdaoClient, read: { values: boolean; rowId: boolean }) {
	return async (i: number): Promise<Prepared> => {
		const ws = await worksheetFor(ctx, client, i);
		const rowId = read.rowId ? readRowId(ctx, i) : '';
		const values = read.values ? mappedValues(ctx, ws, i) : {};
		if (read.values && read.rowId) requireValues(ctx, values, i);
		return { ws, values, rowId };
	};
}

export function requireValues(ctx: IExecuteFunctions, values: FieldValues, i: number): void {
	if (Object.keys(values).length === 0) throw inputError(ctx.getNode(), 'Fields', 'no values to update: map at least one field', i);
}

/** A refused row of a batch, shown with Mingdao's code and message. */
export const rowError = (ctx: IExecuteFunctions) => (failure: ApiFailure) => apiError(ctx.getNode(), MINGDAO, failure);

export const allOk = (rows: unknown[], ids?: unknown[]): RowResult[] =>
	rows.map((_, index) => ({ index, ok: true as const, id: ids?.[index] === undefined ? undefined : String(ids[index]) }));
