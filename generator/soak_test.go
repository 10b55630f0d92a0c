package generator_test

import (
	"flag"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/journey-ssg/journey/internal/filetest"
)

var soak = flag.Int("soak", 0, "run TestSoak with this many edits under journey serve")

// TestSoak edits a persona of the example site many times under journey
// serve, with a browser's reload stream connected, and checks that heap
// and goroutines stay flat: go test ./generator -run TestSoak -soak 1000 -v
func TestSoak(t *testing.T) {
	if *soak == 0 {
		t.Skip("run with -soak N")
	}
	site, _, team := startPreview(t)
	ch := eventStreamT(t, team)
	<-ch
	file := filepath.Join(site, "content", "personas", "zoe-martin.md")
	orig := filetest.Read(t, file)
	measure := func() (uint64, int) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapInuse, runtime.NumGoroutine()
	}
	var heap []uint64
	var gor []int
	start := time.Now()
	for i := 0; i < *soak; i++ {
		filetest.Write(t, file, strings.Replace(string(orig), "Zoë Martín", fmt.Sprintf("Zoë %d", i), 1))
		for e := range ch {
			if e.Type == "reload" {
				break
			}
			if e.Type == "error" {
				t.Fatalf("edit %d: %v", i, e.Errors)
			}
		}
		if i == 99 || i == *soak-1 {
			h, g := measure()
			heap, gor = append(heap, h), append(gor, g)
			t.Logf("after %4d edits: heap in use %.1f MiB, %d goroutines (%.1f s)", i+1, float64(h)/(1<<20), g, time.Since(start).Seconds())
		}
	}
	if len(heap) == 2 && (heap[1] > heap[0]*3/2+4<<20 || gor[1] > gor[0]+2) {
		t.Errorf("heap %d -> %d bytes, goroutines %d -> %d: not flat", heap[0], heap[1], gor[0], gor[1])
	}
}
