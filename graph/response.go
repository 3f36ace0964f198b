package graph

import (
	"bytes"
	"context"
)

// WithResponseBuffer lends buf to the operation executed with ctx: the
// result of a query or a mutation is written into it (the executor calls
// responseBuffer where gqlgen declares a bytes.Buffer of its own;
// internal/execgen), so that a server that keeps its buffers writes a
// response of 30 KB without growing a buffer from nothing through ten
// allocations and copies. The response's data then aliases buf: the
// caller may reuse buf only once it has written the response and keeps
// nothing of it. Only the first response of the operation is written into
// buf; the results a @defer delivers later get buffers of their own.
func WithResponseBuffer(ctx context.Context, buf *bytes.Buffer) context.Context {
	return context.WithValue(ctx, lentKey{}, &lent{buf: buf})
}

type lentKey struct{}

type lent struct {
	buf   *bytes.Buffer
	taken bool // by the operation's first response
}

// responseBuffer is the buffer an operation's response is written into:
// the one lent with ctx, emptied, the first time it is asked for; a new one
// otherwise. An operation's responses are made one after another.
func responseBuffer(ctx context.Context) *bytes.Buffer {
	if l, ok := ctx.Value(lentKey{}).(*lent); ok && !l.taken {
		l.taken = true
		l.buf.Reset()
		return l.buf
	}
	return new(bytes.Buffer)
}
