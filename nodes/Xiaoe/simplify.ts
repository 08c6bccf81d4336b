import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { unexpectedResponse } from '../core/errors';
import { ORDER_STATES_V2 } from './orderList';

/**
 * An Order List 2.0 order as a flat record of the fields a sync maps, so the next node maps `{{ $json.amount }}`
 * instead of computing it per item (an expression costs ≈ 0.5 ms per item in n8n 2.x; a field read costs nothing,
 * see core/itemParameters.ts). Times as the node outputs them (ISO 8601, Beijing time); unset times as Xiaoe sends them.
 */
export function simplifyOrder(order: IDataObject, node: INode, itemIndex?: number): IDataObject {
	const info = (order.order_info ?? {}) as IDataObject;
	const price = (order.price_info ?? {}) as IDataObject;
	const goods = Array.isArray(order.good_list) ? (order.good_list as IDataObject[]) : [];
	const state = info.order_state;
	return {
		order_id: info.order_id,
		user_id: info.user_id,
		order_state: state,
		order_state_name: STATE_NAMES.get(Number(state)) ?? null,
		goods_name: info.goods_name || goods.map((g) => g.goods_name).filter(Boolean).join(', '),
		// fen (分) → yuan: an integer divided by 100 is the nearest double to the two-decimal amount
		amount: yuan(price.actual_price, () => {
			throw unexpectedResponse(
				node,
				'Xiaoe',
				`order ${String(info.order_id)} has price_info.actual_price ${JSON.stringify(price.actual_price)}, not whole fen (分) as documented; choose Output: Raw Order to read it as sent`,
				itemIndex,
			);
		}),
		created_time: info.created_time,
		pay_state_time: info.pay_state_time,
		update_time: info.update_time,
	};
}

/** No price → null; a price that is not whole fen is not guessed at (the API documents an integer). */
function yuan(fen: unknown, notFen: () => never): number | null {
	if (fen === undefined || fen === null || fen === '') return null;
	if (typeof fen === 'number' && Number.isSafeInteger(fen)) return fen / 100;
	if (typeof fen === 'string' && /^-?\d{1,15}$/.test(fen)) return Number(fen) / 100;
	return notFen();
}

/** 待付款, 待成交, … from the state names the node shows (the Chinese part). */
const STATE_NAMES = new Map(ORDER_STATES_V2.map((s) => [s.value, /\(([^)]+)\)/.exec(s.name)?.[1] ?? s.name]));

/** Raw by default: existing workflows keep the order as Xiaoe sends it. */
export const simplifyOption: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	options: [
		{ name: 'Raw Order', value: 'raw', description: 'As Xiaoe sends it: order_info, price_info, good_list…, amounts in fen (分)' },
		{
			name: 'Simplified',
			value: 'simple',
			description:
				'Flat: order_id, user_id, order_state, order_state_name (待付款…), goods_name, amount (yuan), created_time, pay_state_time, update_time',
		},
	],
	default: 'raw',
};

export const isSimplified = (output: unknown) => output === 'simple';
