package graph

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"sync"

	"chanjiao"
	"chanjiao/ent"
	"chanjiao/internal/notices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// chanSink feeds a subscription's notices, converted to what the
// subscription returns, into the channel gqlgen reads.
type chanSink[T any] struct {
	ctx     context.Context
	ch      chan T
	convert func(*notices.Item) (T, bool)
}

func (s *chanSink[T]) Deliver(it *notices.Item) bool {
	v, ok := s.convert(it)
	if !ok {
		return true
	}
	select {
	case s.ch <- v:
		return true
	default:
		return false
	}
}

func (s *chanSink[T]) Send(ctx context.Context, it *notices.Item) bool {
	v, ok := s.convert(it)
	if !ok {
		return true
	}
	select {
	case s.ch <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *chanSink[T]) Close(err error) {
	if end := endOf(s.ctx); end != nil && err != nil {
		end.set(err)
	}
	close(s.ch)
}

// SubscriptionErrors is the extension that reports why the hub ended a
// subscription. The hub ends it from its own goroutine, but gqlgen reads a
// subscription's errors from the subscription's goroutine: so the reason is
// kept here, and handed to gqlgen from that goroutine once the stream ends.
type SubscriptionErrors struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = SubscriptionErrors{}

func (SubscriptionErrors) ExtensionName() string                   { return "SubscriptionErrors" }
func (SubscriptionErrors) Validate(graphql.ExecutableSchema) error { return nil }

func (SubscriptionErrors) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx).Operation; op == nil || op.Operation != ast.Subscription {
		return next(ctx)
	}
	end := &streamEnd{}
	responses := next(context.WithValue(ctx, streamEndKey{}, end))
	return func(ctx context.Context) *graphql.Response {
		resp := responses(ctx)
		if resp == nil {
			if err := end.get(); err != nil {
				transport.AddSubscriptionError(ctx, subscriptionError(err))
			}
		}
		return resp
	}
}

type streamEndKey struct{}

// streamEnd holds why a subscription's stream ended.
type streamEnd struct {
	mu  sync.Mutex
	err error
}

func (e *streamEnd) set(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.err = err
}

func (e *streamEnd) get() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.err
}

func endOf(ctx context.Context) *streamEnd {
	e, _ := ctx.Value(streamEndKey{}).(*streamEnd)
	return e
}

// subscribe opens a subscription on the hub and returns its channel.
func subscribe[T any](ctx context.Context, hub *notices.Hub, f *notices.Filter, after *ent.Cursor, convert func(*notices.Item) (T, bool)) (<-chan T, error) {
	var filter notices.Filter
	if f != nil {
		filter = *f
	}
	var from *int
	if after != nil {
		from = &after.ID
	}
	s := &chanSink[T]{ctx: ctx, ch: make(chan T, hub.Buffer()), convert: convert}
	if err := hub.Subscribe(ctx, filter, from, s); err != nil {
		return nil, err
	}
	return s.ch, nil
}

// subscriptionError is how a subscription the hub ended says why: with the
// cursor to resume from when it fell behind.
func subscriptionError(err error) *gqlerror.Error {
	out := &gqlerror.Error{Message: err.Error(), Extensions: map[string]any{"code": string(chanjiao.ErrorCode(err))}}
	var slow *notices.SlowError
	if errors.As(err, &slow) {
		out.Extensions["code"] = string(chanjiao.Unavailable)
		if slow.Last > 0 {
			out.Extensions["cursor"] = cursorString(slow.Last)
		}
	}
	return out
}

// cursorString encodes a notice's cursor as the API shows it.
func cursorString(id int) string {
	var b bytes.Buffer
	ent.Cursor{ID: id}.MarshalGQL(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		return b.String()
	}
	return s
}
