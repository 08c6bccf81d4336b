/**
 * Secrets (app secrets, signs, tokens, the token inside a URL) must never reach node output, errors or logs.
 * Every message the core builds from a request or a response goes through `redact` first.
 */
const known = new Set<string>();

/** Remember a secret so that it is masked wherever it appears later. Short values are ignored (too many false hits). */
export function registerSecret(value: string | undefined): void {
	if (value && value.length >= 6) known.add(value);
}

const PATTERNS: RegExp[] = [
	// key=value in query strings and form bodies
	/((?:access_token|secret_key|secret|appsecret|app_secret|sign|token|password)=)[^&\s"']+/gi,
	// "key": "value" in JSON
	/("(?:access_token|secret_key|secret|appSecret|app_secret|sign|token|password|HAP-Sign)"\s*:\s*")[^"]*/gi,
	// header dumps
	/((?:HAP-Sign|Authorization)\s*[:=]\s*)[^\s,;"']+/gi,
];

export function redact(text: string): string {
	let out = text;
	for (const secret of known) {
		if (out.includes(secret)) out = out.split(secret).join('***');
	}
	for (const pattern of PATTERNS) out = out.replace(pattern, '$1***');
	return out;
}
