#!/usr/bin/env bash
# Prints PostgreSQL's plans, EXPLAIN (ANALYZE, BUFFERS), of the statements
# the server sends for one request of each operation, as auto_explain logs
# them (README: "Data at scale"; BENCHMARKS.md shows the output).
# Usage: bench/explain.sh [ops]   (default a,b,c)
# The server's log file is found under /var/log/postgresql or given as PGLOG.
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-a,b,c}
db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chanjiao_province?sslmode=disable}
name=$(psql -Atq "$db" -c 'SELECT current_database()')
log=${PGLOG:-$(ls -t /var/log/postgresql/postgresql-*.log | head -1)}
addr=127.0.0.1:18081

go build -o /tmp/chanjiao ./server
go build -o /tmp/loadgen ./internal/loadgen
psql -q "$db" -f bench/reset.sql

# Sessions opened from here on load auto_explain and log every statement's
# plan with its actual rows, timing and buffers.
settings="session_preload_libraries=auto_explain auto_explain.log_min_duration=0 auto_explain.log_analyze=on auto_explain.log_buffers=on"
for s in $settings; do
  psql -q "$db" -c "ALTER DATABASE \"$name\" SET ${s%%=*} = '${s#*=}'"
done
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  for s in $settings; do
    psql -q "$db" -c "ALTER DATABASE \"$name\" RESET ${s%%=*}"
  done
}
trap cleanup EXIT

DATABASE_URL=$db /tmp/chanjiao --addr $addr --log-level warn --rate-per-address 0 --rate-per-token 0 &
server=$!
for _ in $(seq 60); do curl -sf http://$addr/readyz >/dev/null && break; sleep 1; done

for op in ${ops//,/ }; do
  # Each operation twice: the first request prepares its statements.
  /tmp/loadgen http -url http://$addr -ops "$op" -clients 1 -runs 1 -warmup 0 -requests 1 >/dev/null
  from=$(($(wc -l < "$log") + 1))
  /tmp/loadgen http -url http://$addr -ops "$op" -clients 1 -runs 1 -warmup 0 -requests 1 >/dev/null
  sleep 0.5
  echo "== ($op)"
  # Every logged plan but those of the notice hub's polling and of the
  # load generator's look-up of the region by its code.
  tail -n +"$from" "$log" | awk '
    /LOG:  duration: .* plan:/ { flush(); keep = 1; entry = ""; }
    /LOG:/ && !/plan:/ { flush(); keep = 0; next }
    keep { entry = entry $0 "\n" }
    /FROM "notices"|"regions"."code" = / { keep = 0 }
    function flush() { if (keep && entry != "") printf "%s\n", entry; entry = "" }
    END { flush() }' | sed -E 's/^[0-9-]+ [0-9:.]+ UTC \[[0-9]+\] [^ ]+ //'
done
