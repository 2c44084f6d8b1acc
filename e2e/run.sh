#!/usr/bin/env bash
# Runs the Playwright e2e suite against an already running motcua server,
# using the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
#
# Usage: e2e/run.sh [BASE_URL] [playwright test arguments…]
#   BASE_URL defaults to $MOTCUA_E2E_URL, then http://127.0.0.1:8080.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$E2E_DIR"

if [ $# -gt 0 ] && [[ "$1" == http://* || "$1" == https://* ]]; then
  MOTCUA_E2E_URL="$1"
  shift
fi
export MOTCUA_E2E_URL="${MOTCUA_E2E_URL:-http://127.0.0.1:8080}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "error: no Chromium at $CHROMIUM_PATH (apt-get install chromium, or set CHROMIUM_PATH)" >&2
  exit 1
fi

# Reinstall when node_modules is missing or was installed from another lock file.
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp=node_modules/.motcua-lock-sha256
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "==> npm ci (node_modules missing or stale)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
fi

echo "==> playwright test against $MOTCUA_E2E_URL (browser: $CHROMIUM_PATH)"
exec npx --no-install playwright test "$@"
