# Sourced by bench/run.sh and bench/pinned.sh: the database, the
# addresses of the server and the floor, and the binaries built afresh.
db=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chanjiao_province?sslmode=disable}
addr=127.0.0.1:18080
floor=127.0.0.1:18081

go build -o /tmp/chanjiao ./server
go build -o /tmp/loadgen ./internal/loadgen
go build -o /tmp/floor ./bench/floor
psql -q "$db" -f bench/reset.sql
