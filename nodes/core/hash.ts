import { createHash } from 'crypto';

/** A short, one-way fingerprint of a secret: enough to tell credentials apart in cache keys, useless to an attacker. */
export function fingerprint(secret: string): string {
	return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
