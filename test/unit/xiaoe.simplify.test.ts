/**
 * Output: Simplified (nodes/Xiaoe/simplify.ts) on the documented Order List 2.0 example (test/fixtures/xiaoe): the
 * flat fields the order template maps, computed as the template's expressions computed them before.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { loadFixtures } from '../fixtures/xiaoe/contract';
import { simplifyOrder } from '../../nodes/Xiaoe/simplify';
import { normalizeBeijingTimes } from '../../nodes/core/time';

const documented = (): IDataObject =>
	structuredClone((loadFixtures().get('xe.ecommerce.order.list/1.0.0')!.response.example!.body as { data: { list: IDataObject[] } }).data.list[0]);

const node = { name: 'Xiaoe', type: 'n8n-nodes-china-saas.xiaoe', typeVersion: 1, position: [0, 0], parameters: {} } as unknown as INode;

describe('Xiaoe Output: Simplified', () => {
	it('flattens the documented order: ids, state name, goods, amount in yuan, times as the node outputs them', () => {
		const order = normalizeBeijingTimes(documented());
		const info = order.order_info as IDataObject;
		const simple = simplifyOrder(order, node);
		expect(Object.keys(simple)).toEqual([
			'order_id', 'user_id', 'order_state', 'order_state_name', 'goods_name', 'amount', 'created_time', 'pay_state_time', 'update_time',
		]);
		expect(simple).toMatchObject({
			order_id: info.order_id,
			user_id: info.user_id,
			order_state: info.order_state,
			created_time: info.created_time,
			pay_state_time: info.pay_state_time,
			update_time: info.update_time,
		});
		expect(simple.amount).toBe((order.price_info as IDataObject).actual_price as number / 100);
		expect(['待付款', '待成交', '待发货', '已发货', '已完成', '已关闭'][info.order_state as number]).toBe(simple.order_state_name);
	});

	it('fen to yuan exactly as written (integer fen, also as text); no price is null; anything else an error, not a guess', () => {
		const withPrice = (actual_price: unknown) => simplifyOrder({ order_info: { order_id: 'o_1' }, price_info: { actual_price } }, node).amount;
		expect([1999, 1, 29, 0, -500, '1999'].map(withPrice)).toEqual([19.99, 0.01, 0.29, 0, -5, 19.99]);
		expect([null, undefined, ''].map(withPrice)).toEqual([null, null, null]);
		for (const bad of [19.99, '19.99', 'abc', 2 ** 60, true]) {
			expect(() => withPrice(bad)).toThrow(/Xiaoe returned an unexpected response: order o_1 has price_info\.actual_price .*not whole fen.*Output: Raw Order/);
		}
	});

	it('goods names: the order\'s own, else every good of the list; unknown states have no name', () => {
		expect(simplifyOrder({ order_info: { goods_name: '课程 A' }, good_list: [{ goods_name: 'x' }] }, node).goods_name).toBe('课程 A');
		expect(simplifyOrder({ order_info: {}, good_list: [{ goods_name: 'A' }, { goods_name: '' }, { goods_name: 'B' }] }, node).goods_name).toBe('A, B');
		expect(simplifyOrder({ order_info: { order_state: 9 } }, node).order_state_name).toBeNull();
		expect(simplifyOrder({ order_info: { order_state: 0 } }, node).order_state_name).toBe('待付款');
	});
});
