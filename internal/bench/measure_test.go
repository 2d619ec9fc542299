package bench

import (
	"strings"
	"testing"
)

func TestJudge(t *testing.T) {
	for _, tc := range []struct {
		step    string
		exit    int
		summary string
		status  string
		note    string
	}{
		{stepCreate, 0, "Apply complete! Resources: 100 added, 0 changed, 0 destroyed.", statusOK, ""},
		{stepCreate, 0, "Apply complete! Resources: 99 added, 0 changed, 0 destroyed.", statusFailed, "exit 0: Apply complete! Resources: 99 added"},
		{stepCreate, 1, "Error: No way to authenticate", statusFailed, "exit 1: Error"},
		{stepPlan, 0, "No changes. Your infrastructure matches the configuration.", statusOK, ""},
		{stepPlan, 2, "Plan: 0 to add, 1 to change, 0 to destroy.", statusFailed, "exit 2"},
		{stepPlanDrift, 2, "Plan: 0 to add, 1 to change, 0 to destroy.", statusOK, ""},
		{stepPlanDrift, 0, "No changes.", statusOK, "sees no change"},
		{stepPlanDrift, 2, "Plan: 100 to add, 0 to change, 100 to destroy.", statusFailed, "exit 2"},
		{stepApplyDrift, 0, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.", statusOK, ""},
		{stepApplyDrift, 0, "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", statusOK, "nothing to apply"},
		{stepDestroy, 0, "Destroy complete! Resources: 100 destroyed.", statusOK, ""},
		{stepDestroy, 1, "Error: deleting", statusFailed, "exit 1"},
		{stepImport, 0, "Apply complete! Resources: 100 imported, 0 added, 0 changed, 0 destroyed.", statusOK, ""},
		{stepImport, 0, "Apply complete! Resources: 100 imported, 0 added, 100 changed, 0 destroyed.", statusOK, "not clean: 100 imported, 0 added, 100 changed, 0 destroyed"},
		{stepQueryImport, 0, "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", statusFailed, "exit 0"},
		{stepQuery, 0, "", statusOK, ""},
	} {
		status, note := judge(tc.step, 100, tfResult{ExitCode: tc.exit, Summary: tc.summary})
		if status != tc.status || !strings.HasPrefix(note, tc.note) || (tc.note == "" && note != "") {
			t.Errorf("judge(%s, exit %d, %q) = %s, %q; want %s, %q...", tc.step, tc.exit, tc.summary, status, note, tc.status, tc.note)
		}
	}
}

func TestMarkdownTable(t *testing.T) {
	cpu := 1.25
	res := &Results{Records: []Record{
		{N: 100, Profile: "loopback", Tool: toolOurs, Step: stepPlan, Status: statusOK, WallSeconds: 2.345,
			Calls:               &Calls{Total: 101, ByRoute: map[string]int{"GET /platform-users/{username}": 100, "POST /auth/login": 1}, Logins: 1, Throttled: 3, Retryable: 1},
			Provider:            &Usage{Processes: 2, CPUSeconds: 0.5, PeakRSSMB: 40.4},
			TerraformCPUSeconds: &cpu},
		{N: 100, Profile: "remote", Tool: toolPeer, Step: stepDestroy, Status: statusSkipped, Note: "apply | failed\nsecond line"},
	}}
	lines := strings.Split(strings.TrimSpace(res.Markdown()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want a header, a rule and 2 rows:\n%s", res.Markdown())
	}
	want := "| 100 | loopback | plan (no change) | ours | 2.3 | 101 | 100 GET /platform-users/{username}; 1 POST /auth/login | 1 | 3 / 1 | 0.50 (2 proc) | 40 | 1.25 | ok |"
	if lines[2] != want {
		t.Errorf("row\n%s\nwant\n%s", lines[2], want)
	}
	want = `| 100 | remote | destroy | peer | – | – | – | – | – | – | – | – | skipped: apply \| failed |`
	if lines[3] != want {
		t.Errorf("row\n%s\nwant\n%s", lines[3], want)
	}
	for _, l := range lines {
		if strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 14 {
			t.Errorf("not 13 cells: %s", l)
		}
	}
}
