package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"chanjiao/internal/gqlws"

	"github.com/gorilla/websocket"
)

// fanout opens subscribers (in worker processes, each under the open-file
// limit), posts notices one at a time, and reports the time from sending
// each mutation to the moment its notice reached the last subscriber, the
// mutation's own response time, and the server's memory and CPU.
func fanout(args []string) error {
	fs := flag.NewFlagSet("fanout", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server")
	subscribers := fs.Int("subscribers", 1000, "subscriptions to open")
	perWorker := fs.Int("per-worker", 9000, "subscriptions per worker process (each needs a file descriptor)")
	notices := fs.Int("notices", 30, "notices to post, one at a time")
	debug := fs.String("debug", "", "the server's --debug-addr URL (http://127.0.0.1:6060), to force a garbage collection before reading memory")
	email := fs.String("email", "hr@rhein-koester.demo", "the account that posts")
	password := fs.String("password", "chanjiao-demo", "its password")
	hold := fs.Duration("hold", 0, "keep the subscriptions open this long at the end (to profile the server)")
	fs.Parse(args)

	token, err := login(*base, *email, *password)
	if err != nil {
		return err
	}
	enterprise, region, err := postingTarget(*base, token)
	if err != nil {
		return err
	}
	before, err := serverStats(*base, *debug)
	if err != nil {
		return err
	}

	// Start the workers and wait until every subscription is open.
	var workers []*worker
	for left := *subscribers; left > 0; left -= *perWorker {
		w, err := startWorker(*base, min(left, *perWorker))
		if err != nil {
			return err
		}
		defer w.stop()
		workers = append(workers, w)
	}
	opened := time.Now()
	for _, w := range workers {
		if err := w.ready(); err != nil {
			return err
		}
	}
	fmt.Printf("opened %d subscriptions in %s\n", *subscribers, time.Since(opened).Round(time.Millisecond))
	time.Sleep(2 * time.Second) // let the server settle
	loaded, err := serverStats(*base, *debug)
	if err != nil {
		return err
	}
	var clientCPU0 time.Duration
	for _, w := range workers {
		clientCPU0 += processCPU(w.cmd.Process.Pid)
	}

	var latencies, responses []time.Duration
	for i := range *notices {
		sent := time.Now()
		id, err := post(*base, token, enterprise, region, fmt.Sprintf("fan-out %d", i))
		if err != nil {
			return err
		}
		responses = append(responses, time.Since(sent))
		var last time.Time
		for _, w := range workers {
			at, err := w.received(id, 30*time.Second)
			if err != nil {
				return fmt.Errorf("notice %s: %w", id, err)
			}
			if at.After(last) {
				last = at
			}
		}
		latencies = append(latencies, last.Sub(sent))
		time.Sleep(200 * time.Millisecond)
	}
	after, err := serverStats(*base, "")
	if err != nil {
		return err
	}
	var clientCPU time.Duration
	for _, w := range workers {
		clientCPU += processCPU(w.cmd.Process.Pid)
	}

	fmt.Printf("subscribers %d, notices %d\n", *subscribers, *notices)
	fmt.Printf("latency to the last subscriber: p50 %s  p99 %s  max %s\n", pct(latencies, 50), pct(latencies, 99), pct(latencies, 100))
	fmt.Printf("mutation response:             p50 %s  p99 %s\n", pct(responses, 50), pct(responses, 99))
	per := func(f func(stats) float64) float64 { return (f(loaded) - f(before)) / 1024 / float64(*subscribers) }
	fmt.Printf("server memory per idle subscriber: %.1f KiB live heap + goroutine stacks (%.1f heap, %.1f stacks); %.1f KiB resident\n",
		per(func(s stats) float64 { return s.heap + s.stacks }), per(func(s stats) float64 { return s.heap }), per(func(s stats) float64 { return s.stacks }),
		per(func(s stats) float64 { return s.rss }))
	fmt.Printf("server goroutines: %.0f before, %.0f with the subscribers (%.1f a subscriber)\n", before.goroutines, loaded.goroutines, (loaded.goroutines-before.goroutines)/float64(*subscribers))
	cpu := time.Duration((after.cpu - loaded.cpu) * float64(time.Second))
	fmt.Printf("load generator CPU: %s for %d notices (%s a notice) — on one machine, taken from the server\n",
		(clientCPU - clientCPU0).Round(time.Millisecond), *notices, ((clientCPU - clientCPU0) / time.Duration(*notices)).Round(time.Millisecond))
	fmt.Printf("server CPU: %s for %d notices (%s a notice, %.1f µs a delivery)\n", cpu.Round(time.Millisecond), *notices, (cpu / time.Duration(*notices)).Round(time.Millisecond),
		float64(cpu.Microseconds())/float64(*notices**subscribers))
	time.Sleep(*hold)
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))].Round(100 * time.Microsecond)
}

// worker is a child process holding subscriptions.
type worker struct {
	cmd   *exec.Cmd
	lines *bufio.Scanner
	seen  map[string]time.Time
}

func startWorker(base string, n int) (*worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "fanout-worker", "-url", base, "-subscribers", strconv.Itoa(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(out)
	return &worker{cmd: cmd, lines: sc, seen: map[string]time.Time{}}, nil
}

func (w *worker) ready() error {
	for w.lines.Scan() {
		if strings.HasPrefix(w.lines.Text(), "ready") {
			return nil
		}
	}
	return fmt.Errorf("a worker ended before its subscriptions were open: %v", w.lines.Err())
}

// received waits until every subscription of the worker has notice id and
// returns when the last one got it.
func (w *worker) received(id string, timeout time.Duration) (time.Time, error) {
	if at, ok := w.seen[id]; ok {
		return at, nil
	}
	done := make(chan error, 1)
	go func() {
		for w.lines.Scan() {
			var notice string
			var nanos int64
			if _, err := fmt.Sscanf(w.lines.Text(), "done %s %d", &notice, &nanos); err == nil {
				w.seen[notice] = time.Unix(0, nanos)
				if notice == id {
					done <- nil
					return
				}
			}
		}
		done <- fmt.Errorf("worker ended: %v", w.lines.Err())
	}()
	select {
	case err := <-done:
		return w.seen[id], err
	case <-time.After(timeout):
		return time.Time{}, fmt.Errorf("not every subscriber received it in %s", timeout)
	}
}

func (w *worker) stop() {
	w.cmd.Process.Kill()
	w.cmd.Wait()
}

// fanoutWorker opens subscriptions and prints, for each notice, when the
// last of them received it. On one machine the clients' CPU is taken from
// the server's, so they do as little as they can: frames are read into a
// buffer per connection, and since the coordinator posts one notice at a
// time, a notice is counted with atomics and only the last reader decodes
// its ID. (A single epoll thread reading every socket was tried, and cost
// more.)
func fanoutWorker(args []string) error {
	fs := flag.NewFlagSet("fanout-worker", flag.ExitOnError)
	base := fs.String("url", "http://127.0.0.1:8080", "the server")
	n := fs.Int("subscribers", 1000, "subscriptions to open")
	fs.Parse(args)
	wsURL := "ws" + strings.TrimPrefix(*base, "http") + "/graphql"

	var (
		count, last atomic.Int64
		outMu       sync.Mutex
		out         = bufio.NewWriter(os.Stdout)
		open        atomic.Int64
	)
	dialer := &websocket.Dialer{HandshakeTimeout: 30 * time.Second, ReadBufferSize: 1024, WriteBufferSize: 512, Subprotocols: []string{gqlws.TransportWS}}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64) // handshakes at once
	for range *n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			conn, err := subscribeRaw(dialer, wsURL)
			<-sem
			if err != nil {
				fmt.Fprintln(os.Stderr, "subscribing:", err)
				os.Exit(1)
			}
			open.Add(1)
			go func() {
				buf := make([]byte, 512)
				for {
					_, r, err := conn.NextReader()
					if err != nil {
						fmt.Fprintln(os.Stderr, "subscription lost:", err)
						os.Exit(1)
					}
					size := 0
					for err == nil && size < len(buf) {
						var k int
						k, err = r.Read(buf[size:])
						size += k
					}
					msg := buf[:size]
					if bytes.Contains(msg, []byte(`"type":"ping"`)) {
						conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"pong"}`))
						continue
					}
					now := time.Now().UnixNano()
					for t := last.Load(); t < now && !last.CompareAndSwap(t, now); t = last.Load() {
					}
					if count.Add(1) == int64(*n) {
						id := noticeID(msg)
						if id == "" {
							fmt.Fprintf(os.Stderr, "unexpected message: %s\n", msg)
							os.Exit(1)
						}
						at := last.Swap(0)
						count.Store(0)
						outMu.Lock()
						fmt.Fprintf(out, "done %s %d\n", id, at)
						out.Flush()
						outMu.Unlock()
					}
				}
			}()
		}()
	}
	wg.Wait()
	// The server registers a subscription just after it answers: give the
	// last ones a moment before declaring them open.
	time.Sleep(time.Second)
	outMu.Lock()
	fmt.Fprintf(out, "ready %d\n", open.Load())
	out.Flush()
	outMu.Unlock()
	select {}
}

// subscribeRaw opens a graphql-transport-ws connection subscribed to the
// notice IDs.
func subscribeRaw(d *websocket.Dialer, url string) (*websocket.Conn, error) {
	conn, _, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	if err := conn.WriteMessage(websocket.TextMessage, []byte(`{"type":"connection_init"}`)); err != nil {
		return nil, err
	}
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return nil, err
		}
		if bytes.Contains(msg, []byte(`"connection_ack"`)) {
			break
		}
	}
	return conn, conn.WriteMessage(websocket.TextMessage, []byte(`{"id":"1","type":"subscribe","payload":{"query":"subscription { notices { id } }"}}`))
}

// noticeID finds "id":"…" in a next message.
func noticeID(msg []byte) string {
	i := bytes.Index(msg, []byte(`"notices":{"id":"`))
	if i < 0 {
		return ""
	}
	rest := msg[i+len(`"notices":{"id":"`):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

func graphqlPost(base, token, query string, vars map[string]any) (map[string]any, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		Data   map[string]any
		Errors []any
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%d: %s", resp.StatusCode, b)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%v", out.Errors)
	}
	return out.Data, nil
}

func login(base, email, password string) (string, error) {
	data, err := graphqlPost(base, "", `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, map[string]any{"e": email, "p": password})
	if err != nil {
		return "", err
	}
	return data["login"].(map[string]any)["token"].(string), nil
}

// postingTarget is the signed-in HR's enterprise and its region.
func postingTarget(base, token string) (enterprise, region string, err error) {
	data, err := graphqlPost(base, token, `{ viewer { account { enterprise { id region { id } } } } }`, nil)
	if err != nil {
		return "", "", err
	}
	e := data["viewer"].(map[string]any)["account"].(map[string]any)["enterprise"].(map[string]any)
	return e["id"].(string), e["region"].(map[string]any)["id"].(string), nil
}

// post creates an open internship and returns the ID of its notice.
func post(base, token, enterprise, region, title string) (string, error) {
	data, err := graphqlPost(base, token, `mutation($e: ID!, $r: ID!, $t: String!) { createInternship(input: {enterpriseID: $e, regionID: $r, title: $t, positions: 1}) { id } }`,
		map[string]any{"e": enterprise, "r": region, "t": title})
	if err != nil {
		return "", err
	}
	id := data["createInternship"].(map[string]any)["id"].(string)
	notice, err := graphqlPost(base, token, `query($id: ID!) { notices(where: {hasInternshipWith: {id: $id}}) { edges { node { id } } } }`, map[string]any{"id": id})
	if err != nil {
		return "", err
	}
	edges := notice["notices"].(map[string]any)["edges"].([]any)
	if len(edges) != 1 {
		return "", fmt.Errorf("internship %s has %d notices", id, len(edges))
	}
	return edges[0].(map[string]any)["node"].(map[string]any)["id"].(string), nil
}

// stats are what the fan-out reads of the server's /metrics.
type stats struct {
	heap, stacks, rss, cpu, goroutines float64
}

// serverStats reads the server's metrics, after a garbage collection when
// debug (its profiler's address) is given, so the live heap is current.
func serverStats(base, debug string) (stats, error) {
	if debug != "" {
		resp, err := http.Get(debug + "/debug/pprof/heap?gc=1")
		if err != nil {
			return stats{}, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return stats{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return stats{}, err
	}
	value := func(name string) float64 {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, name+" "); ok {
				f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
				return f
			}
		}
		return 0
	}
	return stats{
		heap:       value("go_gc_heap_live_bytes"),
		stacks:     value("go_memory_classes_heap_stacks_bytes") + value("go_memory_classes_os_stacks_bytes"),
		rss:        value("process_resident_memory_bytes"),
		cpu:        value("process_cpu_seconds_total"),
		goroutines: value("go_goroutines"),
	}, nil
}

// processCPU is a process's user and system CPU time so far (Linux).
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	fields := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // 100 clock ticks a second
}
