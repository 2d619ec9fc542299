package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

func TestParseOptions(t *testing.T) {
	tf := filepath.Join(t.TempDir(), "terraform")
	if err := os.WriteFile(tf, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	o, err := parseOptions([]string{"-n", "100, 1000", "-terraform", tf, "-profiles", "remote", "-latency", "10ms"},
		env(map[string]string{"BENCH_LARGE": "1"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.Sizes, []int{100, 1000, 5000}) {
		t.Errorf("sizes %v: want BENCH_LARGE to add 5000", o.Sizes)
	}
	if len(o.Profiles) != 1 || o.Profiles[0].Latency != 10*time.Millisecond || o.Profiles[0].RateLimit != 20 || o.Profiles[0].ClientLimit != 20 || o.Profiles[0].PeerClientLimit != 15 {
		t.Errorf("profiles %+v", o.Profiles)
	}
	if !slices.Equal(o.Tools, []string{"floor", "ours", "peer"}) || o.Terraform != tf || o.Parallelism != 10 {
		t.Errorf("tools %v, terraform %s, parallelism %d", o.Tools, o.Terraform, o.Parallelism)
	}
	if !strings.HasPrefix(o.Command, "BENCH_LARGE=1 adminapi-bench -n") {
		t.Errorf("command %q", o.Command)
	}
	for _, args := range [][]string{
		{"-n", "0"}, {"-n", "ten"}, {"-profiles", "lan"}, {"-tools", "ours,theirs"}, {"-workers", "0"}, {"stray"},
		{"-client-limit", "-1"}, {"-peer-client-limit", "-1"},
	} {
		if _, err := parseOptions(append([]string{"-terraform", tf}, args...), env(nil), io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if _, err := parseOptions([]string{"-terraform", filepath.Join(t.TempDir(), "none")}, env(nil), io.Discard); err == nil {
		t.Error("a missing -terraform is no error")
	}
}

func TestFindTerraformTakesTheNewestSharedTool(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "main")
	for _, v := range []string{"1.9.0", "1.15.9", "1.11.4"} {
		dir := filepath.Join(base, "shared", "tools", "terraform-"+v)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform"), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	got, from, err := findTerraform("", root)
	if err != nil || got != filepath.Join(base, "shared", "tools", "terraform-1.15.9", "terraform") || !strings.Contains(from, "shared") {
		t.Errorf("findTerraform = %s, %s, %v; want the 1.15.9 one", got, from, err)
	}
}
