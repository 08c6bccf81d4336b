#!/usr/bin/env bash
# The main job on a fresh machine: install, build and pack the package, install a real n8n, start the emulators,
# load both template workflows into n8n, run them, and leave the editor open at http://localhost:5678.
#   npm run demo            # keeps running until Ctrl-C
#   npm run demo -- --once  # runs the templates, prints the result, stops
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -d node_modules ]]; then npm ci --no-audit --no-fund; fi
bash scripts/install-n8n.sh >/dev/null
npm run --silent build
PACK_DIR="$(mktemp -d)"
TGZ="$(npm pack --silent --pack-destination "$PACK_DIR" | tail -n 1)"
CHINA_SAAS_TGZ="$PACK_DIR/$TGZ" npx tsx scripts/demo.ts "$@"
