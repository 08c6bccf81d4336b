#!/usr/bin/env bash
# The package on n8n in queue mode: one main, two workers, Redis and Postgres (throwaway servers in a temp folder),
# the templates and a concurrent load against the five emulators, token fetches counted per credential and process.
#
#   bash scripts/queue-mode.sh                    # results: stdout, and JSON in $QUEUE_MODE_RESULTS if set
#
# Needs: redis-server (installed with `apt-get install -y redis-server` when missing and running as root) and the
# Postgres server binaries (initdb, pg_ctl, createdb, psql: on PATH, or Debian's /usr/lib/postgresql/<v>/bin).
# n8n 2.40.7 comes from the e2e runtime (scripts/install-n8n.sh); the package is built, packed and installed into
# each n8n user folder as the e2e harness does. Not part of CI (several minutes on a 2-core machine); docs/scale-out.md
# has the last results.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v redis-server >/dev/null 2>&1; then
	if [[ "$(id -u)" == 0 ]]; then
		apt-get install -y redis-server >/dev/null || (apt-get update >/dev/null && apt-get install -y redis-server >/dev/null)
	else
		echo "queue-mode: redis-server is missing (apt-get install -y redis-server)" >&2
		exit 1
	fi
fi
# Debian's server binaries first: /usr/bin/psql and friends are wrappers that want a system cluster.
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
[[ -n "$PG_BIN" ]] && export PATH="$PG_BIN:$PATH"
for tool in initdb pg_ctl createdb psql; do
	command -v "$tool" >/dev/null 2>&1 || { echo "queue-mode: Postgres binary $tool not found" >&2; exit 1; }
done

bash scripts/install-n8n.sh >/dev/null
npm run --silent build >/dev/null
PACK_DIR="$(mktemp -d)"
TGZ="$(npm pack --pack-destination "$PACK_DIR" --silent | tail -1)"
export CHINA_SAAS_TGZ="$PACK_DIR/$TGZ"
export N8N_E2E_ROOT="${N8N_E2E_ROOT:-${TMPDIR:-/tmp}/n8n-nodes-china-saas-queue}"
mkdir -p "$N8N_E2E_ROOT"
exec npx tsx scripts/queue-mode.ts
