#!/usr/bin/env bash
# The first page, and the page after its end cursor, of every root
# connection in every order it offers, on a running server (the province
# dataset: README, "Data at scale"), as an anonymous reader: the median of
# five requests each, in ms, as curl times them (BENCHMARKS.md, "the
# eleventh session"). Usage: bench/orders.sh [url]
set -euo pipefail
url=${1:-http://127.0.0.1:18080}/graphql
post() {
  local q=$1
  shift
  curl -s -H 'content-type: application/json' -d "{\"query\":\"$q\"}" "$@" "$url"
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)] * 1000}'; }
for pair in enterprises:CREATED_AT,NAME,INDUSTRY events:CREATED_AT,TITLE,STARTS_AT \
  institutions:CREATED_AT,NAME,KIND internships:CREATED_AT,TITLE,INDUSTRY,PUBLISHED_AT \
  notices:CREATED_AT partnerships:CREATED_AT,NAME,KIND,STARTS_ON,STATUS people:CREATED_AT,NAME \
  programs:CREATED_AT,NAME,CODE regions:CREATED_AT,NAME,CODE,LEVEL; do
  conn=${pair%%:*}
  for field in $(tr , ' ' <<<"${pair#*:}"); do
    for dir in ASC DESC; do
      order="orderBy: {field: $field, direction: $dir}"
      cursor=$(post "{ $conn(first: 50, $order) { pageInfo { endCursor } } }" | sed -n 's/.*"endCursor":"\([^"]*\)".*/\1/p')
      first=$(for _ in 1 2 3 4 5; do post "{ $conn(first: 50, $order) { edges { node { id } } } }" -o /dev/null -w '%{time_total}\n'; done | median)
      after=$(for _ in 1 2 3 4 5; do post "{ $conn(first: 50, after: \\\"$cursor\\\", $order) { edges { node { id } } } }" -o /dev/null -w '%{time_total}\n'; done | median)
      echo "$conn $field $dir: first page $first ms, after its end $after ms"
    done
  done
done
