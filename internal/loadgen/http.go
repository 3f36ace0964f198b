package main

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"chanjiao/internal/operations"
)

// httpLoad runs each chosen operation for a fixed time with a fixed number
// of concurrent clients, several times, and prints requests a second and
// latency percentiles for every run and their medians.
func httpLoad(args []string) error {
	fs := flag.NewFlagSet("http", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server (start it with --rate-per-address 0 --rate-per-token 0)")
	which := fs.String("ops", "a,b,c,d,e", "operations to run, of a, ap (a asking pageInfo), b, c, d, e, s, sr, and 0 (an empty query)")
	clients := fs.Int("clients", 8, "concurrent clients, each with one request in flight")
	duration := fs.Duration("duration", 10*time.Second, "how long each run lasts")
	warmup := fs.Duration("warmup", 2*time.Second, "untimed load before the first run of each operation")
	requests := fs.Int("requests", 0, "stop a client after this many requests (0: run for -duration); bench/explain.sh sends one")
	runs := fs.Int("runs", 3, "runs of each operation")
	email := fs.String("email", "hr@scale.gen", "the HR account that posts in (e) (hr@rhein-koester.demo on the demo data)")
	password := fs.String("password", "chanjiao-demo", "its password")
	regionCode := fs.String("region", "370300", "(c), (sr): the GB/T 2260 code of the region (Zibo)")
	industry := fs.String("industry", "C", "(c), (sr): the industry prefix (manufacturing)")
	acceptGzip := fs.Bool("gzip", false, "ask for responses compressed with gzip, as browsers do, and unpack them")
	sameAs := fs.String("same-as", "", "another server that must answer each operation with the same bytes, checked once before the load (bench/floor against the server)")
	fs.Parse(args)

	// What the operations need is looked up before they run, and only
	// what they need (bench/explain.sh logs every statement sent).
	ops := strings.Split(*which, ",")
	var (
		region, token, enterprise, postRegion string
		nodeIDs                               []string
		posted                                atomic.Int64
		err                                   error
	)
	if slices.Contains(ops, "c") || slices.Contains(ops, "sr") {
		if region, err = regionID(*base, *regionCode); err != nil {
			return err
		}
	}
	if slices.Contains(ops, "d") {
		if nodeIDs, err = sampleNodes(*base, 2000); err != nil {
			return err
		}
	}
	if slices.Contains(ops, "e") {
		if token, err = login(*base, *email, *password); err != nil {
			return fmt.Errorf("signing in as %s: %w", *email, err)
		}
		if enterprise, postRegion, err = postingTarget(*base, token); err != nil {
			return err
		}
	}
	// vars gives the variables of the next request of an operation.
	vars := func(op string, r *rand.Rand) map[string]any {
		switch op {
		case "c":
			return map[string]any{"region": region, "industry": *industry}
		case "sr":
			return map[string]any{"f": map[string]any{"region": region, "industry": *industry}}
		case "d":
			return map[string]any{"id": nodeIDs[r.IntN(len(nodeIDs))]}
		case "e":
			return map[string]any{"e": enterprise, "r": postRegion, "t": "压测岗位 " + strconv.FormatInt(posted.Add(1), 10)}
		}
		return nil
	}

	if *sameAs != "" {
		if err := sameAnswers(*base, *sameAs, ops, vars); err != nil {
			return err
		}
	}
	fmt.Printf("%d clients, %s a run, %d runs; %s\n", *clients, *duration, *runs, *base)
	fmt.Printf("%-3s %-4s %10s %10s %10s %8s\n", "op", "run", "req/s", "p50", "p99", "errors")
	for _, op := range ops {
		query, ok := operations.Queries[op]
		if !ok {
			return fmt.Errorf("unknown operation %q", op)
		}
		auth := ""
		if op == "e" {
			auth = token
		}
		if *warmup > 0 {
			load(*base, auth, query, op, vars, *clients, *warmup, *requests, *acceptGzip)
		}
		var rates []float64
		var p50s, p99s []time.Duration
		for run := 1; run <= *runs; run++ {
			res := load(*base, auth, query, op, vars, *clients, *duration, *requests, *acceptGzip)
			if res.firstError != nil {
				return fmt.Errorf("(%s): %w", op, res.firstError)
			}
			rate := float64(len(res.latencies)) / res.elapsed.Seconds()
			p50, p99 := pct(res.latencies, 50), pct(res.latencies, 99)
			rates, p50s, p99s = append(rates, rate), append(p50s, p50), append(p99s, p99)
			fmt.Printf("%-3s %-4d %10.0f %10s %10s %8d\n", op, run, rate, fmtDur(p50), fmtDur(p99), res.errors)
		}
		slices.Sort(rates)
		fmt.Printf("%-3s %-4s %10.0f %10s %10s\n", op, "med", rates[len(rates)/2], fmtDur(median(p50s)), fmtDur(median(p99s)))
	}
	return nil
}

type loadResult struct {
	latencies  []time.Duration
	errors     int
	firstError error
	elapsed    time.Duration
}

// load keeps clients requests in flight for d, or until each client has
// sent limit requests, each client on a keep-alive connection of its own.
func load(base, token, query, op string, vars func(string, *rand.Rand) map[string]any, clients int, d time.Duration, limit int, acceptGzip bool) loadResult {
	var (
		mu  sync.Mutex
		out loadResult
		wg  sync.WaitGroup
	)
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			conn, err := newHTTPConn(base, token)
			if err != nil {
				mu.Lock()
				out.firstError = cmp.Or(out.firstError, err)
				mu.Unlock()
				return
			}
			defer conn.close()
			conn.acceptGzip = acceptGzip
			var lat []time.Duration
			var errs int
			var first error
			buf := new(bytes.Buffer)
			enc := json.NewEncoder(buf)
			for sent := 0; time.Now().Before(deadline) && (limit == 0 || sent < limit); sent++ {
				buf.Reset()
				enc.Encode(map[string]any{"query": query, "variables": vars(op, r)})
				t := time.Now()
				err := conn.post(buf.Bytes())
				if err != nil {
					errs++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, time.Since(t))
			}
			mu.Lock()
			out.latencies = append(out.latencies, lat...)
			out.errors += errs
			if out.firstError == nil && len(lat) == 0 {
				out.firstError = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	out.elapsed = time.Since(start)
	return out
}

var errorsKey = []byte(`"errors":`)

// httpConn is one client's keep-alive HTTP/1.1 connection to the server,
// written to and read from in the client's own goroutine. The load
// generator shares the server's cores, and net/http's Transport hands every
// request to two goroutines of its own per connection and back: measured
// on (a), the load generator took 161 µs of CPU a request with it
// (BENCHMARKS.md). Requests are still parsed by net/http
// (http.ReadResponse), so chunked bodies and closed connections are handled
// as a client would.
type httpConn struct {
	host, path, auth string

	c    net.Conn
	r    *bufio.Reader
	req  bytes.Buffer
	body bytes.Buffer

	// acceptGzip asks for a compressed response, which the body then
	// holds unpacked.
	acceptGzip bool
	packed     bytes.Buffer
	gz         *gzip.Reader
}

func newHTTPConn(base, token string) (*httpConn, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, fmt.Errorf("%s: the load generator speaks plain http", base)
	}
	h := &httpConn{host: u.Host, path: strings.TrimSuffix(u.Path, "/") + "/graphql"}
	if token != "" {
		h.auth = "Authorization: Bearer " + token + "\r\n"
	}
	return h, nil
}

// post sends one GraphQL request and checks that it succeeded. A request
// on a connection the server had closed while idle is sent again once on
// a new one, as net/http does.
func (h *httpConn) post(body []byte) error {
	reused := h.c != nil
	err := h.roundTrip(body)
	if err != nil && reused && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
		err = h.roundTrip(body)
	}
	return err
}

func (h *httpConn) roundTrip(body []byte) error {
	if h.c == nil {
		c, err := net.DialTimeout("tcp", h.host, 5*time.Second)
		if err != nil {
			return err
		}
		h.c, h.r = c, bufio.NewReaderSize(c, 32<<10)
	}
	h.req.Reset()
	encoding := ""
	if h.acceptGzip {
		encoding = "Accept-Encoding: gzip\r\n"
	}
	fmt.Fprintf(&h.req, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json\r\n%s%sContent-Length: %d\r\n\r\n", h.path, h.host, h.auth, encoding, len(body))
	h.req.Write(body)
	h.c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := h.c.Write(h.req.Bytes()); err != nil {
		h.close()
		return err
	}
	resp, err := http.ReadResponse(h.r, nil)
	if err != nil {
		h.close()
		return err
	}
	h.body.Reset()
	if resp.Header.Get("Content-Encoding") == "gzip" {
		err = h.unpack(resp.Body)
	} else {
		_, err = h.body.ReadFrom(resp.Body)
	}
	resp.Body.Close()
	if err != nil || resp.Close {
		h.close()
	}
	if err != nil {
		return err
	}
	if b := h.body.Bytes(); resp.StatusCode != http.StatusOK || bytes.Contains(b, errorsKey) {
		return fmt.Errorf("%d: %.300s", resp.StatusCode, b)
	}
	return nil
}

// unpack reads a compressed body into h.body.
func (h *httpConn) unpack(r io.Reader) error {
	h.packed.Reset()
	if _, err := h.packed.ReadFrom(r); err != nil {
		return err
	}
	var err error
	if h.gz == nil {
		h.gz, err = gzip.NewReader(&h.packed)
	} else {
		err = h.gz.Reset(&h.packed)
	}
	if err != nil {
		return err
	}
	_, err = h.body.ReadFrom(h.gz)
	return err
}

func (h *httpConn) close() {
	if h.c != nil {
		h.c.Close()
		h.c, h.r = nil, nil
	}
}

// sameAnswers sends each operation once to both servers, with the same
// variables, and fails unless the two responses are the same bytes: a
// server measured in another's place (bench/floor) must be doing the same
// work. Operations that write are not compared.
func sameAnswers(base, other string, ops []string, vars func(string, *rand.Rand) map[string]any) error {
	for _, op := range ops {
		if op == "e" {
			continue
		}
		body, err := json.Marshal(map[string]any{"query": operations.Queries[op], "variables": vars(op, rand.New(rand.NewPCG(1, 2)))})
		if err != nil {
			return err
		}
		var got [2][]byte
		for i, u := range []string{base, other} {
			h, err := newHTTPConn(u, "")
			if err != nil {
				return err
			}
			err = h.post(body)
			h.close()
			if err != nil {
				return fmt.Errorf("(%s) at %s: %w", op, u, err)
			}
			got[i] = bytes.Clone(h.body.Bytes())
		}
		if !bytes.Equal(got[0], got[1]) {
			return fmt.Errorf("(%s): %s answers %d bytes (%.200s…), %s %d bytes (%.200s…)", op, base, len(got[0]), got[0], other, len(got[1]), got[1])
		}
	}
	return nil
}

func regionID(base, code string) (string, error) {
	data, err := graphqlPost(base, "", `query($c: String!) { regions(where: {code: $c}) { edges { node { id } } } }`, map[string]any{"c": code})
	if err != nil {
		return "", err
	}
	edges := data["regions"].(map[string]any)["edges"].([]any)
	if len(edges) != 1 {
		return "", fmt.Errorf("no region with code %s", code)
	}
	return edges[0].(map[string]any)["node"].(map[string]any)["id"].(string), nil
}

// sampleNodes picks up to n internships a reader may see, spread evenly
// over the table: IDs are drawn between the first and the last, and kept
// when they resolve.
func sampleNodes(base string, n int) ([]string, error) {
	data, err := graphqlPost(base, "", `{ first: internships(first: 1) { edges { node { id } } } last: internships(last: 1) { edges { node { id } } } }`, nil)
	if err != nil {
		return nil, err
	}
	bound := func(k string) (int, error) {
		edges := data[k].(map[string]any)["edges"].([]any)
		if len(edges) == 0 {
			return 0, errors.New("no internships")
		}
		return strconv.Atoi(edges[0].(map[string]any)["node"].(map[string]any)["id"].(string))
	}
	lo, err := bound("first")
	if err != nil {
		return nil, err
	}
	hi, err := bound("last")
	if err != nil {
		return nil, err
	}
	r := rand.New(rand.NewPCG(1, 2))
	var ids []string
	for batch := 0; len(ids) < n && batch < 2*n/100+10; batch++ {
		var candidates []string
		for range 100 {
			candidates = append(candidates, strconv.Itoa(lo+r.IntN(hi-lo+1)))
		}
		// nodes(ids:) answers null, with an error, for what the reader may not see.
		body, _ := json.Marshal(map[string]any{"query": `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, "variables": map[string]any{"ids": candidates}})
		resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		var out struct {
			Data struct{ Nodes []*struct{ ID string } }
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		for _, node := range out.Data.Nodes {
			if node != nil && len(ids) < n {
				ids = append(ids, node.ID)
			}
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("no visible internships to fetch by ID")
	}
	return ids, nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func fmtDur(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + "ms"
}
