package acctest

import (
	"slices"
	"testing"
)

func TestDifference(t *testing.T) {
	got := difference([]string{"a", "b", "b", "c"}, []string{"b", "c", "d"})
	if want := []string{"a", "b"}; !slices.Equal(got, want) {
		t.Errorf("difference = %v, want %v", got, want)
	}
}

func TestNumberedNames(t *testing.T) {
	if got, want := NumberedNames("u", 3), []string{"u-000", "u-001", "u-002"}; !slices.Equal(got, want) {
		t.Errorf("NumberedNames = %v, want %v", got, want)
	}
}
