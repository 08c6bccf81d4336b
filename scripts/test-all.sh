#!/usr/bin/env bash
# Every test of the package, in the order that fails fastest:
# lint (n8n's community-node rules) → type check → unit + integration tests against the emulators, and the nodes
# on n8n's own engine (n8n-core, test/integration/engine), on Node 24 → end-to-end tests in a real n8n
# (installs n8n 2.40.7 on Node 24 into a cache folder on first use; the Node 24 above comes from there too) → a scan
# of those n8n instances for every secret and token the emulators handed out (fails when any is found) →
# the bench's smoke run (200 orders, ours against the DIY workflow, so that the bench cannot rot) →
# the README's install routes and the browser test: Debian's Chromium (installed by scripts/install-browser.sh when
# missing) drives the demo's n8n editor; screenshots of each step in test-output/browser/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci --no-audit --no-fund
fi

echo "== lint" && npm run --silent lint
echo "== type check" && npm run --silent typecheck
RESULTS="$(mktemp -d)"
echo "== unit, integration and engine tests (Node 24)" && bash scripts/node24.sh jest --selectProjects unit engine --json --outputFile="$RESULTS/unit.json"
# The emulators write every secret they were configured with or handed out to the ledger, the harness the n8n
# folders it made (kept for the scan); then every database table, log and CLI/REST answer is searched for them.
LEDGER="$RESULTS/secrets-ledger"
echo "== end-to-end tests in real n8n" && CHINA_SAAS_SECRETS_LEDGER="$LEDGER" npx jest --selectProjects e2e --runInBand --json --outputFile="$RESULTS/e2e.json"
echo "== secrets scan of every end-to-end n8n instance" && npx tsx test/e2e/harness/secretsScan.ts "$LEDGER"
echo "== bench smoke: 200 orders, ours against DIY in real n8n (bench/README.md)" && npm run --silent bench -- --smoke
BROWSER_START=$SECONDS
echo "== install routes and the editor in a browser (Chromium)" && bash scripts/install-browser.sh &&
	npx jest -c test/browser/jest.config.js --runInBand --json --outputFile="$RESULTS/browser.json"
BROWSER_SECONDS=$((SECONDS - BROWSER_START))

# How long each part took (CI has a budget), then one plain closing line for all runs.
echo "== took ${SECONDS}s in all; browser part ${BROWSER_SECONDS}s"
node -e '
const runs = process.argv.slice(1).map((f) => require(f));
const sum = (k) => runs.reduce((n, r) => n + r[k], 0);
console.log(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' "$RESULTS/unit.json" "$RESULTS/e2e.json" "$RESULTS/browser.json"
