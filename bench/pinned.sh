#!/usr/bin/env bash
# (a) and (b) with the cores split: PostgreSQL on the first, everything else
# (the server or the floor, the load generator, pgbench) on the second, so
# that the ceiling is what one core of PostgreSQL serves and the server is
# measured against it with a core of its own — one of the readings of issue
# 6's target (BENCHMARKS.md, "Cores of their own"). Every PostgreSQL
# process is pinned with taskset (the backends started later inherit the
# postmaster's core) and given all the cores back on exit.
# Usage: bench/pinned.sh [runs] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
secs=${2:-10}
all=0-$(($(nproc) - 1))
[ "$(nproc)" -ge 2 ] || { echo "bench/pinned.sh needs two cores" >&2; exit 1; }

. bench/serve.sh

pin() {
  for p in $(pgrep -x postgres); do taskset -a -p -c "$1" "$p" >/dev/null || true; done
}
server=
floorpid=
trap 'kill $server $floorpid 2>/dev/null || true; pin $all' EXIT
pin 0
echo "== PostgreSQL on core 0 ($(pgrep -x postgres | wc -l) processes), the rest on core 1"

serve() { # binary address
  DATABASE_URL=$db taskset -c 1 "$1" --addr "$2" --log-level warn \
    --rate-per-address 0 --rate-per-token 0 &
  for _ in $(seq 60); do curl -sf "http://$2/readyz" >/dev/null && break; sleep 1; done
}
serve /tmp/chanjiao $addr
server=$!
serve /tmp/floor $floor
floorpid=$!
taskset -c 1 /tmp/loadgen http -url http://$floor -same-as http://$addr -ops a,b -clients 1 -runs 1 -requests 1 -warmup 0 >/dev/null
kill $floorpid; wait $floorpid 2>/dev/null || true
echo "== server, 8 clients"
taskset -c 1 /tmp/loadgen http -url http://$addr -ops a,b -clients 8 -runs "$runs" -duration "${secs}s"
kill $server; wait $server 2>/dev/null || true
serve /tmp/floor $floor
floorpid=$!
echo "== floor (bench/floor), 8 clients"
taskset -c 1 /tmp/loadgen http -url http://$floor -ops a,b -clients 8 -runs "$runs" -duration "${secs}s"
kill $floorpid; wait $floorpid 2>/dev/null || true

for op in a b; do
  for mode in prepared simple; do
    for run in $(seq "$runs"); do
      tps=$(taskset -c 1 pgbench -n -M $mode -c 8 -j 2 -T "$secs" -f bench/$op.sql "$db" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/tps \1/p')
      echo "== pgbench ($op) -M $mode, 8 clients, run $run: $tps"
    done
  done
done
