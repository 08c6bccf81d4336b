/** The figures of fault runs as plain text: per template, then totals. */
import type { FaultKind } from '../emulators/common/faults';
import type { TemplateResult } from './runner';

const KIND_ORDER: FaultKind[] = [
	'5xx',
	'timeout',
	'connection reset',
	'write applied, then 5xx',
	'write applied, then timeout',
	'write applied, then connection reset',
	'throttled',
	'tokens expired (every N calls)',
	'tokens invalidated (random)',
	'outage',
];

export function formatResults(results: TemplateResult[]): string {
	const lines: string[] = [];
	for (const r of results) {
		const c = r.comparison;
		const injected = KIND_ORDER.filter((k) => r.faults[k]).map((k) => `${k} ${r.faults[k]}`);
		const total = KIND_ORDER.filter((k) => k !== 'outage').reduce((n, k) => n + (r.faults[k] ?? 0), 0);
		lines.push(`${r.name} (${r.kind}, seed ${r.seed}, ${(r.durationMs / 1000).toFixed(0)} s)${r.error ? ' — NOT FINISHED' : ''}`);
		if (r.error) lines.push(`  error: ${r.error.split('\n')[0]}`);
		lines.push(`  faults injected: ${total} — ${injected.join(', ') || 'none'}`);
		lines.push(
			`  API calls: ${Object.entries(r.calls)
				.map(([service, n]) => `${service} ${n.faultFree} fault-free / ${n.faults} with faults`)
				.join('; ')}`,
		);
		lines.push(
			`  executions: fault-free ${r.executions.faultFree.total} (${r.executions.faultFree.failed} failed); ` +
				`with faults ${r.executions.faults.total} (${r.executions.faults.failed} failed)` +
				(r.kind === 'poll' ? `; items re-delivered ${r.redelivered}` : `; retried through n8n ${r.retried}`),
		);
		lines.push(
			`  rows ${c.expected}: lost ${c.lost.length}, duplicated ${c.duplicated.length}, different ${c.different.length}, unexpected ${c.unexpected.length}`,
		);
		for (const d of c.different.slice(0, 5)) lines.push(`    different: ${d.row}.${d.field}: ${JSON.stringify(d.expected)} → ${JSON.stringify(d.actual)}`);
		for (const key of [...c.lost, ...c.duplicated, ...c.unexpected].slice(0, 5)) lines.push(`    ${key}`);
	}
	const sum = (f: (r: TemplateResult) => number) => results.reduce((n, r) => n + f(r), 0);
	lines.push(
		`total: faults injected ${sum((r) => KIND_ORDER.filter((k) => k !== 'outage').reduce((n, k) => n + (r.faults[k] ?? 0), 0))}, ` +
			`outages ${sum((r) => r.faults.outage ?? 0)}, executions failed ${sum((r) => r.executions.faults.failed)}, ` +
			`re-delivered items ${sum((r) => r.redelivered)}, retried executions ${sum((r) => r.retried)}, ` +
			`lost ${sum((r) => r.comparison.lost.length)}, duplicated ${sum((r) => r.comparison.duplicated.length)}, ` +
			`different ${sum((r) => r.comparison.different.length)}`,
	);
	return lines.join('\n');
}
