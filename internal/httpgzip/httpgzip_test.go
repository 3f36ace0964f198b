package httpgzip

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"sync"
	"testing"
)

func TestAccepts(t *testing.T) {
	for header, want := range map[string]bool{
		"":                          false,
		"gzip":                      true,
		"GZip":                      true,
		"x-gzip":                    true,
		"gzip, deflate, br, zstd":   true, // a browser's
		"br;q=1.0, gzip;q=0.5":      true,
		"identity":                  false,
		"br":                        false,
		"gzip;q=0":                  false,
		"gzip; q=0.000":             false,
		"gzip;q=0.001":              true,
		"gzip;q=bad":                false,
		"*":                         true,
		"*;q=0":                     false,
		"gzip;q=0, *":               false, // named and refused: * does not bring it back
		"*, gzip;q=0":               false,
		"br, *;q=0.1":               true,
		"deflate ;q=1 , gzip ; q=1": true,
	} {
		if got := Accepts(header); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", header, got, want)
		}
	}
}

// TestAppend: the parts come back as one stream, after what dst held,
// from writers used by many goroutines at once.
func TestAppend(t *testing.T) {
	parts := [][]byte{[]byte(`{"data":`), bytes.Repeat([]byte(`{"title":"实习生"},`), 500), []byte(`}`)}
	whole := bytes.Join(parts, nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for level := gzip.BestSpeed; level <= gzip.BestCompression; level += 4 {
				out := Append([]byte("prefix"), level, parts...)
				if !bytes.HasPrefix(out, []byte("prefix")) {
					t.Errorf("goroutine %d, level %d: dst lost", g, level)
					return
				}
				zr, err := gzip.NewReader(bytes.NewReader(out[len("prefix"):]))
				if err != nil {
					t.Error(err)
					return
				}
				got, err := io.ReadAll(zr)
				if err != nil || !bytes.Equal(got, whole) {
					t.Errorf("goroutine %d, level %d: %d bytes back (%v), want %d", g, level, len(got), err, len(whole))
				}
				if len(out) > len(whole)/4 {
					t.Errorf("level %d: %d bytes from %d", level, len(out), len(whole))
				}
			}
		})
	}
	wg.Wait()
	if got := Append(nil, gzip.BestSpeed); !strings.HasPrefix(string(got), "\x1f\x8b") {
		t.Errorf("nothing compressed: %q", got)
	}
}
