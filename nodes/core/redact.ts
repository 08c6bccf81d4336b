/**
 * Secrets (app secrets, signs, tokens, the token inside a URL, session cookies) must never reach node output, errors
 * or logs. Every message the core builds from a request or a response goes through `redact` first.
 *
 * Two kinds of knowledge: secret *values* seen at run time (credential fields, fetched tokens), and secret *names*
 * (query parameters, JSON keys, headers) that each service adapter declares, so that a value is masked even before
 * the core has seen it.
 */
const knownValues = new Set<string>();
/** Names every service shares; adapters add their own through `registerSecretNames`. */
const knownNames = new Set(['access_token', 'secret_key', 'secret', 'appsecret', 'app_secret', 'sign', 'token', 'password', 'authorization', 'cookie']);
let patterns: RegExp[] = [];
let patternsFor = '';

/** Remember a secret so that it is masked wherever it appears later. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined): void {
	if (value && value.length >= 6) knownValues.add(value);
}

/** Mask the values of these parameter / key / header names wherever they appear. */
export function registerSecretNames(names: string[]): void {
	for (const name of names) knownNames.add(name.toLowerCase());
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function currentPatterns(): RegExp[] {
	const key = [...knownNames].sort().join('|');
	if (key !== patternsFor) {
		const names = [...knownNames].map(escape).join('|');
		patterns = [
			// key=value in query strings and form bodies
			new RegExp(`((?:^|[?&\\s;,(\\[])(?:${names})=)[^&\\s"';,]+`, 'gi'),
			// "key": "value" in JSON
			new RegExp(`("(?:${names})"\\s*:\\s*")[^"]*`, 'gi'),
			// header dumps: "Name: value"
			new RegExp(`((?:^|[\\s{,])(?:${names})\\s*:\\s*)[^\\s,;"'}]+`, 'gi'),
		];
		patternsFor = key;
	}
	return patterns;
}

export function redact(text: string): string {
	let out = text;
	for (const secret of knownValues) {
		if (out.includes(secret)) out = out.split(secret).join('***');
	}
	for (const pattern of currentPatterns()) out = out.replace(pattern, '$1***');
	return out;
}
