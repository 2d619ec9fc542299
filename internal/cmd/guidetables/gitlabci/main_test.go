package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGitLabCIFiles: the guide's GitLab CI file passes the check.
func TestGitLabCIFiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "examples", "ci", "gitlab", ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lintGitLabCI(data) {
		t.Error(e)
	}
}

func TestLintGitLabCIFinds(t *testing.T) {
	const ok = "stages: [plan, apply]\n.base:\n  image: alpine\nplan:\n  extends: .base\n  stage: plan\n  script:\n    - echo plan\n"
	if errs := lintGitLabCI([]byte(ok)); len(errs) > 0 {
		t.Fatalf("a valid file: %v", errs)
	}
	for name, tc := range map[string]struct{ yaml, want string }{
		"not YAML":        {"plan: [", "yaml"},
		"no stage":        {"plan:\n  script: [echo]\n", "no stage"},
		"unknown stage":   {"stages: [plan]\nplan:\n  stage: deploy\n  script: [echo]\n", `stage "deploy" is not in stages`},
		"no script":       {"stages: [plan]\nplan:\n  stage: plan\n", "no script"},
		"empty script":    {"stages: [plan]\nplan:\n  stage: plan\n  script: []\n", "no script"},
		"typo":            {"stages: [plan]\nplan:\n  stage: plan\n  script: [echo]\n  artefacts: {}\n", `unknown keyword "artefacts"`},
		"needs nothing":   {"stages: [plan]\nplan:\n  stage: plan\n  script: [echo]\n  needs: [build]\n", `names "build"`},
		"needs later":     {"stages: [a, b]\nx:\n  stage: a\n  script: [echo]\n  needs: [y]\ny:\n  stage: b\n  script: [echo]\n", "later stage"},
		"bad when":        {"stages: [plan]\nplan:\n  stage: plan\n  script: [echo]\n  when: later\n", "when later"},
		"bad rule":        {"stages: [plan]\nplan:\n  stage: plan\n  script: [echo]\n  rules:\n    - iff: $X\n", `unknown keyword "iff"`},
		"extends nothing": {"stages: [plan]\nplan:\n  extends: .base\n  stage: plan\n  script: [echo]\n", `extends ".base"`},
		"extends loop":    {"stages: [plan]\n.a:\n  extends: .b\n.b:\n  extends: .a\nplan:\n  extends: .a\n  stage: plan\n  script: [echo]\n", "loops"},
		"only templates":  {".base:\n  script: [echo]\n", "no job"},
		"environment":     {"stages: [plan]\nplan:\n  stage: plan\n  script: [echo]\n  environment: {action: prepare}\n", "environment: no name"},
	} {
		errs := lintGitLabCI([]byte(tc.yaml))
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Error())
		}
		if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
			t.Errorf("%s: errors %q, want one with %q", name, msgs, tc.want)
		}
	}
}
