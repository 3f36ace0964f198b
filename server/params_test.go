package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// TestRequestParameters: a request's query, operationName, variables and
// extensions are read from a POST's body in one pass and from a GET's URL,
// numbers as json.Number; a parameter of the wrong type, a body that is
// not one JSON object, or no query, is refused with what is wrong.
func TestRequestParameters(t *testing.T) {
	tr := httpTransport{maxBody: 1 << 10}
	post := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
		return r
	}
	get := func(q url.Values) *http.Request {
		return httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil)
	}
	notObject := "the request body is not a JSON object with query, variables, operationName and extensions"
	for _, c := range []struct {
		name    string
		r       *http.Request
		problem string
		query   string
		opName  string
		vars    map[string]any
		ext     map[string]any
	}{
		{name: "all four", r: post(` {"query":"query Q($n: Int) { a }","operationName":"Q","variables":{"n":1.50,"s":["x"]},"extensions":{"e":{"f":2}}} `),
			query: "query Q($n: Int) { a }", opName: "Q",
			vars: map[string]any{"n": json.Number("1.50"), "s": []any{"x"}}, ext: map[string]any{"e": map[string]any{"f": json.Number("2")}}},
		{name: "nulls", r: post(`{"query":"{ a }","operationName":null,"variables":null,"extensions":null}`), query: "{ a }"},
		{name: "the last of a name twice", r: post(`{"query":"{ a }","query":"{ b }"}`), query: "{ b }"},
		{name: "members unknown", r: post(`{"query":"{ a }","other":[1,{"x":2}]}`), query: "{ a }"},
		{name: "a persisted query", r: post(`{"extensions":{"persistedQuery":{"version":1}}}`),
			ext: map[string]any{"persistedQuery": map[string]any{"version": json.Number("1")}}},
		{name: "empty body", r: post(``), problem: notObject},
		{name: "space", r: post("  \n"), problem: notObject},
		{name: "not JSON", r: post(`{"query":`), problem: notObject},
		{name: "a string", r: post(`"{ a }"`), problem: notObject},
		{name: "trailing data", r: post(`{"query":"{ a }"} {}`), problem: notObject},
		{name: "trailing junk", r: post(`{"query":"{ a }"}x`), problem: notObject},
		{name: "null body", r: post(`null`), problem: "no query: send query (or, for a persisted query, extensions.persistedQuery)"},
		{name: "no query", r: post(`{"variables":{}}`), problem: "no query: send query (or, for a persisted query, extensions.persistedQuery)"},
		{name: "batch", r: post(` [{"query":"{ a }"}]`), problem: "batched requests are not supported: send one operation per request"},
		{name: "query a number", r: post(`{"query":1}`), problem: "query must be a string"},
		{name: "operationName an object", r: post(`{"query":"{ a }","operationName":{}}`), problem: "operationName must be a string or null"},
		{name: "variables a list", r: post(`{"query":"{ a }","variables":[1]}`), problem: "variables must be a JSON object or null"},
		{name: "variables a string", r: post(`{"query":"{ a }","variables":"{}"}`), problem: "variables must be a JSON object or null"},
		{name: "extensions true", r: post(`{"query":"{ a }","extensions":true}`), problem: "extensions must be a JSON object or null"},

		{name: "GET", r: get(url.Values{"query": {"{ a }"}, "operationName": {"Q"}, "variables": {`{"n":2}`}, "extensions": {`{"e":true}`}}),
			query: "{ a }", opName: "Q", vars: map[string]any{"n": json.Number("2")}, ext: map[string]any{"e": true}},
		{name: "GET variables null", r: get(url.Values{"query": {"{ a }"}, "variables": {"null"}}), query: "{ a }"},
		{name: "GET variables empty", r: get(url.Values{"query": {"{ a }"}, "variables": {""}}), query: "{ a }"},
		{name: "GET variables space", r: get(url.Values{"query": {"{ a }"}, "variables": {" "}}), problem: "variables must be a JSON object or null"},
		{name: "GET variables a list", r: get(url.Values{"query": {"{ a }"}, "variables": {"[1]"}}), problem: "variables must be a JSON object or null"},
		{name: "GET variables trailing", r: get(url.Values{"query": {"{ a }"}, "variables": {`{"n":2}x`}}), problem: "variables must be a JSON object or null"},
		{name: "GET extensions not JSON", r: get(url.Values{"query": {"{ a }"}, "extensions": {`{`}}), problem: "extensions must be a JSON object or null"},
		{name: "GET no query", r: get(url.Values{"variables": {`{}`}}), problem: "no query: send query (or, for a persisted query, extensions.persistedQuery)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			params, status, problem := tr.params(c.r)
			if problem != c.problem {
				t.Fatalf("problem %q (status %d), want %q", problem, status, c.problem)
			}
			if c.problem != "" {
				if status != http.StatusBadRequest || params != nil {
					t.Errorf("status %d, params %v: want 400 and none", status, params)
				}
				return
			}
			if params.Query != c.query || params.OperationName != c.opName {
				t.Errorf("query %q, operationName %q; want %q, %q", params.Query, params.OperationName, c.query, c.opName)
			}
			if !reflect.DeepEqual(params.Variables, c.vars) || !reflect.DeepEqual(params.Extensions, c.ext) {
				t.Errorf("variables %#v, extensions %#v; want %#v, %#v", params.Variables, params.Extensions, c.vars, c.ext)
			}
		})
	}
}
