package main

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"chanjiao/internal/auth"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/gorilla/websocket"
)

// gorillaWebsocket is gqlgen's websocket layer built on gorilla/websocket:
// it accepts connections (after the origin check has passed), gives every
// write a deadline so that a client that stops reading is cut off instead
// of holding memory, and keeps track of open connections so that shutdown
// can close them (http.Server.Shutdown does not wait for hijacked ones).
type gorillaWebsocket struct {
	upgrader     websocket.Upgrader
	writeTimeout time.Duration

	mu      sync.Mutex
	conns   map[*gorillaConn]struct{}
	perAddr map[string]int
}

func newGorillaWebsocket(writeTimeout time.Duration) *gorillaWebsocket {
	return &gorillaWebsocket{
		upgrader: websocket.Upgrader{
			// A small read buffer of its own (net/http's 4 KiB one is then
			// freed with the request: see detach) and write buffers borrowed
			// from a pool only while writing: with tens of thousands of idle
			// clients every kilobyte per connection counts. Larger messages
			// still read and write in pieces.
			ReadBufferSize:  256,
			WriteBufferPool: &sync.Pool{},
			// The origin was checked before gqlgen saw the request.
			CheckOrigin: func(*http.Request) bool { return true },
			Error: func(w http.ResponseWriter, r *http.Request, status int, reason error) {
				writeHTTPError(w, status, "websocket handshake failed: "+reason.Error())
			},
		},
		writeTimeout: writeTimeout,
		conns:        map[*gorillaConn]struct{}{},
		perAddr:      map[string]int{},
	}
}

var _ transport.WebsocketImplementation = (*gorillaWebsocket)(nil)

// Accept upgrades the request, negotiating one of gqlgen's subprotocols.
func (g *gorillaWebsocket) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	up := g.upgrader
	up.Subprotocols = opts.Subprotocols
	conn, err := up.Upgrade(w, r, opts.ResponseHeader)
	if err != nil {
		return nil, err
	}
	c := &gorillaConn{conn: conn, owner: g, writeTimeout: g.writeTimeout, addr: auth.ClientAddr(r.Context())}
	g.mu.Lock()
	g.conns[c] = struct{}{}
	g.perAddr[c.addr]++
	g.mu.Unlock()
	return c, nil
}

// admit reports whether addr may open another websocket (max 0: no cap).
// Handshakes under way are not counted, so a burst may overshoot a little.
func (g *gorillaWebsocket) admit(addr string, max int) bool {
	if max <= 0 {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.perAddr[addr] < max
}

// Open is how many websocket connections are open.
func (g *gorillaWebsocket) Open() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.conns)
}

// CloseAll closes every open connection with code and reason.
func (g *gorillaWebsocket) CloseAll(code int, reason string) {
	g.mu.Lock()
	conns := make([]*gorillaConn, 0, len(g.conns))
	for c := range g.conns {
		conns = append(conns, c)
	}
	g.mu.Unlock()
	for _, c := range conns {
		c.WriteClose(code, reason)
		c.Close()
	}
}

// gorillaConn adapts a gorilla connection to gqlgen. gqlgen serialises data
// writes under its own lock; control frames (WriteClose) are safe
// concurrently in gorilla.
type gorillaConn struct {
	conn         *websocket.Conn
	addr         string
	owner        *gorillaWebsocket
	writeTimeout time.Duration
	closeOnce    sync.Once
}

var (
	_ transport.WebsocketConn          = (*gorillaConn)(nil)
	_ transport.WebsocketReadLimiter   = (*gorillaConn)(nil)
	_ transport.WebsocketReadDeadliner = (*gorillaConn)(nil)
)

// NextReader returns the next message; a normal close by the peer is
// transport.ErrWebsocketClosed, as gqlgen expects.
func (c *gorillaConn) NextReader() (int, io.Reader, error) {
	t, r, err := c.conn.NextReader()
	if websocket.IsCloseError(err, websocket.CloseNormalClosure, websocket.CloseNoStatusReceived) {
		return t, r, transport.ErrWebsocketClosed
	}
	return t, r, err
}

// WriteJSON writes a message within the write timeout; a client that does
// not take it in time is disconnected.
func (c *gorillaConn) WriteJSON(v any) error {
	c.conn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	err := c.conn.WriteJSON(v)
	if err != nil {
		c.Close()
	}
	return err
}

func (c *gorillaConn) WriteClose(code int, message string) error {
	err := c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, message), time.Now().Add(time.Second))
	if errors.Is(err, websocket.ErrCloseSent) {
		return nil
	}
	return err
}

func (c *gorillaConn) Close() error {
	c.closeOnce.Do(func() {
		c.owner.mu.Lock()
		delete(c.owner.conns, c)
		if c.owner.perAddr[c.addr]--; c.owner.perAddr[c.addr] <= 0 {
			delete(c.owner.perAddr, c.addr)
		}
		c.owner.mu.Unlock()
	})
	return c.conn.Close()
}

func (c *gorillaConn) Subprotocol() string               { return c.conn.Subprotocol() }
func (c *gorillaConn) SetReadLimit(limit int64)          { c.conn.SetReadLimit(limit) }
func (c *gorillaConn) SetReadDeadline(t time.Time) error { return c.conn.SetReadDeadline(t) }

// originAllowed reports whether a websocket handshake may proceed: a
// browser's page must come from this server or from an allowed origin;
// requests without an Origin (programs, not browsers) pass.
func originAllowed(r *http.Request, allowed []string) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	if strings.EqualFold(u.Host, r.Host) {
		return true
	}
	return slices.ContainsFunc(allowed, func(a string) bool {
		return a == "*" || strings.EqualFold(strings.TrimSuffix(a, "/"), origin)
	})
}
