/**
 * n8n-core's own dependency container. npm may install a second `@n8n/di` (another version, for @n8n/node-cli),
 * and only the copy n8n-core resolves holds its services, so it is loaded from n8n-core's location.
 */
import type * as Di from '@n8n/di';

const fromCore = require.resolve('@n8n/di', { paths: [require.resolve('n8n-core')] });
export const Container: typeof Di.Container = (require(fromCore) as typeof Di).Container;
