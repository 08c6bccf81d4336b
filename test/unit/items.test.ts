import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { toOutput } from '../../nodes/core/items';
import type { ItemResult } from '../../nodes/core/items';

const node = { name: 'Upsert', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;
const ctx = (continueOnFail: boolean) =>
	({ continueOnFail: () => continueOnFail, getNode: () => node }) as unknown as IExecuteFunctions;

describe('toOutput: failed items under "Continue On Fail"', () => {
	const apiFailure = new NodeApiError(node, { message: 'bad' }, { message: 'price: not a number (access_token=abc123secret)' });
	(apiFailure as unknown as { apiCode: string }).apiCode = '40001';

	// Only `error` and `details` in json, and no item-level `error`: n8n replaces the json of an item that has one by
	// `{error: message}`, which would drop the API's code (docs/scale-out.md: what this means on n8n 1.x).
	it('is json {error, details} with the API code, without secrets', () => {
		const out = toOutput(ctx(true), new Map<number, ItemResult>([[0, [{ id: 'a' }]], [1, apiFailure]]));
		expect(out[0]).toEqual({ json: { id: 'a' }, pairedItem: { item: 0 } });
		expect(Object.keys(out[1].json).sort()).toEqual(['details', 'error']);
		expect(out[1].json.details).toEqual(expect.objectContaining({ code: '40001' }));
		expect(out[1].error).toBeUndefined();
		expect(out[1].json.error).toContain('price: not a number');
		expect(JSON.stringify(out[1])).not.toContain('abc123secret');
		expect(out[1].pairedItem).toEqual({ item: 1 });
	});

	it('without "Continue On Fail" throws the first failure with its item index', () => {
		expect(() => toOutput(ctx(false), new Map<number, ItemResult>([[3, new Error('boom')]]))).toThrow('boom');
	});
});
