#!/usr/bin/env bash
# Historical import throughput: `motcua import dossiers` of a generated CSV into a demo ward on
# SQLite, on PostgreSQL over TCP and on PostgreSQL over its Unix socket, in alternating rounds
# (the machine is noisy). Usage: bench/import.sh [rows] [rounds]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
ROWS=${1:-300000}
ROUNDS=${2:-1}
PG_BASE=${MOTCUA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
PG_SOCKET_DIR=${PG_SOCKET_DIR:-/var/run/postgresql}
cargo build --release -p backend >/dev/null
BIN="$CARGO_TARGET_DIR/release/motcua"
work=$(mktemp -d -t motcua-import.XXXXXX)
pg_db="motcua_import_$(date +%s)"
trap 'psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
scripts/gen-import-csv --rows "$ROWS" --prefix H56.23 >"$work/dossiers.csv"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F); $ROWS rows, $(du -h "$work/dossiers.csv" | cut -f1)"
pg_user_host=${PG_BASE#postgres://}; pg_user=${pg_user_host%%@*}
for round in $(seq 1 "$ROUNDS"); do
  for db in sqlite postgres-tcp postgres-socket; do
    case $db in
      sqlite) rm -f "$work"/motcua.db*; url="sqlite://$work/motcua.db?mode=rwc" ;;
      postgres-tcp) url="$PG_BASE/$pg_db" ;;
      postgres-socket) url="postgres://$pg_user@localhost/$pg_db?host=$PG_SOCKET_DIR" ;;
    esac
    if [ "$db" != sqlite ]; then
      psql "$PG_BASE/postgres" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
      psql "$PG_BASE/postgres" -qc "CREATE DATABASE $pg_db" >/dev/null
    fi
    export MOTCUA_DATABASE_URL="$url" MOTCUA_DATA_DIR="$work" MOTCUA_LOG=warn
    "$BIN" seed demo >/dev/null 2>&1
    echo "round $round $db: $("$BIN" import dossiers --tenant TN.BINHMINH "$work/dossiers.csv" 2>&1 | tail -1)"
  done
done
