package bench

import (
	"strconv"
	"strings"
)

// Request is one request of the server's access log (internal/server's
// middleware: method, path, status and caller of every request).
type Request struct {
	Method string
	Path   string
	Status int
	Caller string
}

// ParseAccessLine answers the request an access-log line records, as
// slog's text handler writes it (msg=request method=GET path=/x status=200
// ...); ok is false for any other line.
func ParseAccessLine(line string) (Request, bool) {
	f := parseLogfmt(line)
	if f["msg"] != "request" || f["method"] == "" || f["path"] == "" {
		return Request{}, false
	}
	status, err := strconv.Atoi(f["status"])
	if err != nil {
		return Request{}, false
	}
	return Request{Method: f["method"], Path: f["path"], Status: status, Caller: f["caller"]}, true
}

// parseLogfmt splits key=value pairs; a value may be double-quoted with Go
// escapes, as slog quotes values holding spaces or quotes.
func parseLogfmt(line string) map[string]string {
	fields := map[string]string{}
	for line = strings.TrimSpace(line); line != ""; line = strings.TrimLeft(line, " ") {
		eq := strings.IndexByte(line, '=')
		sp := strings.IndexByte(line, ' ')
		if eq < 0 || (sp >= 0 && sp < eq) {
			if sp < 0 {
				break
			}
			line = line[sp:] // a bare word: skip it
			continue
		}
		key := line[:eq]
		line = line[eq+1:]
		if strings.HasPrefix(line, `"`) {
			end := closingQuote(line)
			if end < 0 {
				break
			}
			if v, err := strconv.Unquote(line[:end+1]); err == nil {
				fields[key] = v
			}
			line = line[end+1:]
			continue
		}
		end := strings.IndexByte(line, ' ')
		if end < 0 {
			end = len(line)
		}
		fields[key] = line[:end]
		line = line[end:]
	}
	return fields
}

// closingQuote answers the index of the quote that closes the one at s[0],
// or -1.
func closingQuote(s string) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}
