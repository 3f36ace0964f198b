// Command loadgen measures a running Chanjiao server from outside, as its
// users load it: the canonical GraphQL operations over HTTP, and the
// fan-out of one notice to many websocket subscribers.
//
//	go run ./internal/loadgen http -url http://127.0.0.1:8080 -ops a,b,c,d,e -runs 3
//	go run ./internal/loadgen fanout -url http://127.0.0.1:8080 -subscribers 10000 -notices 30
//
// BENCHMARKS.md gives the exact commands and the figures.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen http|fanout|fanout-worker [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "http":
		err = httpLoad(os.Args[2:])
	case "fanout":
		err = fanout(os.Args[2:])
	case "fanout-worker":
		err = fanoutWorker(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}
