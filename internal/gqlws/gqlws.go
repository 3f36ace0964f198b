// Package gqlws is a small GraphQL-over-websocket client on
// gorilla/websocket, speaking both graphql-transport-ws and the legacy
// graphql-ws protocol. The tests and the load generator use it.
package gqlws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// The two subprotocols.
const (
	TransportWS = "graphql-transport-ws"
	LegacyWS    = "graphql-ws"
)

// Options configure a connection.
type Options struct {
	// Protocol is TransportWS (the default) or LegacyWS.
	Protocol string
	// Header is sent with the handshake (such as Origin).
	Header http.Header
	// Init is the connection_init payload, such as {"Authorization": "Bearer …"}.
	Init map[string]any
	// Buffer is how many messages a subscription's channel holds (default 1024).
	Buffer int
	// Dialer dials; nil uses websocket.DefaultDialer.
	Dialer *websocket.Dialer
}

// Message is one result of a subscription. The last message of a
// subscription has Done set (and Errors when it ended with an error).
type Message struct {
	Data   json.RawMessage
	Errors []Error
	Done   bool
}

// Error is a GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// Client is one websocket connection.
type Client struct {
	conn     *websocket.Conn
	protocol string
	buffer   int

	wmu  sync.Mutex
	mu   sync.Mutex
	subs map[string]chan Message
	next int
	err  error
	done chan struct{}
}

type envelope struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// Dial connects to url (ws://…/graphql) and completes connection_init.
func Dial(ctx context.Context, url string, o Options) (*Client, error) {
	if o.Protocol == "" {
		o.Protocol = TransportWS
	}
	if o.Buffer == 0 {
		o.Buffer = 1024
	}
	d := o.Dialer
	if d == nil {
		d = websocket.DefaultDialer
	}
	dialer := *d
	dialer.Subprotocols = []string{o.Protocol}
	conn, resp, err := dialer.DialContext(ctx, url, o.Header)
	if err != nil {
		if resp != nil {
			return nil, fmt.Errorf("%w (HTTP %d)", err, resp.StatusCode)
		}
		return nil, err
	}
	c := &Client{conn: conn, protocol: o.Protocol, buffer: o.Buffer, subs: map[string]chan Message{}, done: make(chan struct{})}
	init, _ := json.Marshal(o.Init)
	if o.Init == nil {
		init = nil
	}
	if err := c.write(envelope{Type: "connection_init", Payload: init}); err != nil {
		conn.Close()
		return nil, err
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetReadDeadline(deadline)
	} else {
		conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	}
	for {
		var m envelope
		if err := conn.ReadJSON(&m); err != nil {
			conn.Close()
			return nil, fmt.Errorf("waiting for connection_ack: %w", err)
		}
		switch m.Type {
		case "connection_ack":
			conn.SetReadDeadline(time.Time{})
			go c.read()
			return c, nil
		case "ka", "ping", "pong":
		default:
			conn.Close()
			return nil, fmt.Errorf("connection refused: %s %s", m.Type, m.Payload)
		}
	}
}

// Protocol is the negotiated subprotocol.
func (c *Client) Protocol() string { return c.conn.Subprotocol() }

// Subscribe starts an operation and returns its results.
func (c *Client) Subscribe(query string, vars map[string]any) (id string, results <-chan Message, err error) {
	payload, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return "", nil, err
	}
	ch := make(chan Message, c.buffer)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return "", nil, c.err
	}
	c.next++
	id = strconv.Itoa(c.next)
	c.subs[id] = ch
	c.mu.Unlock()
	typ := "subscribe"
	if c.protocol == LegacyWS {
		typ = "start"
	}
	if err := c.write(envelope{ID: id, Type: typ, Payload: payload}); err != nil {
		return "", nil, err
	}
	return id, ch, nil
}

// Unsubscribe stops an operation.
func (c *Client) Unsubscribe(id string) error {
	typ := "complete"
	if c.protocol == LegacyWS {
		typ = "stop"
	}
	return c.write(envelope{ID: id, Type: typ})
}

// Close closes the connection normally.
func (c *Client) Close() error {
	c.wmu.Lock()
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	err := c.conn.Close()
	<-c.done
	return err
}

// Drop closes the TCP connection without a websocket close, as a network
// failure would.
func (c *Client) Drop() {
	c.conn.NetConn().Close()
	<-c.done
}

// Err is why the connection ended, once it has.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Done is closed when the connection has ended.
func (c *Client) Done() <-chan struct{} { return c.done }

func (c *Client) write(m envelope) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.conn.WriteJSON(m)
}

func (c *Client) read() {
	defer close(c.done)
	for {
		var m envelope
		if err := c.conn.ReadJSON(&m); err != nil {
			c.finish(err)
			return
		}
		switch m.Type {
		case "ping":
			c.write(envelope{Type: "pong"})
		case "next", "data":
			var p struct {
				Data   json.RawMessage `json:"data"`
				Errors []Error         `json:"errors"`
			}
			json.Unmarshal(m.Payload, &p)
			c.deliver(m.ID, Message{Data: p.Data, Errors: p.Errors}, false)
		case "error":
			var errs []Error
			if json.Unmarshal(m.Payload, &errs) != nil {
				var one Error
				json.Unmarshal(m.Payload, &one)
				errs = []Error{one}
			}
			c.deliver(m.ID, Message{Errors: errs, Done: true}, true)
		case "complete":
			c.deliver(m.ID, Message{Done: true}, true)
		}
	}
}

func (c *Client) deliver(id string, m Message, last bool) {
	c.mu.Lock()
	ch := c.subs[id]
	if last {
		delete(c.subs, id)
	}
	c.mu.Unlock()
	if ch == nil {
		return
	}
	ch <- m
	if last {
		close(ch)
	}
}

// ErrClosed ends subscriptions whose connection closed.
var ErrClosed = errors.New("gqlws: connection closed")

func (c *Client) finish(err error) {
	c.mu.Lock()
	c.err = err
	subs := c.subs
	c.subs = map[string]chan Message{}
	c.mu.Unlock()
	for _, ch := range subs {
		ch <- Message{Done: true, Errors: []Error{{Message: fmt.Sprintf("%v: %v", ErrClosed, err)}}}
		close(ch)
	}
}
