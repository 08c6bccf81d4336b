/**
 * The Kingdee K3Cloud Trigger polled in-process against the emulator: each change emitted once (ties on one
 * modify date across page boundaries, entry rows across pages, saves written late inside the overlap), "now" in
 * Kingdee's own clock, a start date, the manual sample, at-least-once delivery, and a misconfigured trigger that
 * fails before its cursor exists.
 */
import type { IDataObject } from 'n8n-workflow';
import { KingdeeK3CloudTrigger } from '../../nodes/KingdeeK3Cloud/KingdeeK3CloudTrigger.node';
import { cursorTime } from '../../nodes/KingdeeK3Cloud/changes';
import type { CursorState } from '../../nodes/core/pollCursor';
import { sessionCache } from '../../nodes/core/sessionCache';
import { pollContext, type Emission } from '../support/context';
import { kingdeeCreds, pushToDeliveryNotice, seedRecords, setStatus } from '../emulators/kingdee/testing';
import { startKingdeeEmulator, type KingdeeEmulator, type StoredRecord } from '../emulators/kingdee';
import { beijing } from '../emulators/kingdee/state';
import datetimes from '../fixtures/kingdee/datetimes.json';

let emu: KingdeeEmulator;
const trigger = new KingdeeK3CloudTrigger();

beforeAll(async () => {
	emu = await startKingdeeEmulator();
});
afterAll(async () => emu.close());
beforeEach(() => {
	emu.state.reset({ customers: 3 });
	sessionCache.clear();
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

function poller(staticData: IDataObject, parameters: IDataObject = {}, mode: 'trigger' | 'manual' = 'trigger') {
	const emissions: Emission[] = [];
	const ctx = pollContext({
		parameters: {
			formId: { mode: 'id', value: 'SAL_DELIVERYNOTICE' },
			fieldKeys: 'FBillNo,FDocumentStatus,FCustomerID.FNumber',
			entryKey: 'FEntity',
			entryFieldKeys: 'FMaterialID.FNumber,FQty,FSrcBillNo',
			filterString: '',
			startFrom: 'now',
			options: { overlapSeconds: 60, redeliveryPauseSeconds: 0 },
			...parameters,
		},
		credentials: { kingdeeK3CloudApi: kingdeeCreds(emu.url) },
		staticData,
		mode,
		emissions,
	});
	return {
		emissions,
		ctx,
		poll: async () => {
			const before = emissions.length;
			const returned = await trigger.poll.call(ctx);
			if (mode === 'trigger') expect(returned).toBeNull(); // items go out through __emit with a done promise
			return { returned, emitted: emissions.slice(before) };
		},
	};
}

/** Audited sales orders to push from: one per line count given. */
function orders(lineCounts: number[]): StoredRecord[] {
	return seedRecords(
		emu.state,
		'SAL_SaleOrder',
		lineCounts.map((lines) => ({
			FDate: '2026-11-20',
			FCustId: { FNumber: 'C0001' },
			FSaleOrgId: { FNumber: '100' },
			FSaleOrderEntry: Array.from({ length: lines }, (_, j) => ({ FMaterialId: { FNumber: `M00${j + 1}` }, FQty: j + 1 })),
		})),
		'C',
	);
}

const billNos = (e: Emission) => e.items.map((i) => String(i.json.FBillNo)).sort();

describe('Kingdee Trigger', () => {
	it('answers datetimes as captured answers show them (no offset, 1/300 s, trailing zeros trimmed)', () => {
		const shape = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,2}[037]|\.\d{1,2})?$/;
		for (const { answered } of datetimes.cases.filter((c) => c.answered.includes('T'))) expect(answered).toMatch(shape);
		for (let ms = 0; ms < 1000; ms += 7) expect(beijing(Date.UTC(2026, 10, 20, 4, 0, 0, ms))).toMatch(shape);
		expect(beijing(Date.UTC(2026, 10, 20, 4, 0, 0, 720))).toBe('2026-11-20T12:00:00.72');
		expect(beijing(Date.UTC(2026, 10, 20, 4, 0, 0, 999))).toBe('2026-11-20T12:00:01');
	});

	it('starts from the newest record in Kingdee’s clock, then emits each change once, with its entry rows, across pages and ties', async () => {
		const [old] = orders([1]);
		pushToDeliveryNotice(emu.state, old.number);
		const staticData: IDataObject = {};
		const t = poller(staticData, { options: { overlapSeconds: 60, redeliveryPauseSeconds: 0, pageSize: 7 } });
		expect((await t.poll()).emitted).toHaveLength(0); // activation: nothing old replayed
		expect((staticData.cursor as CursorState).time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{7}$/);

		// 12 notices with 1-3 lines, all saved in the same 1/300 s: one modify date, pages of 7 rows.
		const source = orders([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
		const notices = source.map((o) => pushToDeliveryNotice(emu.state, o.number));
		const tie = beijing(emu.state.now() + 5_000);
		notices.forEach((n) => (n.modifyDate = tie));
		const { emitted } = await t.poll();
		expect(emitted).toHaveLength(1);
		expect(billNos(emitted[0])).toEqual(notices.map((n) => n.number).sort());
		const third = emitted[0].items.find((i) => i.json.FBillNo === notices[2].number)!.json;
		expect(third).toEqual({
			FID: notices[2].id,
			FModifyDate: tie,
			FBillNo: notices[2].number,
			FDocumentStatus: 'A',
			'FCustomerID.FNumber': 'C0001',
			FEntity: notices[2].entries.FEntity.map((line, j) => ({ FEntryID: line.entryId, 'FMaterialID.FNumber': `M00${j + 1}`, FQty: j + 1, FSrcBillNo: source[2].number })),
		});
		emitted[0].finish('success');
		await flush();

		// Audited later; and one saved late (its modify date inside the overlap, before the cursor).
		setStatus(emu.state, 'SAL_DELIVERYNOTICE', notices[0].number, ['submit', 'audit']);
		notices[0].modifyDate = beijing(emu.state.now() + 6_000);
		const late = pushToDeliveryNotice(emu.state, source[1].number);
		late.modifyDate = beijing(emu.state.now() + 2_000);
		const second = (await t.poll()).emitted;
		expect(billNos(second[0])).toEqual([notices[0].number, late.number].sort());
		expect(second[0].items.find((i) => i.json.FBillNo === notices[0].number)!.json.FDocumentStatus).toBe('C');
		second[0].finish('success');
		await flush();
		expect((await t.poll()).emitted).toHaveLength(0);
	});

	it('a failed run is delivered again on a later poll; a successful one is not', async () => {
		const staticData: IDataObject = {};
		const t = poller(staticData);
		await t.poll();
		const notices = orders([1, 1, 1]).map((o) => pushToDeliveryNotice(emu.state, o.number));
		const [run1] = (await t.poll()).emitted;
		expect(billNos(run1)).toEqual(notices.map((n) => n.number).sort());
		run1.finish('error'); // the workflow failed after the trigger emitted
		await flush();
		const [more] = orders([2]).map((o) => pushToDeliveryNotice(emu.state, o.number));
		const [run2] = (await t.poll()).emitted;
		expect(billNos(run2)).toEqual([...notices, more].map((n) => n.number).sort());
		run2.finish('success');
		await flush();
		expect((await t.poll()).emitted).toHaveLength(0);
		expect((staticData.cursor as CursorState).redeliver).toBeUndefined();
	});

	it('filter and start date apply; the manual sample shows the newest without touching the cursor', async () => {
		const notices = orders([1, 2, 1, 1, 2, 1, 1]).map((o) => pushToDeliveryNotice(emu.state, o.number));
		notices.slice(0, 3).forEach((n) => setStatus(emu.state, 'SAL_DELIVERYNOTICE', n.number, ['submit', 'audit']));
		const staticData: IDataObject = {};
		const t = poller(staticData, { filterString: "FDocumentStatus = 'C'", startFrom: 'date', startDate: new Date(Date.now() - 3_600_000).toISOString() });
		const [run] = (await t.poll()).emitted;
		expect(billNos(run)).toEqual(notices.slice(0, 3).map((n) => n.number).sort());
		run.finish('success');
		await flush();

		const cursor = JSON.stringify(staticData.cursor);
		const manual = poller(staticData, {}, 'manual');
		const { returned } = await manual.poll();
		const sample = (returned as Array<Array<{ json: IDataObject }>>)[0].map((i) => i.json);
		const newest = [...notices]
			.map((n) => ({ n, key: `${cursorTime(n.modifyDate, 'Asia/Shanghai')}|${String(n.id).padStart(12, '0')}` }))
			.sort((a, b) => (a.key < b.key ? 1 : -1))
			.slice(0, 5)
			.map((x) => x.n);
		expect(sample.map((s) => s.FBillNo)).toEqual(newest.map((n) => n.number));
		expect(sample.map((s) => (s.FEntity as unknown[]).length)).toEqual(newest.map((n) => n.entries.FEntity.length));
		expect(JSON.stringify(staticData.cursor)).toBe(cursor);
		expect(manual.emissions).toHaveLength(0);
	});

	it('a misconfigured trigger fails at its first poll, before its cursor exists', async () => {
		const staticData: IDataObject = {};
		await expect(poller(staticData, { fieldKeys: 'FBillNo, not a key' }).poll()).rejects.toThrow(/Fields: "not a key" is not a field key/);
		await expect(poller(staticData, { formId: { mode: 'id', value: '' } }).poll()).rejects.toThrow(/Form: choose a form/);
		await expect(poller(staticData, { entryKey: '', entryFieldKeys: 'FQty' }).poll()).rejects.toThrow(/Entry: give the entry key/);
		await expect(poller(staticData, { options: { timeField: 'FNoSuchDate' } }).poll()).rejects.toThrow(/FNoSuchDate/);
		expect(staticData.cursor).toBeUndefined();
	});
});
