package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"entgo.io/ent/dialect"
)

// TestConcurrentResponsesAreWhole: the server writes results into buffers
// it keeps from one request to the next (graph.WithResponseBuffer). With
// requests of different results in flight at once, queries and a failing
// mutation, each response is whole and its own: a buffer handed to another
// request before its response was written would mix them.
func TestConcurrentResponsesAreWhole(t *testing.T) {
	m := startWith(t, demo(t, dialect.SQLite), "demo", func(c *Config) { c.RatePerAddress, c.RatePerToken = 0, 0 })
	operations := []string{
		`{ internships(first: 20) { edges { node { id title positions enterprise { id name } } } } }`,
		`{ enterprises(first: 5) { edges { node { id name internships(first: 3) { edges { node { title } } } } } } }`,
		`{ regions(first: 3) { edges { node { id name } } } }`,
		`{ __typename }`,
		`mutation { logout }`, // no one is signed in: an error, and no data
	}
	post := func(op string) (string, error) {
		body, _ := json.Marshal(map[string]string{"query": op})
		resp, err := http.Post("http://"+m.Addr()+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	want := make([]string, len(operations))
	for i, op := range operations {
		var err error
		if want[i], err = post(op); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(want[4], `"errors"`) || len(want[0]) < 1000 {
		t.Fatalf("the operations do not answer as expected:\n%s\n%s", want[0], want[4])
	}

	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for c := range 8 {
		wg.Go(func() {
			for n := range 75 {
				i := (c + n) % len(operations)
				got, err := post(operations[i])
				if err == nil && got != want[i] {
					err = fmt.Errorf("%s answered\n%s\nwant\n%s", operations[i], got, want[i])
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestResponseBufferKeptUntilWritten: the buffer a response is written
// from is not among the server's free buffers while it is written, where
// the next request on the same processor would take it and write over it.
func TestResponseBufferKeptUntilWritten(t *testing.T) {
	m := startWith(t, demo(t, dialect.SQLite), "demo", nil)
	writes := 0
	w := &checkedWriter{ResponseRecorder: httptest.NewRecorder(), check: func(b []byte) {
		writes++
		var taken []*bytes.Buffer
		for range 4 {
			buf := responseBuffers.Get().(*bytes.Buffer)
			taken = append(taken, buf)
			if buf.Cap() > 0 && len(b) > 0 && unsafe.SliceData(buf.Bytes()) == unsafe.SliceData(b) {
				t.Error("a response is written from a buffer the next request may take")
			}
		}
		for _, buf := range taken {
			responseBuffers.Put(buf)
		}
	}}
	r := httptest.NewRequest("POST", "/graphql", strings.NewReader(`{"query":"{ regions(first: 3) { edges { node { id name } } } }"}`))
	r.Header.Set("Content-Type", "application/json")
	r.RemoteAddr = "127.0.0.1:40000"
	m.http.Handler.ServeHTTP(w, r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"regions"`) || writes == 0 {
		t.Fatalf("%d, %d writes: %s", w.Code, writes, w.Body)
	}
}

// checkedWriter calls check with every part of the body before writing it.
type checkedWriter struct {
	*httptest.ResponseRecorder
	check func([]byte)
}

func (w *checkedWriter) Write(b []byte) (int, error) {
	w.check(b)
	return w.ResponseRecorder.Write(b)
}
