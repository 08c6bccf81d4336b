#!/usr/bin/env bash
# Installs what the browser test (test/browser) needs from Debian's packages: Chromium (/usr/bin/chromium; browser
# downloads such as `npx playwright install` are impossible here) and the Noto CJK fonts, so that Chinese renders in
# the screenshots. Skips the install when both are present. Needs root (CI runs as root) or sudo.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [[ ${#missing[@]} -eq 0 ]]; then
	echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null | head -n1) and fonts-noto-cjk already installed" >&2
	exit 0
fi

SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else
		echo "install-browser: need root to apt-get install ${missing[*]}" >&2
		exit 1
	fi
fi
echo "install-browser: apt-get install ${missing[*]} (a minute or two)" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
"${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >&2
/usr/bin/chromium --version >&2
