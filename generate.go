package chanjiao

// The one regeneration command is `go generate ./...`: entc (ent and the
// entgql schema graph/ent.graphqls) first, then gqlgen (graph/), which reads
// that schema. CI fails when the committed generated code differs.
//go:generate go run -mod=mod ./ent/entc.go
//go:generate go tool gqlgen
