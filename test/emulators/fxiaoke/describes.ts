/**
 * The emulated tenant's CRM objects: preset objects (客户 AccountObj, 销售订单 SalesOrderObj with its lines
 * 订单产品 SalesOrderProductObj, 产品 ProductObj, ContactObj, 发货单 DeliveryNoteObj) and one custom object (`…__c`).
 * Preset objects carry a few custom `field_…__c` fields an ERP integration adds. Field types are the PaaS type names used in object
 * descriptions (text, number, currency, date_time, select_one, employee, object_reference, true_or_false…).
 * The description's exact shape is not in the primary reference: this is the shape the production clients read
 * (`data.describe.fields` keyed by api_name, each with api_name, label, type, is_required, options).
 */
export interface FieldDescribe {
	api_name: string;
	label: string;
	type: string;
	is_required?: boolean;
	is_unique?: boolean;
	is_readonly?: boolean;
	options?: Array<{ label: string; value: string }>;
	target_api_name?: string;
	/** A quote field (引用字段): shows `<reference field>.<field of the referenced record>`, read-only. */
	quote_field?: string;
}

export interface ObjectDescribe {
	api_name: string;
	display_name: string;
	define_type: 'package' | 'custom';
	fields: Record<string, FieldDescribe>;
}

const system: FieldDescribe[] = [
	{ api_name: '_id', label: 'ID', type: 'text', is_readonly: true },
	{ api_name: 'create_time', label: '创建时间', type: 'date_time', is_readonly: true },
	{ api_name: 'last_modified_time', label: '最后修改时间', type: 'date_time', is_readonly: true },
	{ api_name: 'created_by', label: '创建人', type: 'employee', is_readonly: true },
	{ api_name: 'owner', label: '负责人', type: 'employee' },
	{
		api_name: 'life_status',
		label: '生命状态',
		type: 'select_one',
		is_readonly: true,
		options: [
			{ label: '正常', value: 'normal' },
			{ label: '作废', value: 'invalid' },
			{ label: '未生效', value: 'ineffective' },
			{ label: '审核中', value: 'under_review' },
		],
	},
	{ api_name: 'version', label: '版本', type: 'number', is_readonly: true },
];

function object(apiName: string, label: string, fields: FieldDescribe[]): ObjectDescribe {
	const all = [...system, ...fields];
	return {
		api_name: apiName,
		display_name: label,
		define_type: apiName.endsWith('__c') ? 'custom' : 'package',
		fields: Object.fromEntries(all.map((f) => [f.api_name, f])),
	};
}

export function defaultDescribes(): ObjectDescribe[] {
	return [
		object('AccountObj', '客户', [
			{ api_name: 'name', label: '客户名称', type: 'text', is_required: true },
			{ api_name: 'account_no', label: '客户编号', type: 'text', is_unique: true },
			{ api_name: 'tel', label: '电话', type: 'phone_number' },
			{ api_name: 'email', label: '邮件', type: 'email' },
			{
				api_name: 'account_level',
				label: '客户级别',
				type: 'select_one',
				options: [
					{ label: '重要客户', value: '1' },
					{ label: '普通客户', value: '2' },
					{ label: '一般客户', value: '3' },
				],
			},
			{ api_name: 'credit_limit', label: '信用额度', type: 'currency' },
			{ api_name: 'remark', label: '备注', type: 'long_text' },
			{ api_name: 'is_key_account', label: '重点客户', type: 'true_or_false' },
			{ api_name: 'tags', label: '标签', type: 'select_many', options: [{ label: 'A', value: 'a' }, { label: 'B', value: 'b' }, { label: 'C', value: 'c' }] },
			{ api_name: 'last_follow_time', label: '最后跟进时间', type: 'date_time' },
			// A custom field an ERP integration adds: the customer's number in Kingdee (written back by the template).
			{ api_name: 'field_kingdee_no__c', label: '金蝶客户编码', type: 'text' },
		]),
		object('ContactObj', '联系人', [
			{ api_name: 'name', label: '姓名', type: 'text', is_required: true },
			{ api_name: 'mobile', label: '手机', type: 'phone_number' },
			{ api_name: 'account_id', label: '客户名称', type: 'object_reference', target_api_name: 'AccountObj' },
		]),
		object('SalesOrderObj', '销售订单', [
			{ api_name: 'name', label: '销售订单编号', type: 'auto_number', is_readonly: true },
			{ api_name: 'account_id', label: '客户名称', type: 'object_reference', target_api_name: 'AccountObj', is_required: true },
			{ api_name: 'order_amount', label: '销售订单金额', type: 'currency' },
			{ api_name: 'order_time', label: '下单日期', type: 'date' },
			{ api_name: 'erp_no', label: 'ERP单号', type: 'text', is_unique: true },
			{
				api_name: 'logistics_status',
				label: '发货状态',
				type: 'select_one',
				options: [
					{ label: '待发货', value: '1' },
					{ label: '部分发货', value: '2' },
					{ label: '已发货', value: '3' },
				],
			},
		]),
		object('ProductObj', '产品', [
			{ api_name: 'name', label: '产品名称', type: 'text', is_required: true },
			{ api_name: 'product_code', label: '产品编码', type: 'text', is_unique: true },
		]),
		object('SalesOrderProductObj', '订单产品', [
			{ api_name: 'name', label: '订单产品编号', type: 'auto_number', is_readonly: true },
			{ api_name: 'order_id', label: '销售订单', type: 'object_reference', target_api_name: 'SalesOrderObj', is_required: true },
			{ api_name: 'product_id', label: '产品名称', type: 'object_reference', target_api_name: 'ProductObj', is_required: true },
			// A quote field (引用字段) an admin adds to show the product's code on each line.
			{ api_name: 'product_code', label: '产品编码', type: 'quote', is_readonly: true, quote_field: 'product_id.product_code' },
			{ api_name: 'quantity', label: '数量', type: 'number', is_required: true },
			{ api_name: 'sales_price', label: '销售单价', type: 'currency' },
		]),
		object('DeliveryNoteObj', '发货单', [
			{ api_name: 'name', label: '发货单编号', type: 'auto_number', is_readonly: true },
			{ api_name: 'sales_order_id', label: '销售订单', type: 'object_reference', target_api_name: 'SalesOrderObj' },
			{ api_name: 'delivery_date', label: '发货日期', type: 'date' },
			// Custom fields of an ERP integration: the Kingdee delivery notice this record mirrors, and its status.
			{ api_name: 'field_kingdee_no__c', label: '金蝶发货通知单号', type: 'text', is_unique: true },
			{
				api_name: 'field_kingdee_status__c',
				label: '金蝶单据状态',
				type: 'select_one',
				options: [
					{ label: '暂存', value: 'Z' },
					{ label: '创建', value: 'A' },
					{ label: '审核中', value: 'B' },
					{ label: '已审核', value: 'C' },
					{ label: '重新审核', value: 'D' },
				],
			},
		]),
		object('object_erp_order__c', 'ERP订单', [
			{ api_name: 'name', label: '主属性', type: 'text', is_required: true },
			{ api_name: 'field_erp_no__c', label: 'ERP单号', type: 'text', is_unique: true },
			{ api_name: 'field_amount__c', label: '金额', type: 'number' },
			{ api_name: 'field_status__c', label: '状态', type: 'select_one', options: [{ label: '已审核', value: 'audited' }, { label: '草稿', value: 'draft' }] },
		]),
	];
}
