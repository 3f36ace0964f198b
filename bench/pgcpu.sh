#!/usr/bin/env bash
# pgbench's rate for one statement file and the CPU a transaction of
# PostgreSQL and of pgbench, from /proc over 5 s after 2 s of warm-up, as
# bench/cpu.sh reads the server's: the ceiling's side of BENCHMARKS.md's
# "Where the CPU goes". Usage: bench/pgcpu.sh prepared|simple bench/b.sql
set -euo pipefail
cd "$(dirname "$0")/.."
mode=$1; file=$2
db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chanjiao_province?sslmode=disable}
tck=$(getconf CLK_TCK)
. bench/ticks.sh
out=$(mktemp)
trap 'rm -f $out' EXIT
pgbench -n -M "$mode" -c 8 -j 2 -T 9 -f "$file" "$db" >"$out" 2>&1 &
bench=$!
sleep 2
p0=$(ticks $(pgrep postgres)); b0=$(ticks $bench); t0=$(date +%s.%N)
sleep 5
p1=$(ticks $(pgrep postgres)); b1=$(ticks $bench); t1=$(date +%s.%N)
wait $bench
tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out" | head -1)
awk -v f="$file" -v m="$mode" -v tps="$tps" -v p=$((p1 - p0)) -v b=$((b1 - b0)) -v t0="$t0" -v t1="$t1" -v tck="$tck" 'BEGIN {
  n = tps * (t1 - t0)
  printf "%s -M %s: %.0f tps; a transaction: PostgreSQL %.0f µs, pgbench %.0f µs\n", f, m, tps, p / tck * 1e6 / n, b / tck * 1e6 / n }'
