package release

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Platform is one os/arch a release has an archive for.
type Platform struct {
	OS   string `json:"os"`
	Arch string `json:"arch"`
}

// SigningKey is a GPG public key the registry advertises for a release's
// SHA256SUMS.
type SigningKey struct {
	KeyID      string `json:"key_id"`
	ASCIIArmor string `json:"ascii_armor"`
}

// Registry serves one version of a provider, from a goreleaser dist
// directory, through the provider registry protocol: service discovery at
// /.well-known/terraform.json, then providers.v1's versions and download
// endpoints, and the files themselves under /files/.
type Registry struct {
	Namespace, Type, Version string
	// Protocols are the plugin protocol versions, from the release's manifest.
	Protocols []string
	Platforms []Platform
	// Key is the key the download endpoint advertises.
	Key SigningKey
	// Replace, by file name, is served instead of the file of the dist
	// directory: the bad cases (a changed archive, another signature).
	Replace map[string][]byte

	dir    string
	prefix string            // terraform-provider-<type>_<version>_
	sums   map[string]string // file name -> sha256 (hex), from SHA256SUMS

	mu       sync.Mutex
	requests []string
}

// NewRegistry reads the release of version in dir: its archives
// (<prefix>_<os>_<arch>.zip), SHA256SUMS and manifest.
func NewRegistry(dir, namespace, typ, version string, key SigningKey) (*Registry, error) {
	r := &Registry{
		Namespace: namespace, Type: typ, Version: version, Key: key, Replace: map[string][]byte{},
		dir: dir, prefix: fmt.Sprintf("terraform-provider-%s_%s_", typ, version), sums: map[string]string{},
	}
	sums, err := os.ReadFile(filepath.Join(dir, r.prefix+"SHA256SUMS"))
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(bytes.NewReader(sums))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 {
			return nil, fmt.Errorf("SHA256SUMS: malformed line %q", sc.Text())
		}
		r.sums[strings.TrimPrefix(fields[1], "*")] = fields[0]
	}
	manifest, err := os.ReadFile(filepath.Join(dir, r.prefix+"manifest.json"))
	if err != nil {
		return nil, err
	}
	var m struct {
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", r.prefix+"manifest.json", err)
	}
	if len(m.Metadata.ProtocolVersions) == 0 {
		return nil, fmt.Errorf("%s names no protocol_versions", r.prefix+"manifest.json")
	}
	r.Protocols = m.Metadata.ProtocolVersions
	archive := regexp.MustCompile("^" + regexp.QuoteMeta(r.prefix) + `([a-z0-9]+)_([a-z0-9]+)\.zip$`)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if p := archive.FindStringSubmatch(e.Name()); p != nil {
			if _, ok := r.sums[e.Name()]; !ok {
				return nil, fmt.Errorf("%s is not in SHA256SUMS", e.Name())
			}
			r.Platforms = append(r.Platforms, Platform{OS: p[1], Arch: p[2]})
		}
	}
	if len(r.Platforms) == 0 {
		return nil, fmt.Errorf("no %s<os>_<arch>.zip in %s", r.prefix, dir)
	}
	sort.Slice(r.Platforms, func(i, j int) bool {
		return r.Platforms[i].OS+"_"+r.Platforms[i].Arch < r.Platforms[j].OS+"_"+r.Platforms[j].Arch
	})
	return r, nil
}

// ArchiveName is the file name of the archive for os/arch.
func (r *Registry) ArchiveName(os, arch string) string {
	return r.prefix + os + "_" + arch + ".zip"
}

// SumsName and SignatureName are the file names of SHA256SUMS and its signature.
func (r *Registry) SumsName() string      { return r.prefix + "SHA256SUMS" }
func (r *Registry) SignatureName() string { return r.prefix + "SHA256SUMS.sig" }

// Requests are the requests answered so far, "METHOD path status" each.
func (r *Registry) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.requests...)
}

// Handler answers the registry protocol's requests.
func (r *Registry) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/terraform.json", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]string{"providers.v1": "/v1/providers/"})
	})
	base := "/v1/providers/" + r.Namespace + "/" + r.Type + "/"
	mux.HandleFunc("GET "+base+"versions", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"versions": []any{map[string]any{
			"version": r.Version, "protocols": r.Protocols, "platforms": r.Platforms,
		}}})
	})
	mux.HandleFunc("GET "+base+"{version}/download/{os}/{arch}", func(w http.ResponseWriter, req *http.Request) {
		goos, arch := req.PathValue("os"), req.PathValue("arch")
		name := r.ArchiveName(goos, arch)
		sum, ok := r.sums[name]
		if req.PathValue("version") != r.Version || !ok {
			http.NotFound(w, req)
			return
		}
		files := "https://" + req.Host + "/files/"
		writeJSON(w, map[string]any{
			"protocols": r.Protocols, "os": goos, "arch": arch,
			"filename": name, "download_url": files + name, "shasum": sum,
			"shasums_url":           files + r.SumsName(),
			"shasums_signature_url": files + r.SignatureName(),
			"signing_keys":          map[string]any{"gpg_public_keys": []SigningKey{r.Key}},
		})
	})
	mux.HandleFunc("GET /files/{name}", func(w http.ResponseWriter, req *http.Request) {
		name := req.PathValue("name")
		if b, ok := r.Replace[name]; ok {
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(b)
			return
		}
		if !strings.HasPrefix(name, r.prefix) {
			http.NotFound(w, req)
			return
		}
		http.ServeFile(w, req, filepath.Join(r.dir, name))
	})
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		mux.ServeHTTP(rec, req)
		r.mu.Lock()
		r.requests = append(r.requests, fmt.Sprintf("%s %s %d", req.Method, req.URL.Path, rec.status))
		r.mu.Unlock()
	})
}

// Start serves the registry over HTTPS on a loopback port with cert; the
// provider source host is "localhost:<port>" (cert must name localhost).
func (r *Registry) Start(cert *TestCA) (srv *httptest.Server, host string) {
	srv = httptest.NewUnstartedServer(r.Handler())
	srv.TLS = cert.ServerTLSConfig()
	srv.StartTLS()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	return srv, net.JoinHostPort("localhost", port)
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
