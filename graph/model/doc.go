// Package model holds the Go types gqlgen generates for GraphQL types that
// exist only in schema.graphqls (inputs and payloads not backed by ent).
package model
