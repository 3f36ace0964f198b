// Package graph is the GraphQL layer: thin resolvers over the ent client,
// the code gqlgen generates from schema.graphqls and graph/ent.graphqls, and
// the one place errors are classified for clients (errors.go).
package graph

import (
	"chanjiao/ent"

	"github.com/99designs/gqlgen/graphql"
)

// Resolver is the resolver root: the only wiring point. Queries read
// through client; mutations take the request's transaction from the context
// (ent.FromContext), which entgql.Transactioner opens.
type Resolver struct {
	client *ent.Client
}

// NewSchema returns the executable schema over client.
func NewSchema(client *ent.Client) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client}})
}
