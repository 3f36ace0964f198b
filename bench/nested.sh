#!/usr/bin/env bash
# Every nested connection of the schema in every order it offers: the first
# 20 parents of a root connection, each with its first 10 children, on a
# running server (the province dataset: README, "Data at scale"), as an
# anonymous reader: the median of three requests each, in ms, as curl times
# them (BENCHMARKS.md, "the twelfth session"). Usage: bench/nested.sh [url]
set -euo pipefail
url=${1:-http://127.0.0.1:18080}/graphql
post() {
  curl -s -H 'content-type: application/json' -d "{\"query\":\"$1\"}" -o /tmp/nested.$$.json -w '%{time_total}\n' "$url"
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)] * 1000}'; }
orders() {
  case $1 in
  enterprises) echo CREATED_AT,NAME,INDUSTRY ;;
  events) echo CREATED_AT,TITLE,STARTS_AT ;;
  institutions) echo CREATED_AT,NAME,KIND ;;
  internships) echo CREATED_AT,TITLE,INDUSTRY,PUBLISHED_AT ;;
  partnerships) echo CREATED_AT,NAME,KIND,STARTS_ON,STATUS ;;
  people | students) echo CREATED_AT,NAME ;;
  programs) echo CREATED_AT,NAME,CODE ;;
  children) echo CREATED_AT,NAME,CODE,LEVEL ;;
  *) echo CREATED_AT ;;
  esac
}
# parent[(its arguments)]=edge,edge,...
for spec in 'enterprises=internships,partnerships,people,events' \
  'institutions=programs,people,partnerships,events' \
  'regions(where: {level: CITY})=children,institutions,enterprises,internships,events' \
  'regions(where: {level: DISTRICT})=institutions,enterprises,internships,events' \
  'programs=students,partnerships,internships' \
  'internships=programs,applications' 'people=applications,registrations' \
  'events=registrations' 'notices=programs' 'partnerships=programs'; do
  parent=${spec%%=*}
  args=first:20
  if [[ $parent == *'('* ]]; then
    args="first: 20, ${parent#*(}"
    args=${args%)}
    parent=${parent%%(*}
  fi
  for edge in $(tr , ' ' <<<"${spec#*=}"); do
    for order in default $(orders "$edge" | tr , ' '); do
      arg=
      [[ $order == default ]] || arg=", orderBy: {field: $order}"
      q="{ $parent($args) { edges { node { id $edge(first: 10$arg) { edges { node { id } } } } } } }"
      t=$(for _ in 1 2 3; do post "$q"; done | median)
      if grep -q '"errors"' /tmp/nested.$$.json; then
        echo "$parent($args).$edge by $order: error $(head -c 200 /tmp/nested.$$.json)"
      else
        echo "$parent($args).$edge by $order: $t ms"
      fi
    done
  done
done
rm -f /tmp/nested.$$.json
