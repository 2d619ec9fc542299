package provider_test

import (
	"runtime/debug"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider"
)

func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })

	if got := provider.TuneGC(envLookup(nil)); got != 200 {
		t.Errorf("without GOGC: target %d, want 200", got)
	}
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("without GOGC: the runtime's target is %d, want 200", got)
	}

	debug.SetGCPercent(50) // as the runtime sets it from GOGC=50
	if got := provider.TuneGC(envLookup(map[string]string{"GOGC": "50"})); got != 50 {
		t.Errorf("with GOGC=50: target %d, want 50", got)
	}
	if got := debug.SetGCPercent(100); got != 50 {
		t.Errorf("with GOGC=50: the runtime's target is %d, want GOGC's 50", got)
	}
}
