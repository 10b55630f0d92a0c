package sitefs

import "strings"

// Ignored reports whether journey leaves out a file or folder called name
// wherever it is in the site: a hidden name (.git, .env, .DS_Store) or an
// editor's temporary or backup file. Content loading, layouts, static files
// and watching all follow it; static files make the one exception that
// Published says.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || temporary(name)
}

// IgnoredPath reports whether a name in p, a slash-separated path, is
// Ignored.
func IgnoredPath(p string) bool {
	for _, name := range strings.Split(p, "/") {
		if Ignored(name) {
			return true
		}
	}
	return false
}

// temporary reports whether name is an editor's temporary or backup file
// (#name#, name~, vim's .swp, .swx, .swo and 4913, .tmp, .bak, JetBrains'
// ___jb_tmp___ and ___jb_old___) or a download in progress (.crdownload,
// .part).
func temporary(name string) bool {
	if strings.HasPrefix(name, "#") || name == "4913" ||
		strings.Contains(name, "___jb_tmp___") || strings.Contains(name, "___jb_old___") {
		return true
	}
	for _, suffix := range []string{"~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".crdownload", ".part"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// hostName reports whether name is one of the hidden names that static
// hosts read and a build publishes from static/: .well-known/ (RFC 8615:
// security.txt, ACME challenges), .htaccess (Apache) and .nojekyll (GitHub
// Pages).
func hostName(name string) bool {
	return name == ".well-known" || name == ".htaccess" || name == ".nojekyll"
}

// Hidden reports whether a name in p, a slash-separated path, is hidden
// and not one of the hidden names that static hosts read.
func Hidden(p string) bool {
	for _, name := range strings.Split(p, "/") {
		if strings.HasPrefix(name, ".") && !hostName(name) {
			return true
		}
	}
	return false
}

// Published reports whether the file at p, a slash-separated path below a
// static/ folder, is one a build publishes: none of its names is Ignored,
// except the hidden names that static hosts read.
func Published(p string) bool {
	for _, name := range strings.Split(p, "/") {
		if Ignored(name) && !hostName(name) {
			return false
		}
	}
	return true
}
