// Package graph is the GraphQL layer: thin resolvers over the ent client,
// the code gqlgen generates from schema.graphqls and graph/ent.graphqls, and
// the one place errors are classified for clients (errors.go). Who may do
// what is decided in ent (internal/rule, ent/schema), not here.
package graph

import (
	"chanjiao/ent"
	"chanjiao/internal/auth"
	"chanjiao/internal/notices"

	"github.com/99designs/gqlgen/graphql"
)

// Resolver is the resolver root: the only wiring point. Queries read
// through client; mutations take the request's transaction from the context
// (ent.FromContext), which entgql.Transactioner opens.
type Resolver struct {
	client *ent.Client
	auth   *auth.Service
	hub    *notices.Hub
}

// NewSchema returns the executable schema over client, signing people in
// with auth and streaming notices from hub.
func NewSchema(client *ent.Client, auth *auth.Service, hub *notices.Hub) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client, auth: auth, hub: hub}})
}
