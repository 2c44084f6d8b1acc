#!/usr/bin/env bash
# Foundation throughput: `{__typename}` and `login` on SQLite and on PostgreSQL, in alternating
# rounds within one run (the machine is noisy: compare as ratios). The server is pinned to core 0
# and wrk to core 1. Usage: bench/foundation.sh [rounds] [seconds]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ROUNDS=${1:-3}
SECS=${2:-10}
PG_BASE=${MOTCUA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
command -v wrk >/dev/null || ensure_apt wrk
cargo build --release -p backend >/dev/null
BIN="$CARGO_TARGET_DIR/release/motcua"
work=$(mktemp -d -t motcua-bench.XXXXXX)
pg_db="motcua_bench_$(date +%s)"
trap 'kill ${pid:-} 2>/dev/null || true; psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
psql "$PG_BASE/postgres" -qc "CREATE DATABASE $pg_db" >/dev/null

start() { # $1 = database URL, $2 = data dir
  MOTCUA_BIND=127.0.0.1:0 MOTCUA_DATABASE_URL="$1" MOTCUA_DATA_DIR="$2" MOTCUA_LOG=warn \
  MOTCUA_RATE_LIMIT_PER_IP_PER_MINUTE=10000000 MOTCUA_RATE_LIMIT_PER_ACCOUNT_PER_MINUTE=10000000 \
  MOTCUA_RATE_LIMIT_LOGIN_FAILURES=1000 MOTCUA_WEB_DIR=/nonexistent \
    taskset -c 0 "$BIN" serve >"$2.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    url=$(grep -o 'serving on http://[0-9.:]*' "$2.log" | sed 's/serving on //') && [ -n "$url" ] && return 0
    sleep 0.1
  done
  cat "$2.log"; die "server did not start"
}
run() { # $1 = url, $2 = body, $3 = connections
  BODY="$2" taskset -c 1 wrk -t1 -c"$3" -d"${SECS}s" -s "$ROOT/bench/graphql-post.lua" "$1/graphql" | grep RESULT
}
TYPENAME='{"query":"{__typename}"}'
LOGIN='{"query":"mutation { login(identifier: \"tiepnhan.tn.binhminh@demo.motcua.vn\", password: \"motcua-demo-2026\") { accessToken } }"}'
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F)"
for round in $(seq 1 "$ROUNDS"); do
  for db in sqlite postgres; do
    case $db in
      sqlite) url_db="sqlite://$work/sqlite/motcua.db?mode=rwc"; dir="$work/sqlite" ;;
      postgres) url_db="$PG_BASE/$pg_db"; dir="$work/pg" ;;
    esac
    mkdir -p "$dir"; start "$url_db" "$dir"
    echo "round $round $db typename $(run "$url" "$TYPENAME" 32)"
    echo "round $round $db login $(run "$url" "$LOGIN" 8)"
    kill $pid; wait $pid 2>/dev/null || true
  done
done
