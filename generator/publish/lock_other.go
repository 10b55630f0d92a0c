//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package publish

import (
	"errors"
	"os"
)

// canLock says whether this platform locks destinations: without
// flock(2), it does not.
const canLock = false

// tryLock is not called where canLock is false.
func tryLock(*os.File) (bool, error) { return false, errors.ErrUnsupported }
