#!/usr/bin/env bash
# The filters a front end or an analyst puts on a list, at province scale:
# for each, the first page of 20 alone and with its totalCount, on a running
# server (the province dataset: README, "Data at scale"), as an anonymous
# reader: the median of three requests each, in ms, as curl times them
# (BENCHMARKS.md, "the thirteenth session"). Usage: bench/filters.sh [url]
set -euo pipefail
url=${1:-http://127.0.0.1:18080}/graphql
out=/tmp/filters.$$.json
trap 'rm -f $out' EXIT
post() {
  curl -s -H 'content-type: application/json' -d "{\"query\":\"$1\"}" -o $out -w '%{time_total}\n' "$url"
}
median() { sort -n | awk '{v[NR] = $1} END {printf "%.1f", v[int((NR + 1) / 2)] * 1000}'; }
post '{ regions(where: {code: \"370300\"}) { edges { node { id } } } }' >/dev/null
zibo=$(grep -o '"id":"[0-9]*"' $out | head -1 | cut -d'"' -f4)
[ -n "$zibo" ] || { echo "no region 370300 (Zibo): is the province dataset served at $url?" >&2; exit 1; }
# connection|arguments; @zibo is Zibo's ID
while IFS='|' read -r conn args; do
  [ -n "$conn" ] || continue
  args=${args//@zibo/$zibo}
  line="$conn(${args//\\/})"
  for count in "" "totalCount "; do
    q="{ $conn($args) { ${count}edges { node { id } } } }"
    t=$(for _ in 1 2 3; do post "$q"; done | median)
    if grep -q '"errors"' $out; then
      echo "$line: error $(head -c 200 $out)"
      continue 2
    fi
    line="$line${count:+ with totalCount}: $t ms"
    [ -z "$count" ] && line="$line;"
  done
  echo "$line ($(grep -o '"totalCount":[0-9]*' $out | cut -d: -f2) rows)"
done <<'EOF'
internships|first: 20, where: {hasEnterpriseWith: {industryHasPrefix: \"C\", inRegion: \"@zibo\"}}, orderBy: {field: PUBLISHED_AT, direction: DESC}
internships|first: 20, where: {hasEnterpriseWith: {size: LARGE}, status: OPEN}, orderBy: {field: PUBLISHED_AT, direction: DESC}
internships|first: 20, where: {hasProgramsWith: {code: \"660301\"}}, orderBy: {field: PUBLISHED_AT, direction: DESC}
internships|first: 20, where: {status: OPEN, positionsGTE: 5, inRegion: \"@zibo\"}, orderBy: {field: PUBLISHED_AT, direction: DESC}
internships|first: 20, where: {stipendGTE: 3000, status: OPEN}, orderBy: {field: PUBLISHED_AT, direction: DESC}
internships|first: 20, where: {publishedAtGTE: \"2026-10-01T00:00:00Z\", status: OPEN}
internships|first: 20, where: {or: [{titleContains: \"焊\"}, {industryHasPrefix: \"C3\"}], status: OPEN}, orderBy: {field: PUBLISHED_AT, direction: DESC}
enterprises|first: 20, where: {inRegion: \"@zibo\", industryHasPrefix: \"C\"}
enterprises|first: 20, where: {hasInternshipsWith: {status: OPEN}}, orderBy: {field: NAME}
enterprises|first: 20, where: {hasPartnerships: true, size: LARGE}
enterprises|first: 20, where: {hasPartnershipsWith: {kind: ORDER_CLASS, status: ACTIVE}}
enterprises|first: 20, where: {nameContains: \"科技\"}
institutions|first: 20, where: {inRegion: \"@zibo\", kind: HIGHER_VOCATIONAL}
institutions|first: 20, where: {hasPartnershipsWith: {hasEnterpriseWith: {industryHasPrefix: \"C\"}}}
people|first: 20, where: {role: STUDENT, hasInstitutionWith: {inRegion: \"@zibo\"}}
people|first: 20, where: {role: STUDENT, cohort: 2024}
people|first: 20, where: {hasProgramWith: {code: \"660301\"}}
people|first: 20, where: {role: MENTOR, hasEnterpriseWith: {industryHasPrefix: \"C\"}}, orderBy: {field: NAME}
people|first: 20, where: {nameContains: \"张伟\"}
partnerships|first: 20, where: {kind: ORDER_CLASS, status: ACTIVE}, orderBy: {field: STARTS_ON, direction: DESC}
partnerships|first: 20, where: {hasEnterpriseWith: {inRegion: \"@zibo\"}}
partnerships|first: 20, where: {hasProgramsWith: {code: \"660301\"}}
events|first: 20, where: {inRegion: \"@zibo\", startsAtGTE: \"2026-11-01T00:00:00Z\"}, orderBy: {field: STARTS_AT}
events|first: 20, where: {kind: JOB_FAIR, status: ANNOUNCED}, orderBy: {field: STARTS_AT}
events|first: 20, where: {hasOrganiserEnterpriseWith: {industryHasPrefix: \"C\"}}
notices|first: 20, where: {inRegion: \"@zibo\", kind: INTERNSHIP_POSTED}
notices|first: 20, where: {industryHasPrefix: \"C3\"}
programs|first: 20, where: {hasInstitutionWith: {inRegion: \"@zibo\"}}
programs|first: 20, where: {hasPartnerships: true}
regions|first: 20, where: {hasEnterprisesWith: {size: LARGE}}
EOF
