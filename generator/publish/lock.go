package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ErrLocked means another process holds a destination, and the caller
// asked not to wait for it.
var ErrLocked = errors.New("destination in use")

// lockSuffix ends the name of a destination's lock file, which lives
// beside the destination: a deploy of the destination never carries it.
const lockSuffix = ".journey-lock"

// lockPoll is how often a waiting build tries the lock again.
const lockPoll = 50 * time.Millisecond

// LockOptions say what Acquire does about a destination that another
// process holds.
type LockOptions struct {
	// NoWait makes Acquire fail at once, with ErrLocked.
	NoWait bool
	// Waiting, when set, is called before Acquire waits for a
	// destination, with the holder's process id (0 when unknown).
	Waiting func(dest string, pid int)
}

// Lock is an exclusive hold on destination folders, across processes:
// only its holder opens a Dir in them. It is not safe for concurrent use.
//
// Where the platform has flock(2) (Linux, macOS, the BSDs), the lock is on
// a file beside each destination, .<name>.journey-lock, which holds the
// holder's process id and is removed on Release; the system lets go of it
// when the process ends, however it ends. Elsewhere destinations are not
// locked.
type Lock struct {
	held []heldDest
}

// heldDest is one destination a Lock holds.
type heldDest struct {
	dest string   // absolute, with symbolic links resolved
	file *os.File // the locked lock file; nil where the platform cannot lock
}

// Acquire locks every one of dests, in the order of their resolved paths,
// so that two processes locking the same destinations never wait for each
// other in a circle. It waits for a destination another process holds
// (see LockOptions) until ctx is done. The folders that hold the
// destinations are created if need be.
func Acquire(ctx context.Context, dests []string, opts LockOptions) (*Lock, error) {
	var real []string
	for _, d := range dests {
		r, err := resolve(d)
		if err != nil {
			return nil, err
		}
		real = append(real, r)
	}
	slices.Sort(real)
	l := &Lock{}
	for _, d := range slices.Compact(real) {
		f, err := lockDest(ctx, d, opts)
		if err != nil {
			return nil, errors.Join(err, l.Release())
		}
		l.held = append(l.held, heldDest{dest: d, file: f})
	}
	return l, nil
}

// resolve returns dest as an absolute path with symbolic links resolved,
// so that every name of a folder takes the same lock. It creates the
// folder that holds dest, where the lock and the staging folders live.
func resolve(dest string) (string, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", fmt.Errorf("destination %s: %w", dest, err)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		abs = r
	} else {
		parent := filepath.Dir(abs)
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return "", fmt.Errorf("create the folder of destination %s: %w", dest, err)
		}
		if parent, err = filepath.EvalSymlinks(parent); err != nil {
			return "", fmt.Errorf("destination %s: %w", dest, err)
		}
		abs = filepath.Join(parent, filepath.Base(abs))
	}
	if filepath.Dir(abs) == abs {
		return "", fmt.Errorf("destination %s is the root of the file system: build into a folder below it", dest)
	}
	return abs, nil
}

// beside returns the path of a file or folder next to dest, named for
// dest's name and suffix.
func beside(dest, suffix string) string {
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+suffix)
}

// lockDest locks dest's lock file and writes this process's id into it.
func lockDest(ctx context.Context, dest string, opts LockOptions) (*os.File, error) {
	if !canLock {
		return nil, nil
	}
	name := beside(dest, lockSuffix)
	told := false
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", dest, err)
		}
		ok, err := tryLock(f)
		switch {
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", dest, err)
		case ok && current(f, name):
			if err := errors.Join(writePID(f), removeStaging(dest)); err != nil {
				f.Close()
				return nil, fmt.Errorf("lock %s: %w", dest, err)
			}
			return f, nil
		case ok:
			// The holder removed the file as it let go; lock the next one.
			f.Close()
			continue
		}
		pid := readPID(f)
		f.Close()
		if opts.NoWait {
			return nil, fmt.Errorf("%w: another journey process (pid %d) is building into %s", ErrLocked, pid, dest)
		}
		if !told && opts.Waiting != nil {
			opts.Waiting(dest, pid)
			told = true
		}
		if err := sleep(ctx, lockPoll); err != nil {
			return nil, err
		}
	}
}

// removeStaging removes the staging folders beside dest that builds which
// ended without cleaning up (killed, crashed) left behind. Only the holder
// of dest's lock calls it: no other build is using them.
func removeStaging(dest string) error {
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		return err
	}
	prefix := "." + filepath.Base(dest) + stagingSuffix
	var errs []error
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), prefix) {
			errs = append(errs, os.RemoveAll(filepath.Join(filepath.Dir(dest), e.Name())))
		}
	}
	return errors.Join(errs...)
}

// current reports whether f is still the file at name.
func current(f *os.File, name string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	ni, err := os.Stat(name)
	return err == nil && os.SameFile(fi, ni)
}

func writePID(f *os.File) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err := f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return err
}

// readPID returns the process id in a lock file, 0 if there is none yet.
func readPID(f *os.File) int {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	return pid
}

// sleep waits for d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// holds reports whether l holds dest, and returns dest resolved.
func (l *Lock) holds(dest string) (string, bool) {
	r, err := resolve(dest)
	if err != nil {
		return "", false
	}
	return r, slices.ContainsFunc(l.held, func(h heldDest) bool { return h.dest == r })
}

// Release lets go of every destination. Each lock file is removed before
// it is unlocked, so that a process that locks it in between sees that it
// is gone and locks the next one instead.
func (l *Lock) Release() error {
	var errs []error
	for _, h := range slices.Backward(l.held) {
		if h.file == nil {
			continue
		}
		if err := os.Remove(beside(h.dest, lockSuffix)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove lock of %s: %w", h.dest, err))
		}
		errs = append(errs, h.file.Close())
	}
	l.held = nil
	return errors.Join(errs...)
}
