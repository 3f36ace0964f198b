// Command floor serves (a) and (b) of BENCHMARKS.md with nothing but what
// any Go server over HTTP and lib/pq must do: read the request, run the
// ceiling's own statement (bench/a.sql, bench/b.sql, prepared), write the
// response's JSON by hand. No GraphQL, no ent, no middleware. The load
// generator measures it like the server (bench/floor.sh), so its req/s
// against pgbench's is what this machine allows any server of the stack,
// and the server's against it is what the stack itself costs.
//
// It answers a body naming enterprises with (b), anything else with (a),
// in the shape the server gives them. It is a benchmark, not part of the
// product: it reads the province dataset (README, "Data at scale").
package main

import (
	"bytes"
	"database/sql"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"

	_ "github.com/lib/pq"
)

// The statements of bench/a.sql and bench/b.sql as they are. With the
// status bound as an argument instead, PostgreSQL plans (b)'s statement
// for its argument at every execution (the generic plan's estimate of
// `status <> $1` is worse than the custom plan's), which doubles its CPU
// a request; the server's own statements keep their generic plans.
const (
	pageA = `SELECT i.id, i.title, i.industry, i.positions, i.status, i.published_at, e.id, e.name
FROM internships i JOIN enterprises e ON e.id = i.enterprise_id
WHERE i.status <> 'DRAFT'
ORDER BY i.listed_at DESC, i.id DESC
LIMIT 50`
	pageB = `SELECT e.id, e.name, i.id, i.title, i.positions, i.status, i.published_at
FROM (SELECT id, name FROM enterprises ORDER BY id LIMIT 20) e
LEFT JOIN LATERAL (
  SELECT id, title, positions, status, published_at FROM internships
  WHERE enterprise_id = e.id AND status <> 'DRAFT' ORDER BY id LIMIT 10
) i ON true`
)

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	conns := flag.Int("db-max-conns", 16, "maximum database connections, as the server's default")
	// The server's flags that bench/cpu.sh starts it with: the floor has
	// no log and no rate limits, so it takes them and ignores them.
	flag.String("log-level", "", "ignored")
	flag.Float64("rate-per-address", 0, "ignored")
	flag.Float64("rate-per-token", 0, "ignored")
	flag.Parse()
	url := os.Getenv("DATABASE_URL")
	if url == "" {
		log.Fatal("floor: set DATABASE_URL to the province database")
	}
	db, err := sql.Open("postgres", url)
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(*conns)
	db.SetMaxIdleConns(*conns)
	a, err := db.Prepare(pageA)
	if err != nil {
		log.Fatal(err)
	}
	b, err := db.Prepare(pageB)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok") })
	mux.HandleFunc("POST /graphql", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		var out []byte
		if bytes.Contains(body, []byte("enterprises(")) {
			out, err = writeB(b)
		} else {
			out, err = writeA(a)
		}
		if err != nil {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, `{"errors":[{"message":`+strconv.Quote(err.Error())+`}]}`)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(out)))
		w.Write(out)
	})
	log.Fatal(http.ListenAndServe(*addr, mux))
}

func writeA(st *sql.Stmt) ([]byte, error) {
	rows, err := st.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]byte, 0, 16<<10)
	out = append(out, `{"data":{"internships":{"edges":[`...)
	var (
		id, eid, positions     int64
		title, industry, state string
		name                   string
		published              sql.NullTime
	)
	for n := 0; rows.Next(); n++ {
		if err := rows.Scan(&id, &title, &industry, &positions, &state, &published, &eid, &name); err != nil {
			return nil, err
		}
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"node":{"id":"`...)
		out = strconv.AppendInt(out, id, 10)
		out = append(out, `","title":`...)
		out = appendString(out, title)
		out = append(out, `,"industry":`...)
		out = appendString(out, industry)
		out = append(out, `,"positions":`...)
		out = strconv.AppendInt(out, positions, 10)
		out = append(out, `,"status":`...)
		out = appendString(out, state)
		out = append(out, `,"publishedAt":`...)
		out = appendTime(out, published)
		out = append(out, `,"enterprise":{"id":"`...)
		out = strconv.AppendInt(out, eid, 10)
		out = append(out, `","name":`...)
		out = appendString(out, name)
		out = append(out, `}}}`...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return append(out, `]}}}`...), nil
}

func writeB(st *sql.Stmt) ([]byte, error) {
	rows, err := st.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]byte, 0, 32<<10)
	out = append(out, `{"data":{"enterprises":{"edges":[`...)
	var (
		eid, last  int64 = 0, -1
		name       string
		id, pos    sql.NullInt64
		title, st2 sql.NullString
		published  sql.NullTime
		inner      int
	)
	for n := 0; rows.Next(); n++ {
		if err := rows.Scan(&eid, &name, &id, &title, &pos, &st2, &published); err != nil {
			return nil, err
		}
		if eid != last {
			if last >= 0 {
				out = append(out, `]}}},`...)
			}
			last, inner = eid, 0
			out = append(out, `{"node":{"id":"`...)
			out = strconv.AppendInt(out, eid, 10)
			out = append(out, `","name":`...)
			out = appendString(out, name)
			out = append(out, `,"internships":{"edges":[`...)
		}
		if !id.Valid {
			continue
		}
		if inner > 0 {
			out = append(out, ',')
		}
		inner++
		out = append(out, `{"node":{"id":"`...)
		out = strconv.AppendInt(out, id.Int64, 10)
		out = append(out, `","title":`...)
		out = appendString(out, title.String)
		out = append(out, `,"positions":`...)
		out = strconv.AppendInt(out, pos.Int64, 10)
		out = append(out, `,"status":`...)
		out = appendString(out, st2.String)
		out = append(out, `,"publishedAt":`...)
		out = appendTime(out, published)
		out = append(out, `}}`...)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if last >= 0 {
		out = append(out, `]}}}`...)
	}
	return append(out, `]}}}`...), nil
}

// appendTime writes t as the server's Time scalar does (graph/scalar):
// RFC 3339 with nanoseconds, null for no time.
func appendTime(out []byte, t sql.NullTime) []byte {
	if !t.Valid || t.Time.IsZero() {
		return append(out, "null"...)
	}
	out = append(out, '"')
	out = t.Time.AppendFormat(out, time.RFC3339Nano)
	return append(out, '"')
}

// appendString writes s as a JSON string, escaped as gqlgen escapes it.
func appendString(out []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	out = append(out, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\t':
			out = append(out, `\t`...)
		case c == '\r':
			out = append(out, `\r`...)
		case c == '\n':
			out = append(out, `\n`...)
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c < 0x20:
			out = append(out, `\u00`...)
			out = append(out, hex[c>>4], hex[c&15])
		default:
			out = append(out, c)
		}
	}
	return append(out, '"')
}
