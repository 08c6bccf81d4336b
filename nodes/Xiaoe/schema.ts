import type { IDataObject, INode } from 'n8n-workflow';
import { z } from 'zod';
import { parseResponse } from '../core/validate';

/** The answer shapes the operations rely on, checked with zod so that a changed API fails loudly. */
const record = z.record(z.unknown());

export const listPage = z.object({
	list: z.array(record).default([]),
	total: z.coerce.number().optional(),
});

export const collectionPage = z.object({
	collection_list: z.array(record).default([]),
	total: z.coerce.number().optional(),
});

export const XIAOE = 'Xiaoe (小鹅通)';

/** `data` of a list answer; Xiaoe answers `[]` instead of an object when a list is empty. */
export function readList(node: INode, data: unknown, itemIndex?: number): { items: IDataObject[]; total?: number } {
	if (Array.isArray(data) && data.length === 0) return { items: [], total: 0 };
	const page = parseResponse(node, XIAOE, listPage, data, itemIndex);
	return { items: page.list as IDataObject[], total: page.total };
}

export function readCollection(node: INode, data: unknown, itemIndex?: number): { items: IDataObject[]; total?: number } {
	if (Array.isArray(data) && data.length === 0) return { items: [], total: 0 };
	const page = parseResponse(node, XIAOE, collectionPage, data, itemIndex);
	return { items: page.collection_list as IDataObject[], total: page.total };
}

export function readObject(node: INode, data: unknown, itemIndex?: number): IDataObject {
	return parseResponse(node, XIAOE, record, data, itemIndex) as IDataObject;
}
