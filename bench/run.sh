#!/usr/bin/env bash
# Runs the HTTP benchmark and its SQL ceiling against the province dataset
# (README: "Data at scale"). Usage: bench/run.sh [runs] [seconds]
# Prints the load generator's tables — the server's, then the floor's
# (bench/floor: (a) and (b) without GraphQL, checked to answer with the
# server's bytes) — then pgbench's for the same statements.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
secs=${2:-10}

. bench/serve.sh

DATABASE_URL=$db /tmp/chanjiao --addr $addr --log-level warn \
  --rate-per-address 0 --rate-per-token 0 &
server=$!
floorpid=
trap 'kill $server $floorpid 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -sf http://$addr/readyz >/dev/null && break; sleep 1; done

echo "== server, 8 clients"
/tmp/loadgen http -url http://$addr -ops a,ap,b,c,d,e -clients 8 -runs "$runs" -duration "${secs}s"
psql -q "$db" -f bench/reset.sql
echo "== server, (c) with 1 client (latency)"
/tmp/loadgen http -url http://$addr -ops c -clients 1 -runs "$runs" -duration "${secs}s"
echo "== server, the dashboards' stats (s: whole platform, sr: Zibo in C), cached (--stats-ttl 2s), 8 clients"
/tmp/loadgen http -url http://$addr -ops s,sr -clients 8 -runs "$runs" -duration "${secs}s"
kill $server; wait $server 2>/dev/null || true

# The stats again, computed for each request (identical requests in flight
# still share one computation).
DATABASE_URL=$db /tmp/chanjiao --addr $addr --log-level warn --stats-ttl 0 \
  --rate-per-address 0 --rate-per-token 0 &
server=$!
for _ in $(seq 60); do curl -sf http://$addr/readyz >/dev/null && break; sleep 1; done
echo "== server --stats-ttl 0, stats with 1 client (latency), then 8"
/tmp/loadgen http -url http://$addr -ops s,sr -clients 1 -runs "$runs" -duration "${secs}s"
/tmp/loadgen http -url http://$addr -ops s,sr -clients 8 -runs "$runs" -duration "${secs}s"

# The floor: the same pages with the ceiling's statements, written by hand,
# measured alone once it has answered as the server does.
DATABASE_URL=$db /tmp/floor --addr $floor &
floorpid=$!
for _ in $(seq 60); do curl -sf http://$floor/readyz >/dev/null && break; sleep 1; done
/tmp/loadgen http -url http://$floor -same-as http://$addr -ops a,b -clients 1 -runs 1 -requests 1 -warmup 0 >/dev/null
kill $server; wait $server 2>/dev/null || true
echo "== floor (bench/floor), 8 clients"
/tmp/loadgen http -url http://$floor -ops a,b -clients 8 -runs "$runs" -duration "${secs}s"
kill $floorpid; wait $floorpid 2>/dev/null || true

for op in a b c; do
  for mode in prepared simple; do
    for run in $(seq "$runs"); do
      tps=$(pgbench -n -M $mode -c 8 -j 2 -T "$secs" -f bench/$op.sql "$db" 2>/dev/null | sed -n 's/^latency average = \(.*\)/lat \1/p; s/^tps = \([0-9.]*\).*/tps \1/p' | tr '\n' ' ')
      echo "== pgbench ($op) -M $mode, 8 clients, run $run: $tps"
    done
  done
done
for run in $(seq "$runs"); do
  tps=$(pgbench -n -M prepared -c 1 -T "$secs" -f bench/c.sql "$db" 2>/dev/null | sed -n 's/^latency average = \(.*\)/lat \1/p; s/^tps = \([0-9.]*\).*/tps \1/p' | tr '\n' ' ')
  echo "== pgbench (c) -M prepared, 1 client, run $run: $tps"
done
