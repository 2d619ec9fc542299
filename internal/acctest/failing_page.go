package acctest

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

// FailingPage is srv seen through a proxy that answers 500 to every GET of
// a list page at offset (the query parameter), as a server failing in the
// middle of a paged list would; other requests pass. Its Client is srv's.
func FailingPage(t testing.TB, srv *Server, offset int) *Server {
	t.Helper()
	next := srv.Server.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Query().Get("offset") == strconv.Itoa(offset) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`{"error":{"id":"` + api.ErrUnexpected + `","message":"injected failure of the page at offset ` + strconv.Itoa(offset) + `"}}`))
			return
		}
		next.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	failing := *srv
	failing.URL = ts.URL
	return &failing
}
