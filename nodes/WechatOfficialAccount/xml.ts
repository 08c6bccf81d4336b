/**
 * A small, safe reader for the XML WeChat pushes: `<xml>` with child elements, text or CDATA values, the odd nested
 * element (ScanCodeInfo, SendPicsInfo). No DTDs, no entity declarations (refused: no entity expansion is possible),
 * no external anything; only the five predefined entities and numeric character references are decoded.
 * Values stay text exactly as sent (a card code "018255396048" keeps its leading zero).
 */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
	[name: string]: XmlValue;
}

export class XmlError extends Error {}

const LIMITS = { depth: 16, elements: 10_000 };
const NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parse a push body whose root is `<xml>`; throws `XmlError` naming what is wrong. */
export function parseWechatXml(text: string): XmlObject {
	const reader = new Reader(text);
	reader.skipProlog();
	const root = reader.element(0);
	reader.skipMisc();
	if (!reader.done()) throw new XmlError('content after the root element');
	if (root.name !== 'xml') throw new XmlError(`root element is <${root.name}>, not <xml>`);
	if (typeof root.value === 'string') {
		if (root.value.trim() !== '') throw new XmlError('<xml> holds text instead of elements');
		return {};
	}
	return root.value as XmlObject;
}

class Reader {
	private pos = 0;
	private count = 0;

	constructor(private readonly s: string) {
		if (s.charCodeAt(0) === 0xfeff) this.pos = 1;
	}

	done(): boolean {
		return this.pos >= this.s.length;
	}

	/** `<?xml …?>`, whitespace and comments before the root; a DOCTYPE is refused. */
	skipProlog(): void {
		this.skipSpace();
		if (this.s.startsWith('<?xml', this.pos)) {
			const end = this.s.indexOf('?>', this.pos);
			if (end < 0) throw new XmlError('unterminated XML declaration');
			this.pos = end + 2;
		}
		this.skipMisc();
	}

	skipMisc(): void {
		for (;;) {
			this.skipSpace();
			if (this.s.startsWith('<!--', this.pos)) this.skipComment();
			else if (this.s.startsWith('<!', this.pos)) throw new XmlError(refusal(this.s, this.pos));
			else if (this.s.startsWith('<?', this.pos)) throw new XmlError('processing instructions are not allowed');
			else return;
		}
	}

	element(depth: number): { name: string; value: XmlValue } {
		if (depth > LIMITS.depth) throw new XmlError('elements nested too deeply');
		if (++this.count > LIMITS.elements) throw new XmlError('too many elements');
		if (this.s[this.pos] !== '<') throw new XmlError(`expected an element at offset ${this.pos}`);
		const close = this.s.indexOf('>', this.pos);
		if (close < 0) throw new XmlError('unterminated start tag');
		let tag = this.s.slice(this.pos + 1, close);
		this.pos = close + 1;
		const selfClosing = tag.endsWith('/');
		if (selfClosing) tag = tag.slice(0, -1);
		// Attributes are not used by WeChat; they are read past (checked for shape) and ignored.
		const match = /^([^\s/>]+)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*$/.exec(tag);
		if (!match || !NAME.test(match[1]) || match[1] === '__proto__') throw new XmlError(`malformed start tag <${tag.slice(0, 40)}>`);
		const name = match[1];
		if (selfClosing) return { name, value: '' };

		const children: Array<{ name: string; value: XmlValue }> = [];
		const pieces: Array<{ text: string; cdata: boolean }> = [];
		for (;;) {
			if (this.done()) throw new XmlError(`<${name}> is not closed`);
			if (this.s.startsWith('</', this.pos)) {
				const end = this.s.indexOf('>', this.pos);
				if (end < 0 || this.s.slice(this.pos + 2, end).trim() !== name) throw new XmlError(`<${name}> is closed by the wrong tag`);
				this.pos = end + 1;
				break;
			}
			if (this.s.startsWith('<![CDATA[', this.pos)) {
				const end = this.s.indexOf(']]>', this.pos);
				if (end < 0) throw new XmlError('unterminated CDATA section');
				pieces.push({ text: this.s.slice(this.pos + 9, end), cdata: true });
				this.pos = end + 3;
			} else if (this.s.startsWith('<!--', this.pos)) {
				this.skipComment();
			} else if (this.s.startsWith('<!', this.pos) || this.s.startsWith('<?', this.pos)) {
				throw new XmlError(refusal(this.s, this.pos));
			} else if (this.s[this.pos] === '<') {
				children.push(this.element(depth + 1));
			} else {
				const next = this.s.indexOf('<', this.pos);
				const end = next < 0 ? this.s.length : next;
				pieces.push({ text: decodeText(this.s.slice(this.pos, end)), cdata: false });
				this.pos = end;
			}
		}
		const text = pieces.filter((p) => p.cdata || p.text.trim() !== '');
		if (children.length) {
			if (text.length) throw new XmlError(`<${name}> mixes text and elements`);
			return { name, value: group(children) };
		}
		// CDATA is kept exactly; plain text loses the layout whitespace around it.
		const value = text.some((p) => p.cdata) ? text.map((p) => p.text).join('') : text.map((p) => p.text).join('').trim();
		return { name, value };
	}

	private skipSpace(): void {
		while (this.pos < this.s.length && /\s/.test(this.s[this.pos])) this.pos++;
	}

	private skipComment(): void {
		const end = this.s.indexOf('-->', this.pos + 4);
		if (end < 0) throw new XmlError('unterminated comment');
		this.pos = end + 3;
	}
}

function refusal(s: string, pos: number): string {
	const head = s.slice(pos, pos + 10).toUpperCase();
	if (head.startsWith('<!DOCTYPE')) return 'DOCTYPE declarations are not allowed';
	if (head.startsWith('<!ENTITY')) return 'ENTITY declarations are not allowed';
	return 'markup declarations are not allowed';
}

function decodeText(raw: string): string {
	if (raw.includes(']]>')) throw new XmlError('"]]>" outside CDATA');
	let out = '';
	let from = 0;
	for (let amp = raw.indexOf('&'); amp >= 0; amp = raw.indexOf('&', from)) {
		const semi = raw.indexOf(';', amp);
		if (semi < 0 || semi - amp > 12) throw new XmlError('"&" must start an entity reference');
		out += raw.slice(from, amp) + entity(raw.slice(amp + 1, semi));
		from = semi + 1;
	}
	return out + raw.slice(from);
}

function entity(ref: string): string {
	if (Object.prototype.hasOwnProperty.call(ENTITIES, ref)) return ENTITIES[ref];
	const hex = /^#x([0-9a-fA-F]{1,6})$/.exec(ref);
	const dec = /^#(\d{1,7})$/.exec(ref);
	const code = hex ? parseInt(hex[1], 16) : dec ? Number(dec[1]) : NaN;
	if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
		throw new XmlError(`unknown entity &${ref.slice(0, 10)}; (only the predefined ones and character references are allowed)`);
	}
	return String.fromCodePoint(code);
}

/** Children as an object; a name that repeats becomes a list in document order (child values are never lists). */
function group(children: Array<{ name: string; value: XmlValue }>): XmlObject {
	const out: XmlObject = {};
	for (const { name, value } of children) {
		const seen = Object.prototype.hasOwnProperty.call(out, name) ? out[name] : undefined;
		if (seen === undefined) out[name] = value;
		else if (Array.isArray(seen)) seen.push(value);
		else out[name] = [seen, value];
	}
	return out;
}
