package serve

import (
	"fmt"
	"net"
	"net/http"
	"strings"
)

// guard refuses the requests other web pages can make a browser send to a
// preview on this machine. A request must name the server in its Host
// header: otherwise a page on evil.example, whose name an attacker has
// pointed at this machine (DNS rebinding), could read the preview and its
// event stream. And a form may be posted only from the preview's own
// pages, so that no other site can fill the local forms (cross-site request
// forgery).
type guard struct {
	// hosts are names allowed besides the local ones; one that starts
	// with a dot allows the name after it and every name below it.
	hosts  []string
	origin http.CrossOriginProtection
	next   http.Handler
}

func newGuard(next http.Handler, hosts []string) *guard {
	g := &guard{next: next}
	for _, h := range hosts {
		g.hosts = append(g.hosts, normalHost(h))
	}
	return g
}

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if host := normalHost(r.Host); !g.allowed(host) {
		http.Error(w, fmt.Sprintf("journey serve refused this request: it was sent to %q, which is not this server's name. "+
			"The preview answers to localhost, names ending in .localhost and IP addresses; "+
			"to reach it by another name, start it with --allowed-host %s", r.Host, host), http.StatusForbidden)
		return
	}
	if err := g.origin.Check(r); err != nil {
		from := ""
		if o := r.Header.Get("Origin"); o != "" {
			from = " (" + o + ")"
		}
		http.Error(w, "journey serve refused this request: forms post to the preview only from its own pages, not from another origin"+from, http.StatusForbidden)
		return
	}
	g.next.ServeHTTP(w, r)
}

// allowed reports whether host, normalised, names this server. Addresses
// are allowed whatever they are: DNS rebinding needs a name to point at
// this machine, and with --bind 0.0.0.0 a phone on the network asks for
// the machine's own address. A request without a host comes from no
// browser.
func (g *guard) allowed(host string) bool {
	if host == "" || host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil {
		return true
	}
	for _, h := range g.hosts {
		if host == strings.TrimPrefix(h, ".") || strings.HasPrefix(h, ".") && strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// normalHost returns the host name of a Host header or of a name given by
// the user: without the port, the brackets of an IPv6 address or a final
// dot, in lower case.
func normalHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
	return strings.ToLower(host)
}
