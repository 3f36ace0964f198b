package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"

	"chanjiao"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// trustedDocuments lets only known operations run (--trusted-documents):
// the SHA-256 of a query's text must be listed, and a client may send just
// the hash (as an automatic persisted query) for a listed document. What
// an attacker writes never reaches the parser.
type trustedDocuments struct {
	byHash map[string]string
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*trustedDocuments)(nil)

// loadTrusted reads a file of documents, either an object from SHA-256 to
// document text, or a persisted-query manifest
// {"operations": [{"id": "<sha256>", "body": "<document>"}]}. Every hash
// must be the SHA-256 of its document.
func loadTrusted(path string) (*trustedDocuments, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	docs := map[string]string{}
	var manifest struct {
		Operations []struct{ ID, Body string } `json:"operations"`
	}
	if err := json.Unmarshal(b, &manifest); err == nil && manifest.Operations != nil {
		for _, op := range manifest.Operations {
			docs[op.ID] = op.Body
		}
	} else if err := json.Unmarshal(b, &docs); err != nil {
		return nil, fmt.Errorf("%s: not a map of SHA-256 to documents, nor a persisted-query manifest: %w", path, err)
	}
	for hash, doc := range docs {
		if sha(doc) != hash {
			return nil, fmt.Errorf("%s: %s is not the SHA-256 of its document", path, hash)
		}
	}
	return &trustedDocuments{byHash: docs}, nil
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func (*trustedDocuments) ExtensionName() string                   { return "TrustedDocuments" }
func (*trustedDocuments) Validate(graphql.ExecutableSchema) error { return nil }

func (t *trustedDocuments) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query != "" {
		if _, ok := t.byHash[sha(params.Query)]; !ok {
			return &gqlerror.Error{
				Message:    "this server runs only trusted documents, and this operation is not one of them",
				Extensions: map[string]any{"code": string(chanjiao.Forbidden)},
			}
		}
		return nil
	}
	pq, _ := params.Extensions["persistedQuery"].(map[string]any)
	hash, _ := pq["sha256Hash"].(string)
	doc, ok := t.byHash[hash]
	if !ok {
		return &gqlerror.Error{
			Message:    "PersistedQueryNotFound",
			Extensions: map[string]any{"code": "PERSISTED_QUERY_NOT_FOUND"},
		}
	}
	params.Query = doc
	return nil
}
