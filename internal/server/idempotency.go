package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"
)

const (
	idempotencyHeader = "Idempotency-Key"
	idempotencyKeyMax = 255
	idempotencyTTL    = 24 * time.Hour
)

// idempotent makes h act once per Idempotency-Key (the IETF httpapi draft's
// semantics): the first answer to a key is stored, in the transaction of
// the change it answers, with a hash of the request; a repeat of the same
// request answers it again without acting, another request with the key is
// 422, a repeat while the first runs is 409. A request without the header
// runs h as it is.
func idempotent(h handler) handler {
	return func(s *Server, w http.ResponseWriter, r *http.Request, c *caller) error {
		key, ok, err := idempotencyKeyOf(r)
		if err != nil {
			return err
		}
		if !ok {
			return h(s, w, r, c)
		}
		body, err := readBody(w, r)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		scope := c.scope()
		release, ok := s.keyLocks.acquire(scope + "\x00" + key)
		if !ok {
			return errKeyInFlight(w)
		}
		defer release()
		hash := requestHash(r.Method, r.URL.RequestURI(), scope, body)
		ans, found, err := s.storedAnswer(r.Context(), scope, key)
		switch {
		case err != nil:
			return err
		case found && !bytes.Equal(ans.hash, hash[:]):
			return errKeyReused
		case !found:
			ans.hash = hash[:]
			if ans, err = s.answerOnce(r, c, h, ans); err != nil {
				if isUniqueViolation(err) { // another process sharing the store answered the key meanwhile
					return errKeyInFlight(w)
				}
				return err
			}
		}
		release() // before the answer leaves, so that a repeat after it finds the key free
		ans.writeTo(w)
		return nil
	}
}

// answerOnce runs h with every change in one transaction, which commits
// with the answer when the answer is to be kept and is rolled back
// otherwise.
func (s *Server) answerOnce(r *http.Request, c *caller, h handler, ans storedAnswer) (storedAnswer, error) {
	rt := &requestTx{db: s.db}
	defer rt.rollback()
	r = r.WithContext(withRequestTx(r.Context(), rt))
	buf := &bufferedWriter{header: http.Header{}}
	if err := h(s, buf, r, c); err != nil {
		s.fail(buf, r, err)
	}
	ans.status, ans.header, ans.body = buf.statusOrOK(), buf.header, buf.body.Bytes()
	if !keptAnswer(ans.status) {
		return ans, nil
	}
	return ans, rt.commit(r.Context(), func(tx *sql.Tx) error { return s.storeAnswer(r.Context(), tx, ans) })
}

// keptAnswer tells whether an answer is stored: not a 5xx, 429 or 401, after
// which nothing happened and a repeat must act.
func keptAnswer(status int) bool {
	return status < 500 && status != http.StatusTooManyRequests && status != http.StatusUnauthorized
}

// idempotencyKeyOf answers the request's Idempotency-Key, whether it has
// one, and a 400 naming the header when the key is malformed.
func idempotencyKeyOf(r *http.Request) (string, bool, error) {
	values := r.Header.Values(idempotencyHeader)
	switch {
	case len(values) == 0:
		return "", false, nil
	case len(values) > 1:
		return "", true, errInvalidParameters(map[string]string{idempotencyHeader: "must be given once"})
	}
	key := values[0]
	valid := key != "" && len(key) <= idempotencyKeyMax
	for i := 0; valid && i < len(key); i++ {
		valid = key[i] >= 0x20 && key[i] <= 0x7e
	}
	if !valid {
		return "", true, errInvalidParameters(map[string]string{idempotencyHeader: "must be 1 to 255 printable ASCII characters"})
	}
	return key, true, nil
}

// requestHash identifies a request by its method, target (path and query as
// sent), caller and body, each compared byte for byte: each is written
// after its length, so that no two different requests write the same bytes.
func requestHash(method, target, caller string, body []byte) [sha256.Size]byte {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(method), []byte(target), []byte(caller), body} {
		_ = binary.Write(h, binary.BigEndian, uint64(len(part)))
		h.Write(part)
	}
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}

// scope names the caller that an Idempotency-Key belongs to; an admin user
// by its incarnation too, so that a user created again under the same name
// shares no key with its predecessor.
func (c *caller) scope() string {
	if c.kind == kindAdmin {
		return callerKey(c.kind, c.name) + "#" + c.credentials.uid
	}
	return callerKey(c.kind, c.name)
}

// storedAnswer is one row of idempotency_keys.
type storedAnswer struct {
	scope, key string
	hash       []byte
	status     int
	header     http.Header
	body       []byte
}

func (a storedAnswer) writeTo(w http.ResponseWriter) {
	for k, v := range a.header {
		w.Header()[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// storedAnswer answers the unexpired answer stored for the caller's key, if any.
func (s *Server) storedAnswer(ctx context.Context, scope, key string) (storedAnswer, bool, error) {
	a := storedAnswer{scope: scope, key: key}
	var header string
	err := s.db.QueryRowContext(ctx, `SELECT request_hash, status, headers, body FROM idempotency_keys
		WHERE caller = ? AND key = ? AND expires_ms > ?`, scope, key, s.cfg.now().UnixMilli()).
		Scan(&a.hash, &a.status, &header, &a.body)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	if err != nil {
		return a, false, err
	}
	return a, true, json.Unmarshal([]byte(header), &a.header)
}

// storeAnswer stores a for idempotencyTTL and deletes the expired answers.
func (s *Server) storeAnswer(ctx context.Context, tx *sql.Tx, a storedAnswer) error {
	now := s.cfg.now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE expires_ms <= ?`, now.UnixMilli()); err != nil {
		return err
	}
	header, err := json.Marshal(a.header)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO idempotency_keys (caller, key, request_hash, status, headers, body,
		created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.scope, a.key, a.hash, a.status, string(header),
		a.body, now.UnixMilli(), now.Add(idempotencyTTL).UnixMilli())
	return err
}

// keyLocks holds the idempotency keys whose first request is being handled.
type keyLocks struct {
	mu   sync.Mutex
	held map[string]bool
}

// acquire takes k, or answers false when it is held; release may be
// called more than once.
func (l *keyLocks) acquire(k string) (release func(), ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.held[k] {
		return nil, false
	}
	if l.held == nil {
		l.held = map[string]bool{}
	}
	l.held[k] = true
	return sync.OnceFunc(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.held, k)
	}), true
}

// bufferedWriter keeps an answer until it may leave.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	b.WriteHeader(http.StatusOK)
	return b.body.Write(p)
}

func (b *bufferedWriter) statusOrOK() int {
	if b.status == 0 {
		return http.StatusOK
	}
	return b.status
}
