// Package pgtest starts a throwaway PostgreSQL server for tests, from
// Debian's postgresql package, on 127.0.0.1 with a temporary data folder.
// Without PostgreSQL installed the test is skipped, unless
// JOURNEY_POSTGRES=require (as in CI).
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"testing"
)

// Server is a running PostgreSQL.
type Server struct {
	// DSN connects to its postgres database as a superuser.
	DSN  string
	dir  string
	bin  string
	port int
	tb   testing.TB
}

func bin() (string, bool) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), true
	}
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(m) > 0 {
		return filepath.Dir(m[len(m)-1]), true
	}
	return "", false
}

// Start starts a server for the test and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	dir, ok := bin()
	if !ok {
		if os.Getenv("JOURNEY_POSTGRES") == "require" {
			tb.Fatal("PostgreSQL is not installed (apt-get install postgresql)")
		}
		tb.Skip("PostgreSQL is not installed: skipped (set JOURNEY_POSTGRES=require to fail instead)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	data, err := os.MkdirTemp("", "journey-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	s := &Server{dir: data, bin: dir, port: port, tb: tb,
		DSN: fmt.Sprintf("postgres://journey@127.0.0.1:%d/postgres?sslmode=disable", port)}
	// PostgreSQL refuses to run as root: run it as the postgres user.
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		if out, err := exec.Command("chown", "-R", "postgres:postgres", data).CombinedOutput(); err != nil {
			tb.Fatalf("chown: %v %s", err, out)
		}
	}
	s.run("initdb", "-D", filepath.Join(data, "db"), "-U", "journey", "--auth=trust", "-E", "UTF8", "--no-sync")
	s.Start()
	tb.Cleanup(func() {
		s.Stop()
		os.RemoveAll(data)
	})
	return s
}

// Start starts the server again after Stop.
func (s *Server) Start() {
	s.tb.Helper()
	s.run("pg_ctl", "-D", filepath.Join(s.dir, "db"), "-w", "-l", filepath.Join(s.dir, "log"),
		"-o", "-p "+strconv.Itoa(s.port)+" -k "+s.dir+" -c listen_addresses=127.0.0.1", "start")
}

// Stop stops the server at once, as a crash would.
func (s *Server) Stop() {
	_ = s.cmd("pg_ctl", "-D", filepath.Join(s.dir, "db"), "-m", "immediate", "-w", "stop").Run()
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (s *Server) run(name string, args ...string) {
	s.tb.Helper()
	if out, err := s.cmd(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		s.tb.Fatalf("%s: %v\n%s\n%s", name, err, out, log)
	}
}
