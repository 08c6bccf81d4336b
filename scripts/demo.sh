#!/usr/bin/env bash
# `npm run demo`: this package in a real n8n against the five services' emulators, on a fresh machine.
#   npm run demo                 # editor at http://localhost:5678 until Ctrl-C (login e2e@example.com / E2e-Tests-Passw0rd)
#   npm run demo -- --once       # runs the templates, prints the results, stops
#   npm run demo -- --help       # ports, state folder, --reset
# Steps: check options and ports (before anything long) → npm ci → n8n 2.40.7 + Node 24 into ~/.cache (first run
# only, minutes) → build and pack the package → scripts/demo.ts (emulators, n8n, credentials, templates).
set -euo pipefail
cd "$(dirname "$0")/.."

OPTIONS="$(node scripts/demo-preflight.js "$@")"
[[ -n "$OPTIONS" ]] || exit 0 # --help
STATE_DIR="$(node -p 'JSON.parse(process.argv[1]).stateDir' "$OPTIONS")"

START=$SECONDS
step() { printf '\n[%s] %s\n' "$(elapsed)" "$*"; }
elapsed() { local s=$((SECONDS - START)); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

# Runs "$@" in the background and prints how long it has been running (and how much it has written under $1 if
# given) on stderr until it ends, so a multi-minute step never looks stuck. Returns the command's exit code.
with_progress() {
	local watch="$1" label="$2"
	shift 2
	"$@" &
	local pid=$! every=15 last=0
	[[ -t 1 ]] && every=5
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if ((SECONDS - last >= every)); then
			last=$SECONDS
			local size=''
			[[ -n "$watch" && -d "$watch" ]] && size=", $(du -sm "$watch" 2>/dev/null | cut -f1) MB in $watch"
			printf '    … %s: %s%s\n' "$label" "$(elapsed)" "$size" >&2
		fi
	done
	wait "$pid"
}

if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
	step "1/4 npm ci: the project's own dependencies (about a minute)"
	with_progress node_modules 'npm ci' npm ci --no-audit --no-fund --loglevel=error
else
	step '1/4 dependencies: already installed'
fi

CACHE="$HOME/.cache/n8n-nodes-china-saas"
step "2/4 n8n 2.40.7 with Node 24 into $CACHE (first run: 5-10 minutes and 2.9 GB; later runs: instant)"
with_progress "$CACHE" 'installing n8n' bash scripts/install-n8n.sh >/dev/null

step '3/4 build and pack the package'
npm run --silent build
mkdir -p "$STATE_DIR"
rm -f "$STATE_DIR"/n8n-nodes-china-saas-*.tgz
TGZ="$STATE_DIR/$(npm pack --silent --pack-destination "$STATE_DIR" | tail -n 1)"
echo "    $TGZ"

step '4/4 emulators, n8n, credentials and templates'
DEMO_OPTIONS="$OPTIONS" CHINA_SAAS_TGZ="$TGZ" exec npx tsx scripts/demo.ts
