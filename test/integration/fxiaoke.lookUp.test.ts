/**
 * Fxiaoke operations the ERP templates rely on, against the emulator: Look Up (the customer of each order, the
 * lines of each order, one query per 99 distinct values for all items, items kept with the records under a
 * field) and Upsert's "Put Result in Field".
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { Fxiaoke } from '../../nodes/Fxiaoke/Fxiaoke.node';
import { sessionCache } from '../../nodes/core/sessionCache';
import { executeContext } from '../support/context';
import { fxiaokeCreds } from '../emulators/fxiaoke/testing';
import { startFxiaokeEmulator, type FxiaokeEmulator } from '../emulators/fxiaoke';

let emu: FxiaokeEmulator;
const node = new Fxiaoke();
const obj = (value: string) => ({ mode: 'id', value });

beforeAll(async () => {
	emu = await startFxiaokeEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.state.reset();
	sessionCache.clear();
});

async function run(parameters: Record<string, unknown> | ((i: number) => Record<string, unknown>), items: IDataObject[], continueOnFail = false): Promise<IDataObject[]> {
	const ctx = executeContext({ parameters, items, continueOnFail, credentials: { fxiaokeApi: fxiaokeCreds(emu) } });
	const [out] = (await node.execute.call(ctx)) as INodeExecutionData[][];
	return out.map((o) => o.json);
}

const queries = () => emu.stats().calls['/cgi/crm/v2/data/query'] ?? 0;

describe('Look Up', () => {
	it('adds each order’s customer (first match) with one query per 99 distinct values', async () => {
		const customers = emu.state.generate('AccountObj', 130);
		const orders = Array.from({ length: 260 }, (_, k) => emu.state.insert('SalesOrderObj', { name: `SO${k}`, account_id: customers[k % 130]._id }));
		const items = orders.map((o) => ({ ...o }) as IDataObject);
		const out = await run((i) => ({
			resource: 'crmObject',
			operation: 'lookUp',
			object: obj('AccountObj'),
			matchField: '_id',
			value: items[i].account_id,
			putInField: 'customer',
			matches: 'first',
			options: { fieldProjection: 'name,account_no' },
		}), items);
		expect(out).toHaveLength(260);
		expect(out[131]).toEqual({
			...items[131],
			customer: { _id: customers[1]._id, create_time: customers[1].create_time, name: customers[1].name, account_no: customers[1].account_no },
		});
		expect(queries()).toBe(2);
	});

	it('adds all lines of each order as a list, with the quote field of the product code; no match gives an empty list', async () => {
		const product = emu.state.insert('ProductObj', { name: 'P', product_code: 'M001' });
		const [a, b] = ['SO1', 'SO2'].map((name) => emu.state.insert('SalesOrderObj', { name, account_id: 'x' }));
		const lines = [3, 1, 2].map((q, k) => emu.state.insert('SalesOrderProductObj', { order_id: a._id, product_id: product._id, quantity: q }, { at: Date.now() + k }));
		const out = await run((i) => ({
			resource: 'crmObject',
			operation: 'lookUp',
			object: obj('SalesOrderProductObj'),
			matchField: 'order_id',
			value: [a, b][i]._id,
			putInField: 'lines',
			matches: 'all',
			options: {},
		}), [{ n: 1 }, { n: 2 }]);
		expect((out[0].lines as IDataObject[]).map((l) => [l._id, l.product_code, l.quantity])).toEqual(lines.map((l) => [l._id, 'M001', l.quantity]));
		expect(out[1]).toEqual({ n: 2, lines: [] });
	});

	it('an unknown match field or a missing match fails that item (with Fail Items Without a Match)', async () => {
		const [c] = emu.state.generate('AccountObj', 1);
		const params = (value: unknown, matchField = '_id') => ({
			resource: 'crmObject',
			operation: 'lookUp',
			object: obj('AccountObj'),
			matchField,
			value,
			putInField: 'customer',
			matches: 'first',
			options: { requireMatch: true },
		});
		const values = [c._id, 'nope', ''];
		const out = await run((i) => params(values[i]), [{}, {}, {}], true);
		expect(out.map((o) => (o.customer as IDataObject | undefined)?._id ?? o.error)).toEqual([
			c._id,
			expect.stringMatching(/Value "nope": no AccountObj record has _id = this value/),
			expect.stringMatching(/no AccountObj record/),
		]);
		await expect(run(params(c._id, 'no_such_field'), [{}])).rejects.toThrow(/Match Field: "no_such_field" is not a field of 客户/);
	});
});

describe('Upsert › Put Result in Field', () => {
	it('keeps the input item and adds the result under the field', async () => {
		const items = [{ FBillNo: 'FH1', order: { _id: 'o1' } }];
		const out = await run(
			{
				resource: 'crmObject',
				operation: 'upsert',
				object: obj('DeliveryNoteObj'),
				fields: { mappingMode: 'defineBelow', matchingColumns: ['field_kingdee_no__c'], value: { field_kingdee_no__c: 'FH1', field_kingdee_status__c: 'A' } },
				options: { putResultInField: 'crm' },
			},
			items,
		);
		const [record] = emu.state.list('DeliveryNoteObj');
		expect(out).toEqual([{ ...items[0], crm: { action: 'created', _id: record._id, match: { field: 'field_kingdee_no__c', value: 'FH1' }, changed: [] } }]);
	});
});
