#!/usr/bin/env bash
# The nested page of (b) as the server sent it before the ninth session
# (the parents' list kept beside the LATERAL join's condition) and as it
# sends it now (the list is the join's condition), for the first 21
# enterprises, replayed in turn by pgbench (BENCHMARKS.md, "the ninth
# session"). Usage: bench/lateral.sh [rounds] [seconds]
set -euo pipefail
rounds=${1:-2}
secs=${2:-5}
db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chanjiao_province?sslmode=disable}
ids=$(psql -At "$db" -c "SELECT string_agg(id::text, ',' ORDER BY id) FROM (SELECT id FROM enterprises ORDER BY id LIMIT 21) e")
cols='"internships"."id", "internships"."title", "internships"."positions", "internships"."status", "internships"."published_at", "internships"."enterprise_id"'
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat >"$dir/list.sql" <<SQL
SELECT $cols FROM unnest(ARRAY[$ids]::bigint[]) AS "parent"("id") CROSS JOIN LATERAL (SELECT $cols FROM "internships" WHERE "internships"."enterprise_id" IN ($ids) AND "internships"."status" <> 'DRAFT' AND "internships"."enterprise_id" = "parent"."id" ORDER BY "id" ASC LIMIT 11) AS "internships";
SQL
cat >"$dir/array.sql" <<SQL
SELECT $cols FROM unnest('{$ids}'::bigint[]) AS "parent"("id") CROSS JOIN LATERAL (SELECT $cols FROM "internships" WHERE "internships"."status" <> 'DRAFT' AND "internships"."enterprise_id" = "parent"."id" ORDER BY "id" ASC LIMIT 11) AS "internships";
SQL
for r in $(seq "$rounds"); do
  for f in list array; do
    echo "$f round $r: $(pgbench -n -M prepared -c 8 -j 2 -T "$secs" -f "$dir/$f.sql" "$db" 2>&1 | grep '^tps')"
  done
done
