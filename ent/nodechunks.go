package ent

// nextNode hands out a query's next node from chunks (the query template's
// sqlAll, ent/entc.go), not one allocation a row: a page of 20 enterprises
// with 10 internships each reads 231 internships. The first chunk holds
// one node, or the query's limit (a page's first N and one more) up to
// firstNodeChunk, which a query of a large limit that finds little does
// not fill; each chunk after holds twice the one before, up to
// maxNodeChunk. The nodes a query returns are its caller's for as long as
// it keeps any: a chunk is kept with them, at most twice the nodes read
// or firstNodeChunk.
func nextNode[T any](chunk *[]T, limit *int) *T {
	if len(*chunk) == cap(*chunk) {
		n := 2 * cap(*chunk)
		if n == 0 {
			n = 1
			if limit != nil && *limit > 0 {
				n = min(*limit, firstNodeChunk)
			}
		}
		*chunk = make([]T, 0, min(n, maxNodeChunk))
	}
	*chunk = (*chunk)[:len(*chunk)+1]
	return &(*chunk)[len(*chunk)-1]
}

// The most nodes the first chunk and the others hold.
const (
	firstNodeChunk = 64
	maxNodeChunk   = 256
)
