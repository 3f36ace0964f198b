// Package graph is the GraphQL layer: thin resolvers over the ent client,
// the code gqlgen generates from schema.graphqls and graph/ent.graphqls, and
// the one place errors are classified for clients (errors.go). Who may do
// what is decided in ent (internal/rule, ent/schema), not here.
package graph

import (
	"time"

	"chanjiao/ent"
	"chanjiao/internal/auth"
	"chanjiao/internal/notices"
	"chanjiao/internal/stats"

	"github.com/99designs/gqlgen/graphql"
)

// Resolver is the resolver root: the only wiring point. Queries read
// through client; mutations take the request's transaction from the context
// (ent.FromContext), which entgql.Transactioner opens.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
	hub    *notices.Hub
	stats  *stats.Cache
}

// NewSchema returns the executable schema over client, signing people in
// with auth and streaming notices from hub. The dashboards' figures are
// shared by callers asking for the same filter for statsTTL, unless a
// notice arrives first (stats.Cache).
func NewSchema(client *ent.Client, auth *auth.Service, hub *notices.Hub, statsTTL time.Duration) graphql.ExecutableSchema {
	version := func() int { return 0 }
	if hub != nil {
		version = hub.Head
	}
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client, auth: auth, hub: hub,
		stats: stats.NewCache(client, statsTTL, version)}})
}
