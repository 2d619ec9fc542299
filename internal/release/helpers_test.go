package release_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gpgHome is a throwaway GnuPG home; its agent is stopped at cleanup.
type gpgHome struct{ dir string }

func newGPG(t *testing.T, dir string) *gpgHome {
	t.Helper()
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	g := &gpgHome{dir: dir}
	t.Cleanup(func() {
		// t.Context() is done by now.
		cmd := exec.Command("gpgconf", "--kill", "gpg-agent")
		cmd.Env = append(os.Environ(), "GNUPGHOME="+g.dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Logf("stop the test's gpg-agent: %v\n%s", err, out)
		}
	})
	return g
}

func (g *gpgHome) cmd(t *testing.T, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Env = append(os.Environ(), "GNUPGHOME="+g.dir)
	return cmd
}

func (g *gpgHome) gpg(t *testing.T, args ...string) string {
	t.Helper()
	cmd := g.cmd(t, "gpg", append([]string{"--batch", "--no-tty"}, args...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gpg %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return string(out)
}

// genKey makes a passphrase-less signing key for uid and answers its fingerprint.
func (g *gpgHome) genKey(t *testing.T, uid string) string {
	t.Helper()
	g.gpg(t, "--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", "never")
	email := uid[strings.Index(uid, "<"):]
	sc := bufio.NewScanner(strings.NewReader(g.gpg(t, "--with-colons", "--list-keys", email)))
	inPrimary := false
	for sc.Scan() {
		f := strings.Split(sc.Text(), ":")
		switch {
		case f[0] == "pub":
			inPrimary = true
		case f[0] == "fpr" && inPrimary && len(f) > 9:
			return f[9]
		case f[0] == "sub":
			inPrimary = false
		}
	}
	t.Fatalf("gpg lists no fingerprint for %s", uid)
	return ""
}

func (g *gpgHome) armor(t *testing.T, fpr string) string {
	t.Helper()
	return g.gpg(t, "--armor", "--export", fpr)
}

// sign writes a detached binary signature of file, by key fpr, to out.
func (g *gpgHome) sign(t *testing.T, fpr, file, out string) {
	t.Helper()
	g.gpg(t, "--local-user", fpr, "--output", out, "--detach-sign", file)
}

// buildSnapshot runs scripts/release-snapshot.sh, signing with key fpr, into dist.
func buildSnapshot(t *testing.T, root, dist string, g *gpgHome, fpr string) {
	t.Helper()
	script := filepath.Join(root, "scripts", "release-snapshot.sh")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("the snapshot script: %v", err)
	}
	cmd := exec.CommandContext(t.Context(), script, dist)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GPG_FINGERPRINT="+fpr, "GNUPGHOME="+g.dir, "SNAPSHOT_VERSION="+version)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	var said []string // the script's own lines, its timing among them
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "release-snapshot:") {
			said = append(said, line)
		}
	}
	t.Logf("%s wrote %s\n%s", script, strings.Join(names, ", "), strings.Join(said, "\n"))
}

// terraform runs the CLI with an environment of the test's own: an empty
// CLI configuration, no TF_* variable of the caller's, a data directory
// per working directory.
type terraform struct {
	bin string
	env []string
}

func newTerraform(t *testing.T, bin, tmp string) *terraform {
	t.Helper()
	cliConfig := filepath.Join(tmp, "terraformrc")
	if err := os.WriteFile(cliConfig, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tf := &terraform{bin: bin}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !strings.HasPrefix(name, "TF_") && !strings.HasPrefix(name, "CHECKPOINT_") && name != "SSL_CERT_FILE" {
			tf.env = append(tf.env, kv)
		}
	}
	tf.env = append(tf.env, "TF_CLI_CONFIG_FILE="+cliConfig, "TF_IN_AUTOMATION=1", "TF_INPUT=0", "CHECKPOINT_DISABLE=1")
	cmd := exec.CommandContext(t.Context(), bin, "version")
	cmd.Env = tf.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s version: %v\n%s", bin, err, out)
	}
	t.Logf("CLI %s: %s", bin, strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0])
	return tf
}

// run runs terraform in dir (its data directory dir/.terraform) and logs
// the command, the time it took and its output.
func (tf *terraform) run(t *testing.T, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), tf.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), tf.env...), "TF_DATA_DIR="+filepath.Join(dir, ".terraform"))
	start := time.Now()
	out, err := cmd.CombinedOutput()
	status := "ok"
	if err != nil {
		status = err.Error()
	}
	t.Logf("terraform %s (%s, %s):\n%s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond), status, out)
	return string(out), err
}
