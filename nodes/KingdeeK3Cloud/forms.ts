/**
 * Common forms (业务对象) with their key fields. Any form ID works; these are offered in the list, and their key
 * fields are the defaults for Upsert. Base data is matched by `FNumber`, bills by `FBillNo`; the internal id is the
 * form's primary key field (ExecuteBillQuery page: "查询单据内码：单据的主键字段名，如物料内码：FMATERIALID").
 * The primary key names below are the ones K3Cloud uses for these forms; other forms fall back to FID.
 */
export interface FormInfo {
	id: string;
	name: string;
	/** Primary key field (内码), used to update a record. */
	idField: string;
	/** Number field (编码 / 单据编号), used to find a record. */
	numberField: string;
}

export const COMMON_FORMS: FormInfo[] = [
	{ id: 'BD_Customer', name: 'Customer (客户)', idField: 'FCUSTID', numberField: 'FNumber' },
	{ id: 'BD_Supplier', name: 'Supplier (供应商)', idField: 'FSupplierId', numberField: 'FNumber' },
	{ id: 'BD_MATERIAL', name: 'Material (物料)', idField: 'FMATERIALID', numberField: 'FNumber' },
	{ id: 'BD_Department', name: 'Department (部门)', idField: 'FDEPTID', numberField: 'FNumber' },
	{ id: 'BD_Empinfo', name: 'Employee (员工)', idField: 'FID', numberField: 'FNumber' },
	{ id: 'ORG_Organizations', name: 'Organization (组织机构)', idField: 'FORGID', numberField: 'FNumber' },
	{ id: 'SAL_SaleOrder', name: 'Sales Order (销售订单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'SAL_DELIVERYNOTICE', name: 'Delivery Notice (发货通知单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'SAL_OUTSTOCK', name: 'Sales Outbound (销售出库单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'SAL_RETURNSTOCK', name: 'Sales Return (销售退货单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'PUR_PurchaseOrder', name: 'Purchase Order (采购订单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'STK_InStock', name: 'Purchase Inbound (采购入库单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'STK_Inventory', name: 'Inventory (即时库存)', idField: 'FID', numberField: 'FMaterialId.FNumber' },
	{ id: 'AR_receivable', name: 'Receivable (应收单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'AR_RECEIVEBILL', name: 'Receipt (收款单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'AP_Payable', name: 'Payable (应付单)', idField: 'FID', numberField: 'FBillNo' },
	{ id: 'AP_PAYBILL', name: 'Payment (付款单)', idField: 'FID', numberField: 'FBillNo' },
];

export function formInfo(formId: string): FormInfo {
	const known = COMMON_FORMS.find((f) => f.id.toLowerCase() === formId.toLowerCase());
	if (known) return known;
	return { id: formId, name: formId, idField: 'FID', numberField: /^BD_/i.test(formId) ? 'FNumber' : 'FBillNo' };
}
