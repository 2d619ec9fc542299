package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
)

// readBody reads at most api.MaxBodyBytes of the request body.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errTooLarge
		}
		return nil, errInvalidStructure("the request body could not be read", nil)
	}
	return body, nil
}

func isJSONContentType(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

// decodeJSONBody reads a required JSON body into dst (a pointer to a struct).
func decodeJSONBody(w http.ResponseWriter, r *http.Request, dst any) error {
	if !isJSONContentType(r) {
		return errMediaType
	}
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	return decodeStrict(body, dst)
}

// decodeOptionalJSONBody is decodeJSONBody for a body that may be absent:
// then dst is left as it is.
func decodeOptionalJSONBody(w http.ResponseWriter, r *http.Request, dst any) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if !isJSONContentType(r) {
		return errMediaType
	}
	return decodeStrict(body, dst)
}

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// decodeStrict decodes one JSON object into dst, a pointer to a struct. It
// refuses syntax errors, trailing data, keys that are not exactly a field's
// JSON name (encoding/json would match them without regard to case) and
// values of the wrong JSON type, naming the field in the error's data.
func decodeStrict(body []byte, dst any) error {
	var generic any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return errInvalidStructure("the request body is not valid JSON", nil)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errInvalidStructure("the request body holds data after its JSON value", nil)
	}
	if _, ok := generic.(map[string]any); !ok {
		return errInvalidStructure("the request body must be a JSON object", nil)
	}
	if path := unknownKey(generic, reflect.TypeOf(dst).Elem(), ""); path != "" {
		return errInvalidStructure("the request body has an unknown field", map[string]string{path: "unknown field"})
	}
	dec = json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return errInvalidStructure("a field has the wrong JSON type",
				map[string]string{typeErr.Field: "must be " + jsonKind(typeErr.Type)})
		}
		return errInvalidStructure("the request body does not have the expected structure", nil)
	}
	return nil
}

// unknownKey walks a decoded JSON value beside the Go type it is meant for and
// returns the dotted path of the first object key that is not exactly a
// field's JSON name, or "".
func unknownKey(v any, t reflect.Type, path string) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType {
		return ""
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			ft, ok := fields[k]
			if !ok {
				return join(path, k)
			}
			if p := unknownKey(obj[k], ft, join(path, k)); p != "" {
				return p
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		for _, k := range sortedKeys(obj) {
			if p := unknownKey(obj[k], t.Elem(), join(path, k)); p != "" {
				return p
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return ""
		}
		for _, e := range arr {
			if p := unknownKey(e, t.Elem(), path); p != "" {
				return p
			}
		}
	}
	return ""
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// flattened) to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, v := range jsonFields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	default:
		return "an object"
	}
}
