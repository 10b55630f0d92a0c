package publish_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/journey-ssg/journey/generator/publish"
)

// TestLockSerializesBuilds runs two builds of different files into one
// destination at once, each with a Dir and a lock of its own, again and
// again: both succeed, and the destination is always exactly one build's
// files (hardening issue, item 2).
func TestLockSerializesBuilds(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	builds := [2]map[string]string{{}, {}}
	for i := range 40 {
		builds[0][fmt.Sprintf("p%d/index.html", i)] = "<p>a</p>"
		builds[1][fmt.Sprintf("p%d/index.html", i+20)] = "<p>b</p>"
	}
	for round := range 10 {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, files := range builds {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l, err := publish.Acquire(context.Background(), []string{dest}, publish.LockOptions{})
				if err != nil {
					errs[i] = err
					return
				}
				defer l.Release()
				d, err := l.OpenDir(dest, nil, publish.Full, nil)
				if err != nil {
					errs[i] = err
					return
				}
				for p, data := range files {
					if err := d.Write(context.Background(), p, []byte(data)); err != nil {
						errs[i] = errors.Join(err, d.Abort())
						return
					}
				}
				_, errs[i] = d.Commit()
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		got := tree(t, dest)
		n := 0
		for p := range got {
			if strings.HasSuffix(p, ".html") {
				n++
			}
		}
		if n != 40 || (got["p0/index.html"] == "") == (got["p59/index.html"] == "") {
			t.Fatalf("round %d: the destination holds %d pages, and not one build's", round, n)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	if len(entries) != 1 {
		t.Errorf("beside the destination: %v", entries)
	}
}

func TestLockNoWait(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	lock(t, dest)
	_, err := publish.Acquire(context.Background(), []string{dest}, publish.LockOptions{NoWait: true})
	if !errors.Is(err, publish.ErrLocked) || !strings.Contains(err.Error(), "(pid "+strconv.Itoa(os.Getpid())+")") {
		t.Errorf("got %v, want ErrLocked naming this process", err)
	}
}

func TestLockWaits(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	held := lock(t, dest)
	waiting := make(chan string, 1)
	got := make(chan error, 1)
	go func() {
		l, err := publish.Acquire(context.Background(), []string{dest}, publish.LockOptions{Waiting: func(d string, pid int) {
			waiting <- fmt.Sprintf("%s %d", d, pid)
		}})
		if err == nil {
			err = l.Release()
		}
		got <- err
	}()
	if w, want := <-waiting, fmt.Sprintf("%s %d", dest, os.Getpid()); w != want {
		t.Errorf("waiting for %q, want %q", w, want)
	}
	select {
	case err := <-got:
		t.Fatalf("the second lock did not wait: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	held.Release()
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	lock(t, dest)
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	if _, err := publish.Acquire(ctx, []string{dest}, publish.LockOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("a canceled wait: %v", err)
	}
}

// TestLockSeveralDestinations: processes that lock the same destinations,
// named in any order and by any path, wait for each other and never in a
// circle.
func TestLockSeveralDestinations(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "public"), filepath.Join(dir, "team")
	if err := os.Symlink("team", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	orders := [][]string{{a, b}, {b, a}, {filepath.Join(dir, "link"), a, b}}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var mu sync.Mutex
	inside := 0
	var wg sync.WaitGroup
	errs := make([]error, len(orders))
	for i, dests := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 30 {
				l, err := publish.Acquire(ctx, dests, publish.LockOptions{})
				if err != nil {
					errs[i] = err
					return
				}
				mu.Lock()
				inside++
				if inside > 1 {
					errs[i] = errors.New("two holders at once")
				}
				mu.Unlock()
				time.Sleep(time.Millisecond)
				mu.Lock()
				inside--
				mu.Unlock()
				if err := l.Release(); err != nil {
					errs[i] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
}
