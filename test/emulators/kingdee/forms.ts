/**
 * The forms the emulator knows, with the field keys of K3Cloud's standard forms (a small subset of each).
 * Base data: BD_Customer, BD_MATERIAL, ORG_Organizations, BD_Currency. Bills: SAL_SaleOrder (entry
 * FSaleOrderEntry), SAL_DELIVERYNOTICE (entry FEntity). Field keys are matched case-insensitively, as Kingdee does.
 */
export type FieldType = 'text' | 'number' | 'date' | 'bool' | { ref: string };

export interface FieldDef {
	type: FieldType;
	label: string;
	required?: boolean;
	/** Numbers that must be above zero (quantities). */
	positive?: boolean;
	/** Text longer than this is refused (BOS text fields have a maximum length; the values here are the emulator's). */
	maxLength?: number;
}

export interface EntryDef {
	label: string;
	fields: Record<string, FieldDef>;
}

export interface FormDef {
	id: string;
	label: string;
	kind: 'base' | 'bill';
	/** Primary key field (内码). */
	idField: string;
	/** FNumber (base data) or FBillNo (bills). */
	numberField: string;
	/** Prefix of generated numbers. */
	prefix: string;
	/** Name field for `.FName` of references. */
	nameField?: string;
	header: Record<string, FieldDef>;
	entries: Record<string, EntryDef>;
}

const org: FieldType = { ref: 'ORG_Organizations' };

export const FORMS: FormDef[] = [
	{
		id: 'ORG_Organizations',
		label: '组织机构',
		kind: 'base',
		idField: 'FORGID',
		numberField: 'FNumber',
		prefix: 'ORG',
		nameField: 'FName',
		header: { FName: { type: 'text', label: '名称', required: true } },
		entries: {},
	},
	{
		id: 'BD_Currency',
		label: '币别',
		kind: 'base',
		idField: 'FCURRENCYID',
		numberField: 'FNumber',
		prefix: 'PRE',
		nameField: 'FName',
		header: { FName: { type: 'text', label: '名称', required: true } },
		entries: {},
	},
	{
		id: 'BD_Customer',
		label: '客户',
		kind: 'base',
		idField: 'FCUSTID',
		numberField: 'FNumber',
		prefix: 'CUST',
		nameField: 'FName',
		header: {
			FName: { type: 'text', label: '客户名称', required: true },
			FShortName: { type: 'text', label: '简称' },
			FCreateOrgId: { type: org, label: '创建组织' },
			FUseOrgId: { type: org, label: '使用组织' },
			FTEL: { type: 'text', label: '联系电话', maxLength: 30 },
			FADDRESS: { type: 'text', label: '通讯地址' },
			FINVOICETITLE: { type: 'text', label: '发票抬头' },
			FCreditAmount: { type: 'number', label: '信用额度' },
			FIsTrade: { type: 'bool', label: '是否交易客户' },
		},
		entries: {
			FT_BD_CUSTCONTACT: {
				label: '联系人',
				fields: { FContactName: { type: 'text', label: '联系人', required: true }, FMobile: { type: 'text', label: '手机' } },
			},
		},
	},
	{
		id: 'BD_MATERIAL',
		label: '物料',
		kind: 'base',
		idField: 'FMATERIALID',
		numberField: 'FNumber',
		prefix: 'MAT',
		nameField: 'FName',
		header: {
			FName: { type: 'text', label: '名称', required: true },
			FSpecification: { type: 'text', label: '规格型号' },
			FCreateOrgId: { type: org, label: '创建组织' },
			FUseOrgId: { type: org, label: '使用组织' },
		},
		entries: {},
	},
	{
		id: 'SAL_SaleOrder',
		label: '销售订单',
		kind: 'bill',
		idField: 'FID',
		numberField: 'FBillNo',
		prefix: 'XSDD',
		header: {
			FDate: { type: 'date', label: '日期', required: true },
			FCustId: { type: { ref: 'BD_Customer' }, label: '客户', required: true },
			FSaleOrgId: { type: org, label: '销售组织', required: true },
			FSettleCurrId: { type: { ref: 'BD_Currency' }, label: '结算币别' },
			FNote: { type: 'text', label: '备注' },
			// An extension field (扩展字段, added in BOS designer) holding the CRM order number, as integrations add one.
			F_CRM_OrderNo: { type: 'text', label: 'CRM订单号', maxLength: 100 },
		},
		entries: {
			FSaleOrderEntry: {
				label: '订单明细',
				fields: {
					FMaterialId: { type: { ref: 'BD_MATERIAL' }, label: '物料编码', required: true },
					FQty: { type: 'number', label: '销售数量', required: true, positive: true },
					FTaxPrice: { type: 'number', label: '含税单价' },
					FEntryNote: { type: 'text', label: '备注' },
				},
			},
		},
	},
	{
		id: 'SAL_DELIVERYNOTICE',
		label: '发货通知单',
		kind: 'bill',
		idField: 'FID',
		numberField: 'FBillNo',
		prefix: 'FHTZD',
		header: {
			FDate: { type: 'date', label: '日期', required: true },
			FCustomerID: { type: { ref: 'BD_Customer' }, label: '客户', required: true },
			FDeliveryOrgID: { type: org, label: '发货组织', required: true },
			FNote: { type: 'text', label: '备注' },
		},
		entries: {
			FEntity: {
				label: '明细信息',
				fields: {
					FMaterialID: { type: { ref: 'BD_MATERIAL' }, label: '物料编码', required: true },
					FQty: { type: 'number', label: '销售数量', required: true, positive: true },
					FSrcBillNo: { type: 'text', label: '源单编号' },
					FSrcType: { type: 'text', label: '源单类型' },
				},
			},
		},
	},
];

/** System fields every form answers in queries. */
export const SYSTEM_FIELDS = ['FDocumentStatus', 'FForbidStatus', 'FCreateDate', 'FModifyDate', 'FApproveDate'];

export function findForm(id: unknown): FormDef | undefined {
	const text = String(id ?? '').toLowerCase();
	return FORMS.find((f) => f.id.toLowerCase() === text);
}

/** The canonical spelling of a key in a record of keys, case-insensitively. */
export function canonical<T>(keys: Record<string, T>, key: string): string | undefined {
	const lower = key.toLowerCase();
	return Object.keys(keys).find((k) => k.toLowerCase() === lower);
}
