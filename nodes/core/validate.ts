import type { INode } from 'n8n-workflow';
import type { z } from 'zod';
import { unexpectedResponse } from './errors';

/**
 * Check an API answer against the shape the node relies on. A wrong shape would otherwise pass silently
 * (an empty list looks like "no data"); this names the path that did not fit instead.
 */
export function parseResponse<S extends z.ZodTypeAny>(
	node: INode,
	service: string,
	schema: S,
	body: unknown,
	itemIndex?: number,
): z.infer<S> {
	const result = schema.safeParse(body);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const path = issue.path.join('.') || '(root)';
	throw unexpectedResponse(node, service, `${path}: ${issue.message}`, itemIndex);
}
