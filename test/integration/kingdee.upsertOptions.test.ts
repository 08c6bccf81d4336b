/**
 * Kingdee Upsert options the ERP templates rely on, against the emulator: "Put Result in Field" (the input item
 * kept), the record's number when matching on another field (an extension field with the CRM order number), and
 * "Submit and Audit" (every record ends audited; an audited record that changes is unaudited, updated and audited
 * again; a record Kingdee refuses to submit fails alone, and a re-run completes it).
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { KingdeeK3Cloud } from '../../nodes/KingdeeK3Cloud/KingdeeK3Cloud.node';
import { sessionCache } from '../../nodes/core/sessionCache';
import { executeContext } from '../support/context';
import { kingdeeCreds, setStatus } from '../emulators/kingdee/testing';
import { startKingdeeEmulator, type KingdeeEmulator } from '../emulators/kingdee';

let emu: KingdeeEmulator;
const node = new KingdeeK3Cloud();

beforeAll(async () => {
	emu = await startKingdeeEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.state.reset({});
	sessionCache.clear();
});

async function upsert(formId: string, items: IDataObject[], model: (i: number) => IDataObject, extra: IDataObject = {}): Promise<IDataObject[]> {
	const ctx = executeContext({
		parameters: (i) => ({
			resource: 'form',
			operation: 'upsert',
			formId,
			model: model(i),
			matchField: '',
			idField: '',
			batchSize: 100,
			options: {},
			...extra,
		}),
		items,
		continueOnFail: true,
		credentials: { kingdeeK3CloudApi: kingdeeCreds(emu.url) },
	});
	const [out] = (await node.execute.call(ctx)) as INodeExecutionData[][];
	return out.map((o) => o.json);
}

const crm = [
	{ account_no: 'A1', name: '甲', tel: '1' },
	{ account_no: 'A2', name: '乙', tel: '2' },
	{ account_no: 'A3', name: '丙', tel: '3' },
];
const customer = (i: number) => ({ FNumber: crm[i].account_no, FName: crm[i].name, FTEL: crm[i].tel, 'FCreateOrgId.FNumber': '100' });
const calls = () => emu.stats().calls;

describe('Upsert options', () => {
	it('Put Result in Field keeps the input item and adds the result under the field', async () => {
		const out = await upsert('BD_Customer', crm, customer, { options: { putResultInField: 'kingdee' } });
		expect(out[1]).toEqual({
			...crm[1],
			kingdee: { action: 'created', formId: 'BD_Customer', id: String(emu.state.byNumber('BD_Customer', 'A2')!.id), number: 'A2', changed: [] },
		});
	});

	it('matching on another field outputs the number Kingdee gave the record (created, unchanged and recovered alike)', async () => {
		const order = (i: number) => ({
			F_CRM_OrderNo: `SO-${i}`,
			FDate: '2026-11-20',
			'FCustId.FNumber': 'C0001',
			'FSaleOrgId.FNumber': '100',
			FSaleOrderEntry: [{ 'FMaterialId.FNumber': 'M001', FQty: i + 1 }],
		});
		emu.state.reset({ customers: 1, faults: { dropAfterWriteEveryNCalls: 1 } }); // the create's answer is lost
		const items = [{}, {}, {}];
		const first = await upsert('SAL_SaleOrder', items, order, { matchField: 'F_CRM_OrderNo', idField: 'FID' });
		const bills = emu.state.list('SAL_SaleOrder');
		expect(bills).toHaveLength(3);
		expect(first.map((o) => [o.action, o.number])).toEqual(bills.map((b) => ['created', b.number]));
		expect(bills.map((b) => b.number)).toEqual(['XSDD000001', 'XSDD000002', 'XSDD000003']);
		emu.state.setFaults({ dropAfterWriteEveryNCalls: 0 });
		const second = await upsert('SAL_SaleOrder', items, order, { matchField: 'F_CRM_OrderNo', idField: 'FID' });
		expect(second.map((o) => [o.action, o.number])).toEqual(bills.map((b) => ['unchanged', b.number]));
	});

	it('Submit and Audit: created records end audited; unchanged audited ones cost no write', async () => {
		const first = await upsert('BD_Customer', crm, customer, { options: { submitAndAudit: true } });
		expect(first.map((o) => [o.action, o.documentStatus])).toEqual([
			['created', 'C'],
			['created', 'C'],
			['created', 'C'],
		]);
		expect(emu.state.list('BD_Customer').map((c) => c.status)).toEqual(['C', 'C', 'C']);
		expect(calls()).toMatchObject({ BatchSave: 1, Submit: 1, Audit: 1 });
		emu.state.resetStats();
		const again = await upsert('BD_Customer', crm, customer, { options: { submitAndAudit: true } });
		expect(again.map((o) => [o.action, o.documentStatus])).toEqual([
			['unchanged', 'C'],
			['unchanged', 'C'],
			['unchanged', 'C'],
		]);
		expect(calls()).toEqual({ ExecuteBillQuery: 2 }); // the look-up and the status read
	});

	it('Submit and Audit: an audited record that changes is unaudited, updated and audited again', async () => {
		await upsert('BD_Customer', crm, customer, { options: { submitAndAudit: true } });
		emu.state.resetStats();
		const changed = (i: number) => ({ ...customer(i), FName: i === 1 ? '乙（新）' : crm[i].name });
		const out = await upsert('BD_Customer', crm, changed, { options: { submitAndAudit: true } });
		expect(out.map((o) => [o.action, o.changed, o.documentStatus])).toEqual([
			['unchanged', [], 'C'],
			['updated', ['FName'], 'C'],
			['unchanged', [], 'C'],
		]);
		expect(emu.state.byNumber('BD_Customer', 'A2')).toMatchObject({ status: 'C', values: { FName: '乙（新）' } });
		expect(calls()).toMatchObject({ UnAudit: 1, BatchSave: 1, Submit: 1, Audit: 1 });
	});

	it('without Submit and Audit, changing an audited record fails with Kingdee’s refusal, for that item only', async () => {
		await upsert('BD_Customer', crm, customer, { options: { submitAndAudit: true } });
		const changed = (i: number) => ({ ...customer(i), FTEL: i === 0 ? '9' : crm[i].tel });
		const out = await upsert('BD_Customer', crm, changed);
		expect(out.map((o) => o.action ?? o.error)).toEqual([expect.stringMatching(/已审核.*不允许修改/), 'unchanged', 'unchanged']);
	});

	it('a record in approval (审核中) cannot be changed: that item fails; a submitted one is audited; a re-run completes', async () => {
		await upsert('BD_Customer', crm, customer);
		setStatus(emu.state, 'BD_Customer', 'A1', ['submit']); // in approval: Kingdee refuses to save it
		const changed = (i: number) => ({ ...customer(i), FTEL: `${crm[i].tel}0` });
		const out = await upsert('BD_Customer', crm, changed, { options: { submitAndAudit: true } });
		expect(out.map((o) => o.documentStatus ?? o.error)).toEqual([expect.stringMatching(/审核中.*不允许修改/), 'C', 'C']);
		setStatus(emu.state, 'BD_Customer', 'A1', ['audit']);
		const rerun = await upsert('BD_Customer', crm, changed, { options: { submitAndAudit: true } });
		expect(rerun.map((o) => [o.action, o.documentStatus])).toEqual([
			['updated', 'C'],
			['unchanged', 'C'],
			['unchanged', 'C'],
		]);
		expect(emu.state.byNumber('BD_Customer', 'A1')!.values.FTEL).toBe('10');
	});
});
