// Package services starts the production services on this machine for
// tests: Redis, a MinIO server and PostgreSQL, each on its own loopback port
// with its own temporary folder, so a test may stop, kill and restart them.
// Each comes from the project's own set-up (make deps: Debian's redis-server
// and postgresql, MinIO by go install at the pinned version); a test skips,
// saying what to install, when one is missing.
package services

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// MinIOVersion is the pinned MinIO server (make deps installs it).
const MinIOVersion = "v0.0.0-20260212201848-7aac2a2c5b7c"

func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitTCP waits until something accepts connections on addr.
func waitTCP(addr string, d time.Duration) error {
	end := time.Now().Add(d)
	for {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(end) {
			return fmt.Errorf("nothing listens on %s after %s: %w", addr, d, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// find looks a program up on PATH and in the given folders.
func find(name string, dirs ...string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, d := range dirs {
		matches, _ := filepath.Glob(filepath.Join(d, name))
		if len(matches) > 0 {
			return matches[len(matches)-1]
		}
	}
	return ""
}

// proc is a server process that can be stopped and started again.
type proc struct {
	t    testing.TB
	name string
	args []string
	env  []string
	log  string
	cmd  *exec.Cmd
	addr string
	cred *syscall.Credential // run as this user (PostgreSQL, when the test runs as root)
}

func (p *proc) start() {
	p.t.Helper()
	logf, err := os.OpenFile(p.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		p.t.Fatal(err)
	}
	cmd := exec.Command(p.name, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if p.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	}
	if err := cmd.Start(); err != nil {
		p.t.Fatalf("start %s: %v", p.name, err)
	}
	logf.Close()
	p.cmd = cmd
	if err := waitTCP(p.addr, 60*time.Second); err != nil {
		b, _ := os.ReadFile(p.log)
		p.t.Fatalf("%s: %v\n%s", filepath.Base(p.name), err, b)
	}
}

// Stop ends the server gracefully (SIGTERM) and waits for it.
func (p *proc) Stop() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
	p.cmd = nil
}

// Kill ends the server at once (SIGKILL).
func (p *proc) Kill() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p.cmd = nil
}

// Start starts a stopped server again, on the same port and folder.
func (p *proc) Start() { p.start() }

// Redis is a redis-server with append-only persistence, as production runs it.
type Redis struct {
	proc
	Addr string
}

// StartRedis starts redis-server; it is stopped when the test ends.
func StartRedis(t testing.TB) *Redis {
	t.Helper()
	bin := find("redis-server")
	if bin == "" {
		t.Skip("redis-server is not installed: make deps installs it (Debian's redis-server)")
	}
	dir := t.TempDir()
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	r := &Redis{Addr: addr, proc: proc{t: t, name: bin, addr: addr, log: filepath.Join(dir, "redis.log"),
		args: []string{"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--dir", dir, "--appendonly", "yes",
			"--appendfsync", "always", "--save", "", "--maxmemory-policy", "noeviction"}}}
	r.start()
	t.Cleanup(r.Kill)
	return r
}

// MinIO is a MinIO server on one folder.
type MinIO struct {
	proc
	Endpoint, Access, Secret string
}

// StartMinIO starts the pinned MinIO server; it is stopped when the test ends.
func StartMinIO(t testing.TB) *MinIO {
	t.Helper()
	gopath := os.Getenv("GOPATH")
	if gopath == "" {
		if h, err := os.UserHomeDir(); err == nil {
			gopath = filepath.Join(h, "go")
		}
	}
	bin := find("minio", filepath.Join(gopath, "bin"))
	if bin == "" {
		t.Skip("the MinIO server is not installed: make deps installs it (go install github.com/minio/minio@" + MinIOVersion + ")")
	}
	dir := t.TempDir()
	port, console := freePort(t), freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	m := &MinIO{Endpoint: addr, Access: "dossiertest", Secret: "dossiertest-secret",
		proc: proc{t: t, name: bin, addr: addr, log: filepath.Join(dir, "minio.log"),
			args: []string{"server", "--quiet", "--address", addr, "--console-address", "127.0.0.1:" + strconv.Itoa(console), filepath.Join(dir, "data")},
			env:  []string{"MINIO_ROOT_USER=dossiertest", "MINIO_ROOT_PASSWORD=dossiertest-secret", "MINIO_BROWSER=off"}}}
	m.start()
	t.Cleanup(m.Kill)
	return m
}

// URL is the DOSSIER_STORE value for a bucket on this server.
func (m *MinIO) URL(bucket string) string {
	return fmt.Sprintf("s3://%s:%s@%s/%s?secure=false", m.Access, m.Secret, m.Endpoint, bucket)
}

// Postgres is a PostgreSQL server of its own (initdb in a temporary folder).
type Postgres struct {
	proc
	URL string
}

// StartPostgres initialises and starts PostgreSQL from Debian's packages;
// it is stopped when the test ends.
func StartPostgres(t testing.TB) *Postgres {
	t.Helper()
	dirs := []string{"/usr/lib/postgresql/*/bin"}
	initdb, postgres := find("initdb", dirs...), find("postgres", dirs...)
	if initdb == "" || postgres == "" {
		t.Skip("PostgreSQL is not installed: make deps installs it (Debian's postgresql)")
	}
	dir := t.TempDir()
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: as the postgres user Debian makes.
		pu, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root and there is no postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o005 != 0o005 {
				os.Chmod(d, fi.Mode().Perm()|0o005)
			}
		}
		os.Chown(dir, uid, gid)
	}
	data := filepath.Join(dir, "data")
	cmd := exec.Command(initdb, "-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale", "C")
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	addr := "127.0.0.1:" + strconv.Itoa(port)
	p := &Postgres{URL: fmt.Sprintf("postgres://postgres@%s/postgres?sslmode=disable", addr),
		proc: proc{t: t, name: postgres, addr: addr, log: filepath.Join(dir, "postgres.log"), cred: cred,
			args: []string{"-D", data, "-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"}}}
	p.start()
	t.Cleanup(p.Kill)
	return p
}
