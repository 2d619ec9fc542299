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
		{stepRefresh, 0, "No changes. Your infrastructure still matches the configuration.", statusOK, ""},
		{stepRefresh, 2, "", statusFailed, "exit 2"},
		{stepShardApplyAll, 0, "Apply complete! Resources: 0 added, 0 changed, 0 destroyed.", statusOK, ""},
		{stepShardApplyAll, 0, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed.", statusFailed, "exit 0"},
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
	cpu, rss := 1.25, 180.2
	res := &Results{Records: []Record{
		{N: 100, Profile: "loopback", Tool: toolOurs, Step: stepPlan, Status: statusOK, WallSeconds: 2.345,
			Calls:               &Calls{Total: 101, ByRoute: map[string]int{"GET /platform-users/{username}": 100, "POST /auth/login": 1}, Logins: 1, Throttled: 3, Retryable: 1},
			Provider:            &Usage{Processes: 2, CPUSeconds: 0.5, PeakRSSMB: 40.4},
			TerraformCPUSeconds: &cpu, TerraformPeakRSSMB: &rss},
		{N: 100, Profile: "remote", Tool: toolPeer, Step: stepDestroy, Status: statusSkipped, Note: "apply | failed\nsecond line"},
	}}
	lines := strings.Split(strings.TrimSpace(res.Markdown()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want a header, a rule and 2 rows:\n%s", res.Markdown())
	}
	want := "| 100 | loopback | plan (no change) | ours | 1 | 2.3 | 101 | 100 GET /platform-users/{username}; 1 POST /auth/login | 1 | 3 / 1 | 0.50 (2 proc) | 40 | 1.25 | 180 | ok |"
	if lines[2] != want {
		t.Errorf("row\n%s\nwant\n%s", lines[2], want)
	}
	want = `| 100 | remote | destroy | peer | 1 | – | – | – | – | – | – | – | – | – | skipped: apply \| failed |`
	if lines[3] != want {
		t.Errorf("row\n%s\nwant\n%s", lines[3], want)
	}
	for _, l := range lines {
		if strings.Count(strings.ReplaceAll(l, `\|`, ""), "|") != 16 {
			t.Errorf("not 15 cells: %s", l)
		}
	}
}

func TestCellsShowTheMedianOfRepeatedRuns(t *testing.T) {
	rec := func(run int, status string, wall, cpu, tf float64, calls int) Record {
		return Record{N: 100, Profile: "loopback", Tool: toolOurs, Step: stepPlan, Run: run, Status: status, WallSeconds: wall,
			Calls:    &Calls{Total: calls, ByRoute: map[string]int{"GET /platform-users": calls}, Logins: 1},
			Provider: &Usage{Processes: 3, CPUSeconds: cpu, PeakRSSMB: cpu * 10}, TerraformCPUSeconds: &tf, TerraformPeakRSSMB: &tf}
	}
	other := rec(1, statusOK, 9, 9, 9, 9)
	other.Tool = toolPeer
	cells := Cells([]Record{
		rec(1, statusOK, 3.0, 1.0, 5, 12), other, rec(2, statusOK, 1.0, 3.0, 4, 12), rec(3, statusOK, 2.0, 2.0, 6, 14),
	})
	if len(cells) != 2 || cells[0].Runs != 3 || cells[1].Runs != 1 || cells[0].Median.Tool != toolOurs {
		t.Fatalf("cells %+v", cells)
	}
	m := cells[0].Median
	if m.WallSeconds != 2 || m.Provider.CPUSeconds != 2 || m.Provider.PeakRSSMB != 20 || *m.TerraformCPUSeconds != 5 ||
		*m.TerraformPeakRSSMB != 5 || m.Calls.Total != 12 || m.Run != 0 {
		t.Errorf("median %+v, provider %+v, calls %+v", m, m.Provider, m.Calls)
	}
	if cells[1].Median.WallSeconds != 9 || cells[1].Median.Run != 1 {
		t.Errorf("a single run is shown as it is: %+v", cells[1].Median)
	}
	// A failed run is left out of the medians and said.
	cells = Cells([]Record{rec(1, statusOK, 3, 3, 3, 3), rec(2, statusFailed, 100, 100, 100, 100), rec(3, statusOK, 5, 5, 5, 5)})
	if m := cells[0].Median; cells[0].Failed != 1 || m.WallSeconds != 4 || m.Status != statusOK {
		t.Errorf("with a failed run: %+v", cells[0])
	}
	if row := (&Results{Records: []Record{rec(1, statusOK, 3, 3, 3, 3), rec(2, statusFailed, 100, 100, 100, 100)}}).Markdown(); !strings.Contains(row, "failed in 1 of 2 runs") {
		t.Errorf("the failed run is not said:\n%s", row)
	}
}

func TestMedian(t *testing.T) {
	v := func(r Record) (float64, bool) { return r.WallSeconds, r.Status == statusOK }
	for _, tc := range []struct {
		walls []float64
		want  float64
	}{{nil, 0}, {[]float64{7}, 7}, {[]float64{3, 1, 2}, 2}, {[]float64{4, 1, 3, 2}, 2.5}, {[]float64{10, 1, 1}, 1}} {
		var rs []Record
		for _, w := range tc.walls {
			rs = append(rs, Record{Status: statusOK, WallSeconds: w})
		}
		rs = append(rs, Record{Status: statusFailed, WallSeconds: 1000}) // not counted
		if got := Median(rs, v); got != tc.want {
			t.Errorf("Median(%v) = %g, want %g", tc.walls, got, tc.want)
		}
	}
}
