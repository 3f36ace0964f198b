package chanjiao

// The one regeneration command is `go generate ./...`: entc (ent and the
// entgql schema graph/ent.graphqls) first, then gqlgen (graph/), which reads
// that schema, then execgen, which rewrites gqlgen's executor where it is
// slow (internal/execgen says where and why). CI fails when the committed
// generated code differs.
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen
//go:generate go run ./internal/execgen graph/generated.go ent/gql_edge.go
