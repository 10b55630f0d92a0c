package collect_test

import (
	"flag"
	"time"
)

func flagDuration(name string, def time.Duration, usage string) *time.Duration {
	return flag.Duration(name, def, usage)
}
