/**
 * Xiaoe-tech (小鹅通) against its public record (test/fixtures/xiaoe/, each fact with its source): the fixtures
 * themselves. The checks that run the nodes — (a) each documented answer read by the real node code, (b) every
 * emulator answer and (c) every client request of a representative run held to the fixtures — run on n8n's own
 * engine: test/integration/engine/xiaoe.contract.engine.test.ts.
 */
import { checkRequest, checkResponse, loadFixtures } from '../fixtures/xiaoe/contract';
import type { Fixture } from '../fixtures/xiaoe/contract';

const fixtures = loadFixtures();
const fx = (api: string): Fixture => {
	const f = fixtures.get(api);
	if (!f) throw new Error(`no fixture for ${api}`);
	return f;
};
/** A fresh copy of a documented answer, loosely typed so that tests can alter it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const example = (api: string): any => structuredClone(fx(api).response.example!.body);

describe('fixtures', () => {
	it('name their sources and hold consistent specs', () => {
		for (const f of fixtures.values()) {
			expect(f.sources.length).toBeGreaterThan(0);
			// every spec must compile, and every documented request example must pass its own checks
			expect(() => checkResponse(f, { code: 0, msg: '', data: f.response.example?.body.data ?? {} })).not.toThrow();
		}
		expect([...fixtures.keys()].sort()).toEqual(
			[
				'token',
				'xe.ecommerce.order.list/1.0.0',
				'xe.goods.detail.get/3.0.0',
				'xe.information.form.result.get/1.0.0',
				'xe.order.detail/1.0.0',
				'xe.order.list.get/1.0.1',
				'xe.resource.purchase.get/1.0.0',
				'xe.user.batch.get/2.0.0',
				'xe.user.batch_by_user_id.get/1.0.0',
				'xe.user.info.get/1.0.0',
			].sort(),
		);
	});

	it('checks catch what the old emulator and client got wrong', () => {
		const item = example('xe.ecommerce.order.list/1.0.0');
		const info = item.data.list[0].order_info;
		info.pay_time = info.pay_state_time;
		delete info.pay_state_time;
		expect(checkResponse(fx('xe.ecommerce.order.list/1.0.0'), item)).toEqual([
			expect.stringMatching(/list\.0\.order_info\.pay_state_time: Required/),
		]);
		const form = example('xe.information.form.result.get/1.0.0');
		form.data.collection_list[0].extra = { name: '张三' };
		expect(checkResponse(fx('xe.information.form.result.get/1.0.0'), form)[0]).toMatch(/extra: Expected string, received object/);
		const token = { app_id: 'app1', client_id: '', secret_key: 's', grant_type: 'client_credential' };
		expect(checkRequest(fx('token'), 'GET', token, undefined)).toEqual([expect.stringMatching(/^client_id="": /)]);
		expect(checkRequest(fx('token'), 'POST', token, undefined)).toEqual(['method POST, documented GET']);
		const list = { page: 1, page_size: 100, pay_time_start: '2024-01-01 00:00:00', pay_time_end: '2024-02-01 00:00:01' };
		expect(checkRequest(fx('xe.ecommerce.order.list/1.0.0'), 'POST', {}, list)).toEqual([expect.stringMatching(/spans more than 31 days/)]);
	});
});
