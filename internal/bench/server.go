package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// markPrefix is the path of the requests that cut the access log into
// steps: the server answers them 404 and logs them like any request.
const markPrefix = "/__bench/mark/"

// serverProcess is a reference server (the adminapi-server binary) run as a
// subprocess on a loopback port, with its access log in a file.
type serverProcess struct {
	URL      string
	Password string // of the bootstrap admin user "admin"
	cmd      *exec.Cmd
	exited   chan struct{}
	logPath  string
	offset   int64
	marks    int
}

// serverConfig is the YAML configuration the server is started with.
func serverConfig(p Profile) string {
	cfg := "log_level: info\naccess_token_ttl: 12h\nrefresh_token_ttl: 24h\n"
	if p.RateLimit > 0 {
		cfg += fmt.Sprintf("rate_limit:\n  requests_per_second: %g\n  burst: %d\n", p.RateLimit, max(1, int(p.RateLimit)))
	}
	return cfg
}

var listeningURL = regexp.MustCompile(`msg=listening url=(http://127\.0\.0\.1:\d+)`)

// startServer starts binary with a fresh database in dir.
func startServer(ctx context.Context, binary, dir string, p Profile) (*serverProcess, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	configPath := filepath.Join(dir, "server.yaml")
	if err := os.WriteFile(configPath, []byte(serverConfig(p)), 0o600); err != nil {
		return nil, err
	}
	dbPath := filepath.Join(dir, "adminapi.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	s := &serverProcess{Password: randomHex(16), logPath: filepath.Join(dir, "server.log")}
	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }()
	s.cmd = exec.Command(binary, "--addr", "127.0.0.1:0", "--db", dbPath, "--config", configPath)
	s.cmd.Env = append(os.Environ(), "ADMINAPI_BOOTSTRAP_USERNAME=admin", "ADMINAPI_BOOTSTRAP_PASSWORD="+s.Password)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	s.exited = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(15 * time.Second)
	for s.URL == "" {
		raw, _ := os.ReadFile(s.logPath)
		if m := listeningURL.FindSubmatch(raw); m != nil {
			s.URL = string(m[1])
			break
		}
		select {
		case <-s.exited:
			return nil, fmt.Errorf("the server stopped at once: %s", raw)
		case <-ctx.Done():
			s.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("the server did not listen within 15s: %s", raw)
		}
	}
	return s, nil
}

// stop ends the server (SIGTERM, then SIGKILL after 10 s).
func (s *serverProcess) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// cut sends a mark request and answers the requests logged since the
// previous cut: every request that ended before this call began is in it.
func (s *serverProcess) cut(ctx context.Context) ([]Request, error) {
	s.marks++
	mark := fmt.Sprintf("%s%d", markPrefix, s.marks)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+mark, nil)
	if err != nil {
		return nil, err
	}
	resp, err := directClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mark the access log: %w", err)
	}
	_ = resp.Body.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		reqs, found, err := s.readUntil(mark)
		if err != nil || found {
			return reqs, err
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the access log has no line for %s after 10s", mark)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// readUntil reads whole lines from the offset up to the line of mark; it
// moves the offset past that line only when it finds it.
func (s *serverProcess) readUntil(mark string) ([]Request, bool, error) {
	f, err := os.Open(s.logPath)
	if err != nil {
		return nil, false, err
	}
	defer func() { _ = f.Close() }()
	if _, err := f.Seek(s.offset, io.SeekStart); err != nil {
		return nil, false, err
	}
	r := bufio.NewReaderSize(f, 1<<16)
	var reqs []Request
	read := s.offset
	for {
		line, err := r.ReadBytes('\n')
		if err != nil { // EOF: a partial line waits for the next read
			return nil, false, nil
		}
		read += int64(len(line))
		req, ok := ParseAccessLine(string(bytes.TrimSpace(line)))
		if !ok {
			continue
		}
		if req.Path == mark {
			s.offset = read
			return reqs, true, nil
		}
		if !strings.HasPrefix(req.Path, markPrefix) {
			reqs = append(reqs, req)
		}
	}
}

// directClient makes the bench's own requests, never through a proxy.
var directClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{Proxy: nil}}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
