import type { OperationModule } from '../../../core/operation';
import { normalizeBeijingTimes } from '../../../core/time';
import type { XiaoeClient } from '../../client';
import { readObject } from '../../schema';
import { requiredText } from '../params';

const ORDER_DETAIL = 'xe.order.detail/1.0.0';

/** One order's detail (xe.order.detail/1.0.0). */
export const get: OperationModule<XiaoeClient> = {
	name: 'Get',
	action: 'Get an order (订单详情)',
	description: 'Order detail (xe.order.detail/1.0.0)',
	properties: [
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'o_1700000000_abcdef_12345',
		},
		{
			displayName:
				'Amounts in order detail: price is in yuan (元) as a string, e.g. "0.03". Times are returned as ISO 8601 in Beijing time (+08:00).',
			name: 'detailNotice',
			type: 'notice',
			default: '',
		},
	],
	async execute(ctx, client, i) {
		const orderId = requiredText(ctx, 'orderId', 'Order ID', i);
		const data = await client.call(ORDER_DETAIL, { order_id: orderId }, { itemIndex: i });
		return normalizeBeijingTimes(readObject(ctx.getNode(), data, i));
	},
};
