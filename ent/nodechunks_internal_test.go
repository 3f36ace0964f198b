package ent

import "testing"

// TestNextNode: every node handed out is its own and zero; the chunks
// start at the limit, up to firstNodeChunk, or at one, and double up to
// maxNodeChunk.
func TestNextNode(t *testing.T) {
	limit := func(n int) *int { return &n }
	for _, c := range []struct {
		limit *int
		want  []int // the chunks' sizes
	}{
		{nil, []int{1, 2, 4, 8, 16, 32, 64, 128, 256, 256, 256}},
		{limit(11), []int{11, 22, 44, 88, 176, 256, 256, 256}},
		{limit(1000), []int{64, 128, 256, 256, 256, 256}},
	} {
		var chunk []Internship
		seen := map[*Internship]bool{}
		var sizes []int
		for range 1000 {
			n := nextNode(&chunk, c.limit)
			if n.ID != 0 || n.Title != "" {
				t.Fatalf("a node handed out is not zero: %+v", n)
			}
			n.ID = 1
			if len(chunk) == 1 {
				sizes = append(sizes, cap(chunk))
			}
			seen[n] = true
		}
		if len(seen) != 1000 {
			t.Errorf("first chunk %d: 1,000 nodes handed out, %d distinct", c.want[0], len(seen))
		}
		if len(sizes) != len(c.want) {
			t.Errorf("first chunk %d: chunks of %v, want %v", c.want[0], sizes, c.want)
			continue
		}
		for i := range sizes {
			if sizes[i] != c.want[i] {
				t.Errorf("first chunk %d: chunks of %v, want %v", c.want[0], sizes, c.want)
				break
			}
		}
	}
}
