package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"chanjiao/graph"
	"chanjiao/internal/httpgzip"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The media types of GraphQL responses over HTTP.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// httpTransport is GraphQL over HTTP as the GraphQL-over-HTTP
// specification has it, every MUST and SHOULD: POST with a JSON body (no
// form or multipart bodies, so no cross-site form can post a mutation),
// GET for queries only (a mutation gets 405), the response media type
// negotiated from Accept, request errors answered 400 for
// application/graphql-response+json (without a data entry) and 200 for
// application/json. gqlgen's own POST and GET transports miss five of the
// specification's SHOULDs, checked by graphql-http's audits
// (internal/conformance).
//
// A response of compressMin bytes or more goes compressed (gzip) to a
// client that accepts it. No response to a request a browser sends for
// another site holds a secret to guess by its compressed length (BREACH):
// tokens come in the Authorization header, never in cookies.
type httpTransport struct {
	maxBody     int64
	compressMin int
}

var _ graphql.Transport = httpTransport{}

func (httpTransport) Supports(r *http.Request) bool {
	return r.Header.Get("Upgrade") == "" && (r.Method == http.MethodPost || r.Method == http.MethodGet)
}

func (t httpTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if t.compressMin > 0 {
		w.Header().Add("Vary", "Accept-Encoding")
		if httpgzip.Accepts(r.Header.Get("Accept-Encoding")) {
			w = gzipAccepted{w, t.compressMin}
		}
	}
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		respondError(w, mediaJSON, http.StatusNotAcceptable, "BAD_REQUEST", "the response is application/graphql-response+json or application/json: accept one of them")
		return
	}
	params, status, problem := t.params(r)
	if status != 0 {
		respondError(w, media, status, "BAD_REQUEST", problem)
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: graphql.Now(), End: graphql.Now()}

	ctx := r.Context()
	rc, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		status := http.StatusOK
		if media == mediaGraphQLResponse && !persistedQueryNotFound(errs) {
			status = http.StatusBadRequest
		}
		respond(w, media, status, &errorsOnly{Errors: resp.Errors, Extensions: resp.Extensions})
		return
	}
	switch op := rc.Operation.Operation; {
	case r.Method == http.MethodGet && op == ast.Mutation:
		w.Header().Set("Allow", http.MethodPost)
		respondError(w, media, http.StatusMethodNotAllowed, "BAD_REQUEST", "mutations are sent with POST")
		return
	case op == ast.Subscription:
		respondError(w, media, http.StatusBadRequest, "BAD_REQUEST", "subscriptions are served over the websocket at /graphql")
		return
	}
	buf := responseBuffers.Get().(*bytes.Buffer)
	responses, ctx := exec.DispatchOperation(graph.WithResponseBuffer(ctx, buf), rc)
	respondResult(w, media, responses(ctx))
	// Written, and nothing keeps it: the buffer serves another request.
	if buf.Cap() <= maxKeptResponse {
		responseBuffers.Put(buf)
	}
}

// responseBuffers are the buffers lent to operations for their results
// (graph.WithResponseBuffer), kept from one request to the next.
var responseBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxKeptResponse is the largest buffer kept for another request: a rare
// response of megabytes is not held on to.
const maxKeptResponse = 1 << 20

// params reads the request's GraphQL parameters; a status other than 0
// refuses the request with the problem given.
func (t httpTransport) params(r *http.Request) (params *graphql.RawParams, status int, problem string) {
	// The parameters as JSON gives them, checked below: a POST's body is
	// read in one pass, not once as an object and again for each member.
	var raw struct {
		Query         any `json:"query"`
		OperationName any `json:"operationName"`
		Variables     any `json:"variables"`
		Extensions    any `json:"extensions"`
	}
	if r.Method == http.MethodGet {
		q := r.URL.Query()
		if q.Has("query") {
			raw.Query = q.Get("query")
		}
		if q.Has("operationName") {
			raw.OperationName = q.Get("operationName")
		}
		if err := decodeQueryValue(q.Get("variables"), &raw.Variables); err != nil {
			return nil, http.StatusBadRequest, "variables must be a JSON object or null"
		}
		if err := decodeQueryValue(q.Get("extensions"), &raw.Extensions); err != nil {
			return nil, http.StatusBadRequest, "extensions must be a JSON object or null"
		}
	} else {
		media, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || media != mediaJSON {
			return nil, http.StatusUnsupportedMediaType, "send the request as application/json"
		}
		if r.ContentLength > t.maxBody {
			return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", t.maxBody)
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, t.maxBody+1))
		if err != nil {
			return nil, http.StatusBadRequest, "the request body could not be read"
		}
		if int64(len(body)) > t.maxBody {
			return nil, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than %d bytes", t.maxBody)
		}
		if b := bytes.TrimSpace(body); len(b) > 0 && b[0] == '[' {
			return nil, http.StatusBadRequest, "batched requests are not supported: send one operation per request"
		}
		if err := decodeValue(body, &raw); err != nil {
			return nil, http.StatusBadRequest, "the request body is not a JSON object with query, variables, operationName and extensions"
		}
	}
	params = &graphql.RawParams{}
	var ok bool
	if params.Query, ok = stringOrNull(raw.Query); !ok {
		return nil, http.StatusBadRequest, "query must be a string"
	}
	if params.OperationName, ok = stringOrNull(raw.OperationName); !ok {
		return nil, http.StatusBadRequest, "operationName must be a string or null"
	}
	if params.Variables, ok = objectOrNull(raw.Variables); !ok {
		return nil, http.StatusBadRequest, "variables must be a JSON object or null"
	}
	if params.Extensions, ok = objectOrNull(raw.Extensions); !ok {
		return nil, http.StatusBadRequest, "extensions must be a JSON object or null"
	}
	if params.Query == "" && params.Extensions["persistedQuery"] == nil {
		return nil, http.StatusBadRequest, "no query: send query (or, for a persisted query, extensions.persistedQuery)"
	}
	return params, 0, ""
}

// decodeValue decodes one JSON value, its numbers as json.Number as
// gqlgen's own transports read variables, into v; nothing but space may
// follow it.
func decodeValue(data []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return err
	}
	if len(bytes.TrimSpace(data[d.InputOffset():])) != 0 {
		return errors.New("trailing data")
	}
	return nil
}

// decodeQueryValue is decodeValue of a URL query's parameter, when given.
func decodeQueryValue(data string, v any) error {
	if data == "" {
		return nil
	}
	return decodeValue([]byte(data), v)
}

// stringOrNull is a parameter that is a string, or absent or null ("").
func stringOrNull(v any) (string, bool) {
	if v == nil {
		return "", true
	}
	s, ok := v.(string)
	return s, ok
}

// objectOrNull is a parameter that is an object, or absent or null (nil).
func objectOrNull(v any) (map[string]any, bool) {
	if v == nil {
		return nil, true
	}
	m, ok := v.(map[string]any)
	return m, ok
}

// negotiate picks the response media type from Accept: the
// graphql-response type when the client accepts it at least as much as
// application/json, application/json otherwise (and when Accept is
// missing, as the specification says for legacy clients).
func negotiate(accept string) (string, bool) {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON, true
	}
	q := map[string]float64{}
	for _, part := range strings.Split(accept, ",") {
		media, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		weight := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				weight = f
			}
		}
		if weight > q[media] {
			q[media] = weight
		}
	}
	wildcard := max(q["*/*"], q["application/*"])
	gr, js := max(q[mediaGraphQLResponse], wildcard), max(q[mediaJSON], wildcard)
	switch {
	case q[mediaGraphQLResponse] > 0 && q[mediaGraphQLResponse] >= js:
		return mediaGraphQLResponse, true
	case js > 0:
		return mediaJSON, true
	case gr > 0:
		return mediaGraphQLResponse, true
	}
	return "", false
}

// errorsOnly is a response to a request that was not executed: it has no
// data entry at all.
type errorsOnly struct {
	Errors     gqlerror.List  `json:"errors"`
	Extensions map[string]any `json:"extensions,omitempty"`
}

func respond(w http.ResponseWriter, media string, status int, body any) {
	b, err := json.Marshal(body)
	if err != nil {
		b, status = internalError, http.StatusInternalServerError
	}
	write(w, media, status, b)
}

var internalError = []byte(`{"errors":[{"message":"internal error","extensions":{"code":"INTERNAL"}}]}`)

// respondResult writes the response of an executed operation. Its data is
// JSON the executor wrote, copied as it is: json.Marshal would scan and
// compact it once more, which cost 8 % of the server's time for a page of
// fifty internships (BENCHMARKS.md). Without json.Marshal, "<", ">" and "&"
// in strings are not escaped as \u003c…; nosniff keeps a browser from
// reading the response as anything but JSON.
func respondResult(w http.ResponseWriter, media string, resp *graphql.Response) {
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
		respond(w, media, http.StatusOK, resp) // incremental delivery: not sent over this transport
		return
	}
	head := make([]byte, 0, 64)
	head = append(head, '{')
	if len(resp.Errors) > 0 {
		b, err := json.Marshal(resp.Errors)
		if err != nil {
			write(w, media, http.StatusInternalServerError, internalError)
			return
		}
		head = append(append(append(head, `"errors":`...), b...), ',')
	}
	head = append(head, `"data":`...)
	data := []byte(resp.Data)
	if len(data) == 0 {
		data = null
	}
	tail := closeBrace
	if len(resp.Extensions) > 0 {
		b, err := json.Marshal(resp.Extensions)
		if err != nil {
			write(w, media, http.StatusInternalServerError, internalError)
			return
		}
		tail = append(append([]byte(`,"extensions":`), b...), '}')
	}
	write(w, media, http.StatusOK, head, data, tail)
}

var (
	null       = []byte("null")
	closeBrace = []byte("}")
)

// write sends a response of the given parts, with its length: a body of
// more than 2 KiB would otherwise be sent in chunks. The parts go to the
// connection as one write: net/http buffers 2 KiB before it writes and
// sends what a handler writes beyond that as it comes, so a page of data
// written between its envelope's braces took three system calls, the last
// for the closing brace alone, where one body written at once takes two
// (its headers and first 4 KiB, then the rest). To a client that accepts
// gzip (gzipAccepted), a body of its minimum or more goes compressed.
func write(w http.ResponseWriter, media string, status int, body ...[]byte) {
	n := 0
	for _, b := range body {
		n += len(b)
	}
	h := w.Header()
	h.Set("Content-Type", media+"; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	gz, compress := w.(gzipAccepted)
	compress = compress && n >= gz.min
	if !compress && len(body) == 1 {
		h.Set("Content-Length", strconv.Itoa(n))
		w.WriteHeader(status)
		w.Write(body[0])
		return
	}
	buf := bodies.Get().(*[]byte)
	b := (*buf)[:0]
	if compress {
		b = httpgzip.Append(b, gzip.BestSpeed, body...)
		h.Set("Content-Encoding", "gzip")
	} else {
		for _, part := range body {
			b = append(b, part...)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
	if cap(b) <= maxPooledBody {
		*buf = b
		bodies.Put(buf)
	}
}

// gzipAccepted is the response writer of a request whose client accepts
// gzip: write compresses a body of min bytes or more.
type gzipAccepted struct {
	http.ResponseWriter
	min int
}

// bodies are the buffers write joins a response's parts in; one larger
// than maxPooledBody is left to the collector, not kept for the next.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledBody = 256 << 10

// respondError refuses a request before GraphQL sees it.
func respondError(w http.ResponseWriter, media string, status int, code, message string) {
	respond(w, media, status, &errorsOnly{Errors: gqlerror.List{{Message: message, Extensions: map[string]any{"code": code}}}})
}

// persistedQueryNotFound reports the answer to an automatic persisted
// query the server does not know yet: a step of the protocol (the client
// then sends the query), not a failure.
func persistedQueryNotFound(errs gqlerror.List) bool {
	for _, e := range errs {
		if e.Extensions["code"] == "PERSISTED_QUERY_NOT_FOUND" {
			return true
		}
	}
	return false
}
