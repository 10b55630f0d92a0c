// Package pgtest starts throwaway PostgreSQL servers for tests, from
// Debian's postgresql package, on 127.0.0.1 with a temporary data folder.
// Without PostgreSQL installed the test is skipped, unless
// JOURNEY_POSTGRES=require (as in CI).
//
// A test that stops and starts its server has one of its own (Start);
// the other tests of a package share one server (Shared), each with a
// database of its own.
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL.
type Server struct {
	// DSN connects to its postgres database as a superuser.
	DSN  string
	dir  string
	bin  string
	port int
}

// binaries returns the folder of PostgreSQL's programs, and skips or
// fails tb when PostgreSQL is not installed.
func binaries(tb testing.TB) string {
	tb.Helper()
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(m) > 0 {
		return filepath.Dir(m[len(m)-1])
	}
	if os.Getenv("JOURNEY_POSTGRES") == "require" {
		tb.Fatal("PostgreSQL is not installed (apt-get install postgresql)")
	}
	tb.Skip("PostgreSQL is not installed: skipped (set JOURNEY_POSTGRES=require to fail instead)")
	return ""
}

// Start starts a server for the test and stops it when the test ends.
func Start(tb testing.TB) *Server {
	tb.Helper()
	s, err := start(binaries(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.remove)
	return s
}

// start makes a database cluster in a new temporary folder and starts a
// server on it.
func start(bin string) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	data, err := os.MkdirTemp("", "journey-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{dir: data, bin: bin, port: port,
		DSN: fmt.Sprintf("postgres://journey@127.0.0.1:%d/postgres?sslmode=disable", port)}
	// PostgreSQL refuses to run as root: run it as the postgres user.
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		if out, err := exec.Command("chown", "-R", "postgres:postgres", data).CombinedOutput(); err != nil {
			os.RemoveAll(data)
			return nil, fmt.Errorf("chown: %v %s", err, out)
		}
	}
	err = s.run("initdb", "-D", filepath.Join(data, "db"), "-U", "journey", "--auth=trust", "-E", "UTF8", "--no-sync")
	if err == nil {
		err = s.Start()
	}
	if err != nil {
		s.remove()
		return nil, err
	}
	return s, nil
}

// Start starts the server again after Stop.
func (s *Server) Start() error {
	return s.run("pg_ctl", "-D", filepath.Join(s.dir, "db"), "-w", "-l", filepath.Join(s.dir, "log"),
		"-o", "-p "+strconv.Itoa(s.port)+" -k "+s.dir+" -c listen_addresses=127.0.0.1", "start")
}

// Stop stops the server at once, as a crash would.
func (s *Server) Stop() {
	_ = s.cmd("pg_ctl", "-D", filepath.Join(s.dir, "db"), "-m", "immediate", "-w", "stop").Run()
}

// remove stops the server and removes its data folder.
func (s *Server) remove() {
	s.Stop()
	os.RemoveAll(s.dir)
}

func (s *Server) cmd(name string, args ...string) *exec.Cmd {
	path := filepath.Join(s.bin, name)
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}

func (s *Server) run(name string, args ...string) error {
	if out, err := s.cmd(name, args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.dir, "log"))
		return fmt.Errorf("%s: %v\n%s\n%s", name, err, out, log)
	}
	return nil
}

// Shared is one server for the tests of a package. The first test that
// asks for a database starts it, and Close, which the package's TestMain
// calls once the tests are done, removes it. Each test gets a new, empty
// database, so tests see none of each other's rows and may run in
// parallel.
//
// The zero Shared is ready to use.
type Shared struct {
	once sync.Once
	// Set by once, read only afterwards:
	srv *Server
	err error // why the server did not start

	databases atomic.Int64 // how many databases tests were given
}

// Database creates a database for tb and returns its DSN.
func (sh *Shared) Database(tb testing.TB) string {
	tb.Helper()
	bin := binaries(tb)
	sh.once.Do(func() { sh.srv, sh.err = start(bin) })
	if sh.err != nil {
		tb.Fatal(sh.err)
	}
	name := fmt.Sprintf("test%d", sh.databases.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, sh.srv.DSN)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatal(err)
	}
	return fmt.Sprintf("postgres://journey@127.0.0.1:%d/%s?sslmode=disable", sh.srv.port, name)
}

// Close removes the server, if a test started it.
func (sh *Shared) Close() {
	sh.once.Do(func() {}) // no test started it: none may now
	if sh.srv != nil {
		sh.srv.remove()
	}
}
