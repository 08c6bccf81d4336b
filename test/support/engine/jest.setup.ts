/** The engine project: the first test of a file also loads n8n-core (seconds on a busy machine). */
import { stopExpressionEngine } from './runtime';

jest.setTimeout(60_000);
afterAll(() => stopExpressionEngine());
