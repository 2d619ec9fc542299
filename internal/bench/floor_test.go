package bench

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestForEachDoesEveryNameOnce(t *testing.T) {
	var done atomic.Int64
	seen := make(chan string, 100)
	err := forEach(t.Context(), 10, usernames(100), func(_ context.Context, name string) error {
		done.Add(1)
		seen <- name
		return nil
	})
	close(seen)
	if err != nil || done.Load() != 100 {
		t.Fatalf("err %v, %d done; want 100", err, done.Load())
	}
	unique := map[string]bool{}
	for name := range seen {
		unique[name] = true
	}
	if len(unique) != 100 || !unique["bench-00000"] || !unique["bench-00099"] {
		t.Errorf("%d distinct names", len(unique))
	}
}

func TestForEachStopsAtTheFirstError(t *testing.T) {
	boom := errors.New("boom")
	var done atomic.Int64
	err := forEach(t.Context(), 2, usernames(1000), func(ctx context.Context, name string) error {
		done.Add(1)
		if name == username(3) {
			return boom
		}
		return ctx.Err()
	})
	if !errors.Is(err, boom) || done.Load() > 100 {
		t.Errorf("err %v after %d calls; want boom, soon", err, done.Load())
	}
}

func TestIndexOfUsername(t *testing.T) {
	if got := indexOf(username(4321)); got != 4321 {
		t.Errorf("indexOf(%s) = %d", username(4321), got)
	}
}
