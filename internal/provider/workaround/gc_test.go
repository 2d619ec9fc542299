package workaround_test

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/adminapi/terraform-provider-adminapi/internal/provider/workaround"
)

func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })

	if got := workaround.TuneGC(envLookup(nil)); got != 200 {
		t.Errorf("without GOGC: target %d, want 200", got)
	}
	if got := debug.SetGCPercent(100); got != 200 {
		t.Errorf("without GOGC: the runtime's target is %d, want 200", got)
	}

	debug.SetGCPercent(50) // as the runtime sets it from GOGC=50
	if got := workaround.TuneGC(envLookup(map[string]string{"GOGC": "50"})); got != 50 {
		t.Errorf("with GOGC=50: target %d, want 50", got)
	}
	if got := debug.SetGCPercent(100); got != 50 {
		t.Errorf("with GOGC=50: the runtime's target is %d, want GOGC's 50", got)
	}
}

// TestUpstreamSchemaCopiesAttributesPerPathStep is the canary of gc.go's
// garbage collection target: resource/schema.Schema.GetAttributes converts
// the schema's map[string]Attribute into a new map[string]fwschema.Attribute
// on every call, and a path step through the schema
// (ApplyTerraform5AttributePathStep, once per step of SchemaAttributeAtPath)
// calls it, so that the framework allocates a map per attribute it looks up.
func TestUpstreamSchemaCopiesAttributesPerPathStep(t *testing.T) {
	attributes := map[string]schema.Attribute{}
	for i := range 20 {
		attributes[fmt.Sprintf("attribute_%d", i)] = schema.StringAttribute{Optional: true}
	}
	s := schema.Schema{Attributes: attributes}

	first, second := s.GetAttributes(), s.GetAttributes()
	sameMap := reflect.ValueOf(first).UnsafePointer() == reflect.ValueOf(second).UnsafePointer()
	step := testing.AllocsPerRun(100, func() {
		if _, err := s.ApplyTerraform5AttributePathStep(tftypes.AttributeName("attribute_7")); err != nil {
			t.Fatal(err)
		}
	})
	if sameMap || step == 0 {
		t.Errorf("upstream fixed the per-call schema map copy: GetAttributes answers the same map twice: %v, a path step allocates %.0f objects; "+
			"the garbage collection target in gc.go (TuneGC) was set for that garbage: measure again (README → Performance) and let it go", sameMap, step)
	}
}
