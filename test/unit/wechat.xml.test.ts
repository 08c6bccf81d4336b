/** The safe XML reader for WeChat pushes: WeChat's own layouts, and what it must refuse. */
import { parseWechatXml, XmlError } from '../../nodes/WechatOfficialAccount/xml';
import vectors from '../fixtures/wechat/crypto-vectors.json';

const refusal = (xml: string): string => {
	try {
		parseWechatXml(xml);
	} catch (e) {
		if (e instanceof XmlError) return e.message;
		throw e;
	}
	return 'accepted';
};

describe('WeChat XML reader', () => {
	test('the official submit_membercard_user_info event, with WeChat field names and text values', () => {
		expect(parseWechatXml(vectors.inbound[0].plaintext_xml)).toEqual({
			ToUserName: 'gh_3fcea188bf78',
			FromUserName: 'obLatjlaNQKb8FqOvt1M1x1lIBFE',
			CreateTime: '1432668700',
			MsgType: 'event',
			Event: 'submit_membercard_user_info',
			CardId: 'pbLatjtZ7v1BG_ZnTjbW85GYc_E8',
			UserCardCode: '018255396048',
		});
	});

	test('pretty-printed layout, declaration, UTF-8 text, entities and character references', () => {
		const xml = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<xml>
  <ToUserName><![CDATA[gh_1]]></ToUserName>
  <Content><![CDATA[会员卡 <b>&amp; ]]]]><![CDATA[>]]></Content>
  <Note>a &lt;b&gt; &amp; &#x4F60;&#22909; &quot;q&quot; &apos;</Note>
  <Spaces><![CDATA[  two  ]]></Spaces>
  <Empty></Empty>
  <SelfClosed/>
  <MsgId>1234567890123456</MsgId>
</xml>
`;
		expect(parseWechatXml(xml)).toEqual({
			ToUserName: 'gh_1',
			Content: '会员卡 <b>&amp; ]]>',
			Note: 'a <b> & 你好 "q" \'',
			Spaces: '  two  ',
			Empty: '',
			SelfClosed: '',
			MsgId: '1234567890123456',
		});
	});

	test('nested elements (scan and picture events) and repeated elements become objects and lists', () => {
		const xml =
			'<xml><Event><![CDATA[pic_sysphoto]]></Event><SendPicsInfo><Count>2</Count><PicList>' +
			'<item><PicMd5Sum><![CDATA[a]]></PicMd5Sum></item><item><PicMd5Sum><![CDATA[b]]></PicMd5Sum></item>' +
			'</PicList></SendPicsInfo><ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>';
		expect(parseWechatXml(xml)).toEqual({
			Event: 'pic_sysphoto',
			SendPicsInfo: { Count: '2', PicList: { item: [{ PicMd5Sum: 'a' }, { PicMd5Sum: 'b' }] } },
			ScanCodeInfo: { ScanType: 'qrcode' },
		});
	});

	test('names that are special in JavaScript are plain keys', () => {
		expect(parseWechatXml('<xml><constructor>1</constructor><toString>2</toString></xml>')).toEqual({ constructor: '1', toString: '2' });
		expect(refusal('<xml><__proto__>1</__proto__></xml>')).toMatch(/malformed/);
	});

	test.each([
		['entity expansion ("billion laughs")', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml><A>&lol2;</A></xml>', /DOCTYPE/],
		['external entity', '<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><A>&xxe;</A></xml>', /DOCTYPE/],
		['DOCTYPE inside the root', '<xml><!DOCTYPE x><A>1</A></xml>', /DOCTYPE/],
		['ENTITY inside the root', '<xml><!ENTITY x "y"><A>1</A></xml>', /ENTITY/],
		['undeclared entity', '<xml><A>&lol;</A></xml>', /unknown entity/],
		['bare ampersand', '<xml><A>a & b</A></xml>', /entity reference/],
		['unclosed element', '<xml><A>1</A>', /not closed/],
		['wrong closing tag', '<xml><A>1</B></xml>', /wrong tag/],
		['unterminated CDATA', '<xml><A><![CDATA[1</A></xml>', /CDATA/],
		['another root', '<root><A>1</A></root>', /not <xml>/],
		['two roots', '<xml></xml><xml></xml>', /after the root/],
		['text after the root', '<xml></xml>junk', /after the root/],
		['text and elements mixed', '<xml>text<A>1</A></xml>', /mixes/],
		['processing instruction', '<xml><?php echo 1 ?><A>1</A></xml>', /processing|declarations/],
		['not XML at all', '{"ToUserName":"x"}', /expected an element/],
		['empty body', '', /expected an element/],
		['a surrogate character reference', '<xml><A>&#xD800;</A></xml>', /unknown entity/],
	])('refuses %s', (_name, xml, why) => {
		expect(refusal(xml)).toMatch(why);
	});

	test('depth and element count are bounded', () => {
		expect(refusal('<xml>' + '<a>'.repeat(40) + '1' + '</a>'.repeat(40) + '</xml>')).toMatch(/deeply/);
		expect(refusal('<xml>' + '<a>1</a>'.repeat(20_000) + '</xml>')).toMatch(/too many/);
	});

	test('a large body is read in linear time', () => {
		const big = '<xml><Content><![CDATA[' + 'x'.repeat(2_000_000) + ']]></Content></xml>';
		const started = Date.now();
		expect((parseWechatXml(big).Content as string).length).toBe(2_000_000);
		expect(Date.now() - started).toBeLessThan(2000);
	});
});
