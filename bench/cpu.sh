#!/usr/bin/env bash
# CPU a request of the server, of PostgreSQL and of the load generator, from
# /proc, for server binaries served in turn on the province dataset (README:
# "Data at scale"), 8 clients: what BENCHMARKS.md calls "server CPU per
# request". Steadier than req/s on a shared machine; alternate the binaries
# being compared and run several rounds.
#
# Usage: bench/cpu.sh op seconds rounds server-binary...
#   e.g. git worktree add /tmp/old <rev> && (cd /tmp/old && go build -o /tmp/srv.old ./server)
#        go build -o /tmp/srv.new ./server && bench/cpu.sh a 5 3 /tmp/srv.old /tmp/srv.new
# LOADGEN_FLAGS adds flags to the load generator's, such as -gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
op=$1; secs=$2; rounds=$3; shift 3
db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chanjiao_province?sslmode=disable}
addr=127.0.0.1:18080
tck=$(getconf CLK_TCK)
go build -o /tmp/loadgen ./internal/loadgen

. bench/ticks.sh

results=$(mktemp)
trap 'rm -f "$results"' EXIT

for r in $(seq "$rounds"); do
  for bin in "$@"; do
    psql -q "$db" -f bench/reset.sql
    DATABASE_URL=$db "$bin" --addr $addr --log-level warn --rate-per-address 0 --rate-per-token 0 &
    server=$!
    for _ in $(seq 120); do curl -sf http://$addr/readyz >/dev/null && break; sleep 0.5; done
    /tmp/loadgen http ${LOADGEN_FLAGS:-} -url http://$addr -ops "$op" -clients 8 -runs 1 -duration "$((secs + 3))s" >/tmp/cpu.loadgen.out 2>&1 &
    loadgen=$!
    sleep 2 # warm-up
    s0=$(ticks $server); p0=$(ticks $(pgrep postgres)); l0=$(ticks $loadgen); t0=$(date +%s.%N)
    sleep "$secs"
    s1=$(ticks $server); p1=$(ticks $(pgrep postgres)); l1=$(ticks $loadgen); t1=$(date +%s.%N)
    wait $loadgen
    kill $server; wait $server 2>/dev/null || true
    rps=$(awk -v op="$op" '$1 == op && $2 == "1" {print $3}' /tmp/cpu.loadgen.out)
    awk -v bin="$(basename "$bin")" -v r="$r" -v rps="$rps" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v l=$((l1 - l0)) \
      -v t0="$t0" -v t1="$t1" -v tck="$tck" 'BEGIN {
        n = rps * (t1 - t0)
        printf "%s round %d: %d req/s; a request: server %.0f µs, PostgreSQL %.0f µs, load generator %.0f µs\n",
          bin, r, rps, s / tck * 1e6 / n, p / tck * 1e6 / n, l / tck * 1e6 / n }' | tee -a "$results"
  done
done

# The medians over the rounds, and with two binaries the median of their
# differences round by round (the second's less the first's), which
# the machine's drift from one round to the next does not move.
awk -v first="$(basename "$1")" -v second="$(basename "${2:-}")" '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
    return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
  }
  { bin = $1; r = $3 + 0; us = $9 + 0; n[bin]++; v[bin, n[bin]] = us; by[bin, r] = us }
  END {
    for (b in n) { delete a; for (i = 1; i <= n[b]; i++) a[i] = v[b, i]; printf "%s: median server %.0f µs a request over %d rounds\n", b, median(a, n[b]), n[b] }
    if (second == "" || !(second in n)) exit
    k = 0; delete a; delete base
    for (i = 1; i <= n[first]; i++) if ((second, i) in by) { k++; a[k] = by[second, i] - by[first, i]; base[k] = by[first, i] }
    d = median(a, k); printf "%s less %s, round by round: median %+.0f µs (%+.1f %% of %s median %.0f)\n", second, first, d, 100 * d / median(base, k), first, median(base, k)
  }' "$results"
