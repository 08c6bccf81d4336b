import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * The checks every inbound webhook needs, written once: a constant-time comparison of secrets and signatures,
 * a timestamp window against replays, and a bounded memory of recent delivery ids against retries
 * (WeChat resends an event up to three times when the answer is late; one event must start one execution).
 */

/** Constant-time comparison; hashing first makes both sides the same length, so the length leaks nothing either. */
export function safeEqual(given: unknown, expected: string): boolean {
	if (typeof given !== 'string' || !given || !expected) return false;
	const a = createHash('sha256').update(given).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** SHA-1 hex of the sorted, concatenated parts: the signature scheme of WeChat-family push servers. */
export function sha1OfSorted(parts: string[]): string {
	return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** HMAC-SHA256 hex, for services that sign bodies with a shared secret. */
export function hmacSha256Hex(secret: string, payload: string | Buffer): string {
	return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * Whether a sender's timestamp (seconds since the epoch) is within `windowSec` of now, either way.
 * Non-numeric or missing timestamps are not fresh.
 */
export function timestampFresh(timestamp: unknown, windowSec: number, nowMs = Date.now()): boolean {
	const text = String(timestamp ?? '').trim();
	if (!/^\d{1,13}$/.test(text)) return false;
	const value = Number(text);
	const seconds = text.length > 11 ? value / 1000 : value;
	return Math.abs(nowMs / 1000 - seconds) <= windowSec;
}

/**
 * Delivery ids seen recently, per webhook, bounded in size and age. `firstTime(id)` is true once per id within
 * the time to live, and records it. In-process memory: enough for retries, which reach the same n8n process
 * within seconds; queue-mode setups with several webhook processes need the downstream upsert to be idempotent.
 */
export class RecentIds {
	private seen = new Map<string, number>();

	constructor(
		private readonly maxSize = 10_000,
		private readonly ttlMs = 10 * 60 * 1000,
		private readonly now: () => number = Date.now,
	) {}

	firstTime(id: string): boolean {
		const now = this.now();
		this.expire(now);
		if (this.seen.has(id)) return false;
		this.seen.set(id, now);
		if (this.seen.size > this.maxSize) this.seen.delete(this.seen.keys().next().value as string);
		return true;
	}

	/** Forget an id, e.g. when the execution for it could not be started. */
	forget(id: string): void {
		this.seen.delete(id);
	}

	get size(): number {
		return this.seen.size;
	}

	private expire(now: number): void {
		// Insertion order is age order: drop from the front until an entry is young enough.
		for (const [id, at] of this.seen) {
			if (now - at <= this.ttlMs) break;
			this.seen.delete(id);
		}
	}
}

/** One `RecentIds` per webhook (workflow + node), created on first use. */
const registries = new Map<string, RecentIds>();

export function recentIdsFor(webhookKey: string): RecentIds {
	let ids = registries.get(webhookKey);
	if (!ids) {
		ids = new RecentIds();
		registries.set(webhookKey, ids);
	}
	return ids;
}

/** The parts of n8n's webhook request object that `readRawBody` uses. */
export interface RawBodyRequest {
	method?: string;
	headers: Record<string, string | string[] | undefined>;
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	readable?: boolean;
	[Symbol.asyncIterator]?: () => AsyncIterator<Buffer>;
}

/**
 * The request body as sent, for signature checks and for parsers of our own. n8n keeps `rawBody` when it parsed the
 * body itself (JSON, form, text); with the node option "Read the Body Unparsed" (n8n's `options.binaryData`
 * convention for v1 webhooks) it leaves the stream unread, and its `readRawBody()` — or, in runtimes without it, the
 * stream itself, never more than `maxBytes` + 1 — is read here. Multipart bodies n8n parsed have no raw form:
 * undefined (use the fields n8n parsed). A failed read is returned as the Error, for the caller to answer.
 */
export async function readRawBody(req: RawBodyRequest, options: { maxBytes: number }): Promise<Buffer | string | undefined | Error> {
	if (req.method === 'GET' || req.method === 'HEAD') return undefined;
	const parsedByN8n = req.body !== undefined && req.body !== null && typeof req.body === 'object' && Object.keys(req.body).length > 0;
	if (String(req.headers['content-type'] ?? '').startsWith('multipart/') && parsedByN8n) return undefined;
	try {
		if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.body === 'string') return req.body;
	if (parsedByN8n) return JSON.stringify(req.body);
	if (!req.readable || !req[Symbol.asyncIterator]) return req.body === undefined ? '' : JSON.stringify(req.body);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		chunks.push(chunk);
		size += chunk.length;
		if (size > options.maxBytes) break;
	}
	return Buffer.concat(chunks);
}

/**
 * Webhook methods for a service where the URL is pasted into its console by hand (WeChat, Mingdao's "Send API
 * request" step): there is nothing to register remotely, so activation only checks the credential — a missing
 * secret shows up now, not as refused requests. `problem` returns what is wrong, or nothing.
 */
export function pastedUrlWebhookMethods(problem: (ctx: IHookFunctions) => Promise<string | undefined>) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const found = await problem(this);
				if (found) throw new NodeOperationError(this.getNode(), found);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
