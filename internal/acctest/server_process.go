package acctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/adminapi/terraform-provider-adminapi/internal/client"
)

// ServerProcess is the reference server run as its command
// (internal/cmd/adminapi-server) in a child process, for tests that kill
// it: it is restarted on the same port and database file.
type ServerProcess struct {
	URL string
	// Client acts as the bootstrap admin, straight to the server.
	Client *client.Client
	// Log is the file that holds the server's log, every run's.
	Log string

	binary, db, addr string
	cmd              *exec.Cmd
	exited           chan struct{} // closed when the running process ends
	exitErr          error         // its end, once exited is closed
}

var (
	listeningLine = regexp.MustCompile(`msg=listening url=http://(127\.0\.0\.1:\d+)`)
	requestLine   = regexp.MustCompile(`msg=request method=(\S+) path=(\S+) status=(\d+)`)
)

// StartServerProcess builds the server's command and starts it on a free
// loopback port with a new database.
func StartServerProcess(t testing.TB) *ServerProcess {
	t.Helper()
	dir := t.TempDir()
	s := &ServerProcess{
		binary: GoBuild(t, "internal/cmd/adminapi-server", dir, "adminapi-server"),
		db:     filepath.Join(dir, "adminapi.db"), Log: filepath.Join(dir, "server.log"), addr: "127.0.0.1:0",
	}
	t.Cleanup(func() { s.stop(t) })
	s.start(t)
	s.URL = "http://" + s.addr
	c, err := client.New(client.Config{
		Endpoint: s.URL, Username: AdminUsername, Password: AdminPassword,
		RequestTimeout: 5 * time.Second, MaxRetries: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Client = c
	return s
}

// Kill ends the server at once (SIGKILL), as a crash or an OOM kill would.
func (s *ServerProcess) Kill(t testing.TB) {
	t.Helper()
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill the server: %v", err)
	}
	<-s.exited
	s.cmd = nil
}

// Restart starts the server again on its port and database.
func (s *ServerProcess) Restart(t testing.TB) {
	t.Helper()
	s.start(t)
}

// start runs the server and waits until it listens; the first run learns its port.
func (s *ServerProcess) start(t testing.TB) {
	t.Helper()
	log, err := os.OpenFile(s.Log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = log.Close() }()
	before := len(s.listening(t))
	cmd := exec.Command(s.binary, "--addr", s.addr, "--db", s.db)
	cmd.Env = append(os.Environ(), "ADMINAPI_BOOTSTRAP_USERNAME="+AdminUsername, "ADMINAPI_BOOTSTRAP_PASSWORD="+AdminPassword)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the server: %v", err)
	}
	exited := make(chan struct{})
	s.cmd, s.exited = cmd, exited
	go func() {
		s.exitErr = cmd.Wait()
		close(exited)
	}()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if lines := s.listening(t); len(lines) > before {
			s.addr = lines[len(lines)-1]
			return
		}
		select {
		case <-s.exited:
			s.cmd = nil
			b, _ := os.ReadFile(s.Log)
			t.Fatalf("the server stopped at once (%v); its log:\n%s", s.exitErr, b)
		default:
		}
	}
	b, _ := os.ReadFile(s.Log)
	t.Fatalf("the server does not listen after 20s; its log:\n%s", b)
}

// listening answers the address of each "listening" line of the log.
func (s *ServerProcess) listening(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(s.Log)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var addrs []string
	for _, m := range listeningLine.FindAllSubmatch(b, -1) {
		addrs = append(addrs, string(m[1]))
	}
	return addrs
}

// Requests reads the access log of every run so far.
func (s *ServerProcess) Requests(t testing.TB) *RequestLog {
	t.Helper()
	b, err := os.ReadFile(s.Log)
	if err != nil {
		t.Fatal(err)
	}
	l := &RequestLog{}
	for _, m := range requestLine.FindAllSubmatch(b, -1) {
		status, _ := strconv.Atoi(string(m[3]))
		l.requests = append(l.requests, Request{Method: string(m[1]), Path: string(m[2]), Status: status})
	}
	return l
}

// stop ends a running server gracefully (SIGINT), at test cleanup.
func (s *ServerProcess) stop(t testing.TB) {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
		if s.exitErr != nil {
			t.Errorf("the server stopped on SIGINT with %v", s.exitErr)
		}
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
		t.Errorf("the server did not stop within 30s of SIGINT")
	}
}

// ProviderBlock is the provider configuration that logs in to the server;
// each of extra is one more argument line.
func (s *ServerProcess) ProviderBlock(extra ...string) string {
	return providerBlock(s.URL, extra...)
}
