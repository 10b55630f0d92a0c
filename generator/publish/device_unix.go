//go:build unix

package publish

import (
	"os"
	"syscall"
)

// sameDevice reports whether the files at a and b are on one file system,
// as far as their device numbers tell.
func sameDevice(a, b string) bool {
	ai, err1 := os.Stat(a)
	bi, err2 := os.Stat(b)
	if err1 != nil || err2 != nil {
		return false
	}
	as, ok1 := ai.Sys().(*syscall.Stat_t)
	bs, ok2 := bi.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || as.Dev == bs.Dev
}
