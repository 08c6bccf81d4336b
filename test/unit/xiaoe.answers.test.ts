/**
 * Reading info-collection answers (信息采集). The official page types `extra` only as a string and shows no
 * example, so the reader must cope with the layouts forms really produce; these are the ones it accepts.
 */
import { DEFAULT_FIELD_RULES, pickFields, readAnswers, withAnswers } from '../../nodes/Xiaoe/answers';

const PERSON = { 姓名: '张三', 手机号: '13800000000', 公司名称: '某教育公司', 职位: '运营' };
const EXPECTED = { name: '张三', phone: '13800000000', company: '某教育公司', job: '运营' };

describe('readAnswers: every layout of extra gives question → answer', () => {
	const layouts: Array<[string, unknown]> = [
		['a JSON string of {question, answer} entries', JSON.stringify(Object.entries(PERSON).map(([question, answer]) => ({ question, answer })))],
		['a list of {title, value} entries', Object.entries(PERSON).map(([title, value]) => ({ title, value }))],
		['a list of {name, content} entries', Object.entries(PERSON).map(([name, content]) => ({ name, content }))],
		['a JSON string of an object keyed by question', JSON.stringify(PERSON)],
		['an object keyed by question', PERSON],
		['entries keyed by id', Object.fromEntries(Object.entries(PERSON).map(([title, value], i) => [`q${i}`, { title, value }]))],
	];
	it.each(layouts)('%s', (_name, extra) => {
		expect(readAnswers(extra)).toEqual(PERSON);
		expect(pickFields(readAnswers(extra), DEFAULT_FIELD_RULES)).toEqual(EXPECTED);
	});

	it('multiple choice and option objects become text', () => {
		const extra = [
			{ question: '兴趣', answer: ['摄影', '读书'] },
			{ question: '来源', value: { label: '朋友推荐', value: 3 } },
			{ question: '年龄', answer: 30 },
			{ question: '备注', answer: null },
		];
		expect(readAnswers(extra)).toEqual({ 兴趣: '摄影, 读书', 来源: '朋友推荐', 年龄: '30', 备注: '' });
	});

	it('text that holds no answers gives none, and never throws', () => {
		for (const extra of ['', '已填写', '{not json', '[1, 2]', null, undefined, 42, [], {}]) expect(readAnswers(extra)).toEqual({});
	});
});

describe('pickFields: by question title', () => {
	it('exact titles win over titles that merely contain the word; marks and spaces are ignored', () => {
		const answers = { '紧急联系人姓名': '李四', '姓名 *': '张三', '您的手机号码：': '139', 'Company': 'ACME' };
		// no question about the job: the key is left out rather than set to ''
		expect(pickFields(answers, DEFAULT_FIELD_RULES)).toEqual({ name: '张三', phone: '139', company: 'ACME' });
	});

	it('own rules: several titles per key, first matching question', () => {
		const rules = [{ titles: ['微信号', 'wechat'], key: 'wx' }, { titles: ['城市'], key: 'city' }];
		expect(pickFields({ 'WeChat': 'zs_01', 所在城市: '深圳' }, rules)).toEqual({ wx: 'zs_01', city: '深圳' });
	});

	it('withAnswers keeps the record as the API gave it and adds answers and fields', () => {
		const record = { id: 1, user_id: 'u_1', extra: JSON.stringify(PERSON) };
		expect(withAnswers(record, DEFAULT_FIELD_RULES)).toEqual({ ...record, answers: PERSON, fields: EXPECTED });
	});
});
