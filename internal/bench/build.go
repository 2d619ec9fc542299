package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

// The peer: a generic REST provider built from the Go module proxy.
const (
	peerModule  = "github.com/Mastercard/terraform-provider-restapi"
	peerVersion = "1.20.0"
	oursVersion = "0.0.1"
)

// mirrorEntry is one provider in the filesystem mirror.
type mirrorEntry struct {
	address string // registry.terraform.io/<namespace>/<type>
	version string
	binary  string // terraform-provider-<type>
}

var (
	oursEntry = mirrorEntry{"registry.terraform.io/adminapi/adminapi", oursVersion, "terraform-provider-adminapi"}
	peerEntry = mirrorEntry{"registry.terraform.io/mastercard/restapi", peerVersion, "terraform-provider-restapi"}
)

// builds holds the paths of what build made.
type builds struct {
	server    string // adminapi-server
	realDir   string // the real provider binaries
	mirror    string // the filesystem mirror of wrappers
	cliConfig string // TF_CLI_CONFIG_FILE
	withPeer  bool
}

// build builds the server and the providers (ours from root; the peer,
// when withPeer, in a module of its own under work that requires it) and
// lays out the mirror: each provider there is this program, which runs
// the real one (see WrapProvider).
func build(ctx context.Context, root, work string, withPeer bool, pgo string, log io.Writer) (*builds, error) {
	b := &builds{
		server:    filepath.Join(work, "bin", "adminapi-server"),
		realDir:   filepath.Join(work, "bin", "providers"),
		mirror:    filepath.Join(work, "mirror"),
		cliConfig: filepath.Join(work, "terraformrc"),
		withPeer:  withPeer,
	}
	if err := os.MkdirAll(b.realDir, 0o755); err != nil {
		return nil, err
	}
	pgo = cmp.Or(pgo, "auto")
	_, _ = fmt.Fprintf(log, "building the provider (-pgo=%s) and the reference server\n", pgo)
	ldflags := "-s -w -X main.version=" + oursVersion + "-bench"
	if err := goCmd(ctx, root, nil, "build", "-pgo="+pgo, "-ldflags", ldflags, "-o", filepath.Join(b.realDir, oursEntry.binary), "."); err != nil {
		return nil, err
	}
	if err := goCmd(ctx, root, nil, "build", "-o", b.server, "./internal/cmd/adminapi-server"); err != nil {
		return nil, err
	}
	entries := []mirrorEntry{oursEntry}
	if withPeer {
		_, _ = fmt.Fprintf(log, "building the peer %s@v%s from the Go module proxy\n", peerModule, peerVersion)
		if err := buildPeer(ctx, filepath.Join(work, "peer-module"), filepath.Join(b.realDir, peerEntry.binary)); err != nil {
			return nil, err
		}
		entries = append(entries, peerEntry)
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(b.mirror); err != nil {
		return nil, err
	}
	platform := runtime.GOOS + "_" + runtime.GOARCH
	var includes []string
	for _, e := range entries {
		dir := filepath.Join(b.mirror, e.address, e.version, platform)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
		if err := copyFile(self, filepath.Join(dir, e.binary+"_v"+e.version)); err != nil {
			return nil, err
		}
		includes = append(includes, fmt.Sprintf("%q", e.address))
	}
	cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%s]\n  }\n}\n",
		b.mirror, strings.Join(includes, ", "))
	return b, os.WriteFile(b.cliConfig, []byte(cfg), 0o600)
}

// buildPeer builds the peer's main package in a module that requires it,
// from the Go module proxy; nothing of it is kept but the binary and the
// module's go.mod and go.sum under dir.
func buildPeer(ctx context.Context, dir, out string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	gomod := fmt.Sprintf("module adminapi-bench-peer\n\ngo 1.26\n\nrequire %s v%s\n", peerModule, peerVersion)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o644); err != nil {
		return err
	}
	return goCmd(ctx, dir, []string{"GOFLAGS=-mod=mod -buildvcs=false", "GOWORK=off"}, "build", "-o", out, peerModule)
}

func goCmd(ctx context.Context, dir string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s (in %s): %w\n%s", strings.Join(args, " "), dir, err, out)
	}
	return nil
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer func() { _ = src.Close() }()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return err
	}
	return dst.Close()
}
