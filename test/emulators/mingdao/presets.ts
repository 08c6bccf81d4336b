/** The demo app: the worksheets a Xiaoe → Mingdao sync writes into (two in a child section). Rows start empty. */
import type { MingdaoWorksheetDef } from './state';

export const DEMO_APP_NAME = 'Xiaoe Demo';

const opts = (...labels: string[]) => labels.map((value) => ({ value }));

export const DEMO_WORKSHEETS: MingdaoWorksheetDef[] = [
	{
		alias: 'xiaoe_users',
		name: 'Users 用户',
		fields: [
			{ alias: 'xiaoe_user_id', name: '用户ID', type: 'Text', unique: true, isTitle: true },
			{ alias: 'nickname', name: '昵称', type: 'Text' },
			{ alias: 'name', name: '姓名', type: 'Text' },
			{ alias: 'phone', name: '手机号', type: 'PhoneNumber' },
			{ alias: 'company', name: '公司', type: 'Text' },
			{ alias: 'job', name: '职位', type: 'Text' },
			{ alias: 'pay_sum', name: '累计消费', type: 'Currency' },
			{ alias: 'user_created_at', name: '注册时间', type: 'DateTime' },
			{ alias: 'source', name: '来源', type: 'SingleSelect', options: opts('微信', '手机号', 'H5', '其他') },
		],
	},
	{
		alias: 'xiaoe_orders',
		name: 'Orders 订单',
		fields: [
			{ alias: 'order_id', name: '订单号', type: 'Text', unique: true, isTitle: true },
			{ alias: 'title', name: '标题', type: 'Text' },
			{ alias: 'amount', name: '金额', type: 'Currency' },
			{
				alias: 'order_state',
				name: '订单状态',
				type: 'SingleSelect',
				options: opts('待付款', '待成交', '待发货', '已发货', '已完成', '已关闭'),
			},
			{ alias: 'created_at', name: '下单时间', type: 'DateTime' },
			{ alias: 'paid_at', name: '支付时间', type: 'DateTime' },
			{ alias: 'updated_at', name: '更新时间', type: 'DateTime' },
			{ alias: 'xiaoe_user_id', name: '用户ID', type: 'Text' },
			{ alias: 'buyer', name: '买家', type: 'Relation', dataSource: 'xiaoe_users' },
		],
	},
	{
		alias: 'xiaoe_goods',
		name: 'Goods 商品',
		childSection: 'Catalog 商品课程',
		fields: [
			{ alias: 'goods_id', name: '商品ID', type: 'Text', unique: true, isTitle: true },
			{ alias: 'title', name: '名称', type: 'Text' },
			{ alias: 'goods_type', name: '商品类型', type: 'Text' },
			{ alias: 'price', name: '价格', type: 'Currency' },
			{ alias: 'state', name: '状态', type: 'SingleSelect', options: opts('上架', '下架', '删除') },
		],
	},
	{
		alias: 'xiaoe_courses',
		name: 'Courses 课程',
		childSection: 'Catalog 商品课程',
		fields: [
			{ alias: 'resource_id', name: '资源ID', type: 'Text', unique: true, isTitle: true },
			{ alias: 'title', name: '名称', type: 'Text' },
			{ alias: 'resource_type', name: '资源类型', type: 'Text' },
			{ alias: 'price', name: '价格', type: 'Currency' },
			{ alias: 'created_at', name: '创建时间', type: 'DateTime' },
		],
	},
];

/** Members the emulator knows, for Collaborator fields. */
export const MEMBERS = [
	{ accountId: 'acc_1', name: '张三' },
	{ accountId: 'acc_2', name: '李四' },
	{ accountId: 'acc_3', name: '王五' },
	{ accountId: 'acc_4', name: '赵六' },
	{ accountId: 'acc_5', name: '钱七' },
];

/** The worksheet the WeChat member-card template writes into (its Upsert Member node's fields). */
export const WECHAT_MEMBERS_SHEET: MingdaoWorksheetDef = {
	alias: 'wechat_members',
	name: 'Members 会员',
	fields: [
		{ alias: 'card_code', name: '卡号', type: 'Text', unique: true, isTitle: true },
		{ alias: 'card_id', name: '卡券ID', type: 'Text' },
		{ alias: 'openid', name: 'OpenID', type: 'Text' },
		{ alias: 'membership_number', name: '会员号', type: 'Text' },
		{ alias: 'name', name: '姓名', type: 'Text' },
		{ alias: 'mobile', name: '手机号', type: 'Text' },
		{ alias: 'birthday', name: '生日', type: 'Text' },
		{ alias: 'bonus', name: '积分', type: 'Number' },
		{ alias: 'card_status', name: '卡状态', type: 'Text' },
	],
};
