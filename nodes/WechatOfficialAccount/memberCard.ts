import type { IDataObject } from 'n8n-workflow';

/**
 * The member-card activation form as readable fields. WeChat returns the answers as two lists
 * (`user_info.common_field_list[{name, value}]`, `custom_field_list[{name, value, value_list[]}]`); workflows want
 * `form.mobile`, `form.name`, `form['兴趣']`. The lists stay in the output as they came.
 *
 * Facts (test/fixtures/wechat/membercard-userinfo.json): common names are `USER_FORM_INFO_FLAG_<WHAT>` (the list of
 * WHATs differs between sources, so any name is accepted); a multi-select answer comes in `value_list` with
 * `value: ""`.
 */
const PREFIX = 'USER_FORM_INFO_FLAG_';

/** `USER_FORM_INFO_FLAG_EDUCATION_BACKGROUND` → `educationBackground`; other names are kept as they are. */
export function commonFieldKey(name: string): string {
	if (!name.startsWith(PREFIX) || name.length === PREFIX.length) return name;
	return name
		.slice(PREFIX.length)
		.toLowerCase()
		.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function list(value: unknown): IDataObject[] {
	return Array.isArray(value) ? value.filter((v): v is IDataObject => !!v && typeof v === 'object' && !Array.isArray(v)) : [];
}

/** The form answers of `user_info` / `info` as one flat object (custom fields under their own names). */
export function formFields(userInfo: unknown): IDataObject {
	const info = userInfo && typeof userInfo === 'object' ? (userInfo as IDataObject) : {};
	const form: IDataObject = {};
	for (const field of list(info.common_field_list)) {
		if (typeof field.name !== 'string') continue;
		form[commonFieldKey(field.name)] = field.value ?? '';
	}
	for (const field of list(info.custom_field_list)) {
		if (typeof field.name !== 'string') continue;
		const many = Array.isArray(field.value_list) && field.value_list.length > 0;
		const key = field.name in form ? `${field.name} (custom)` : field.name;
		form[key] = many ? (field.value_list as IDataObject[]) : (field.value ?? '');
	}
	return form;
}
