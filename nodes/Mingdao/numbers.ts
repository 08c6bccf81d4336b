/**
 * Numbers written exactly or not at all. A JavaScript number is a 64-bit float: `"1e400"` becomes Infinity (which
 * JSON sends as null, clearing the field), `"12345678901234567890"` becomes …7000, `"0.1234567890123456789"` loses
 * its tail. Each of these is refused with what went wrong; nothing is rounded silently.
 */
/** `notNumber`: not a number at all; otherwise a number that cannot be kept exactly (`problem` says why). */
export type NumberReading = { ok: true; value: number } | { ok: false; notNumber?: boolean; problem: string };

const DECIMAL = /^([-+])?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;
export const MAX_EXACT_INTEGER = Number.MAX_SAFE_INTEGER;

/** The exact value of a decimal text as sign, significant digits and exponent ("12.50" → 1250e-2 → 125e-1). */
function canonical(text: string): string | undefined {
	const m = DECIMAL.exec(text);
	if (!m || (!m[2] && !m[3])) return undefined;
	const [, sign = '', int = '', frac = '', exp = '0'] = m;
	let digits = (int + frac).replace(/^0+/, '');
	let exponent = Number(exp) - frac.length;
	if (!digits) return '0';
	const trailing = /0+$/.exec(digits)?.[0].length ?? 0;
	digits = digits.slice(0, digits.length - trailing);
	exponent += trailing;
	return `${sign === '-' ? '-' : ''}${digits}e${exponent}`;
}

/** A number the node may pass on: finite, and an integer only within ±(2^53 − 1), where floats are still exact. */
export function exactNumber(raw: number): NumberReading {
	if (!Number.isFinite(raw)) return { ok: false, problem: `${raw} is not a finite number` };
	if (Number.isInteger(raw) && !Number.isSafeInteger(raw)) {
		return {
			ok: false,
			problem: `${raw} is beyond ±${MAX_EXACT_INTEGER}, where numbers are no longer exact (it may have been rounded before it reached this node)`,
		};
	}
	return { ok: true, value: raw === 0 ? 0 : raw };
}

/** A decimal text (`12.5`, `-3`, `1e3`, `.5`) as a number, if the number keeps its exact value. */
export function exactNumberFromText(text: string): NumberReading {
	const trimmed = text.trim();
	const wanted = canonical(trimmed);
	if (wanted === undefined) return { ok: false, notNumber: true, problem: `${JSON.stringify(text)} is not a number` };
	const value = Number(trimmed);
	if (!Number.isFinite(value)) return { ok: false, problem: `${JSON.stringify(text)} is out of range` };
	if (canonical(String(value)) !== wanted) {
		return { ok: false, problem: `${JSON.stringify(text)} cannot be kept exactly as a number (it would become ${value})` };
	}
	return { ok: true, value: value === 0 ? 0 : value };
}

/** Loose reading of what Mingdao sends back ("12.50" → 12.5), for comparisons; undefined when not a number. */
export function numberOf(raw: unknown): number | undefined {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
	if (typeof raw !== 'string' || canonical(raw.trim()) === undefined) return undefined;
	const value = Number(raw.trim());
	return Number.isFinite(value) ? value : undefined;
}
