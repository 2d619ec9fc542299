package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
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

// optionalInRequests are the structs whose fields a request may each leave
// out (the document's PermissionsInput: an omitted group is empty), though
// the answers always carry them.
var optionalInRequests = map[reflect.Type]bool{reflect.TypeFor[api.Permissions](): true}

// decodeStrict decodes one JSON object into dst, a pointer to a struct. It
// refuses, as invalid-request-structure naming the field in the error's
// data: syntax errors, trailing data, invalid UTF-8, repeated keys, keys
// that are not exactly a field's JSON name (encoding/json would match them
// without regard to case), a JSON null where the document does not allow
// one, and values of the wrong JSON type. A required field left out, or a
// field that breaks its requestFieldRules, is invalid-parameters-format,
// every such field named.
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
	if err := checkJSONText(body); err != nil {
		return err
	}
	if _, ok := generic.(map[string]any); !ok {
		return errInvalidStructure("the request body must be a JSON object", nil)
	}
	target := reflect.TypeOf(dst).Elem()
	switch path, reason := shapeProblem(generic, target, ""); reason {
	case reasonUnknown:
		return errInvalidStructure("the request body has an unknown field", map[string]string{path: reason})
	case reasonNull:
		return errInvalidStructure("the request body has a null where a value is required", map[string]string{path: reason})
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
	missing := problems{}
	missingFields(generic, target, "", missing)
	fieldRules(dst, missing)
	return missing.err()
}

const (
	reasonUnknown = "unknown field"
	reasonNull    = "must not be null"
)

// shapeProblem walks a decoded JSON value beside the Go type it is meant for
// and answers the dotted path of the first object key that is not exactly a
// field's JSON name (reasonUnknown) or of the first null that the type does
// not allow (reasonNull), or "", "".
func shapeProblem(v any, t reflect.Type, path string) (string, string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == rawMessageType {
		return "", ""
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return "", ""
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(obj) {
			f, ok := fields[k]
			if !ok {
				return join(path, k), reasonUnknown
			}
			if obj[k] == nil && !f.nullable() {
				return join(path, k), reasonNull
			}
			if p, reason := shapeProblem(obj[k], f.typ, join(path, k)); reason != "" {
				return p, reason
			}
		}
	case reflect.Map:
		obj, ok := v.(map[string]any)
		if !ok {
			return "", ""
		}
		for _, k := range sortedKeys(obj) {
			if obj[k] == nil && !elementNullable(t.Elem()) {
				return join(path, k), reasonNull
			}
			if p, reason := shapeProblem(obj[k], t.Elem(), join(path, k)); reason != "" {
				return p, reason
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return "", ""
		}
		for i, e := range arr {
			at := join(path, strconv.Itoa(i))
			if e == nil && !elementNullable(t.Elem()) {
				return at, reasonNull
			}
			if p, reason := shapeProblem(e, t.Elem(), at); reason != "" {
				return p, reason
			}
		}
	}
	return "", ""
}

// missingFields adds "is required" for every field of a struct, at any
// depth of v, that has no omitempty, is not in optionalInRequests and is
// absent. v has passed shapeProblem.
func missingFields(v any, t reflect.Type, path string, p problems) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return
		}
		fields := jsonFields(t)
		for _, k := range sortedKeys(fields) {
			value, present := obj[k]
			if !present {
				if !fields[k].omitempty && !optionalInRequests[t] {
					p.add(join(path, k), "is required")
				}
				continue
			}
			missingFields(value, fields[k].typ, join(path, k), p)
		}
	case reflect.Map:
		if obj, ok := v.(map[string]any); ok {
			for _, k := range sortedKeys(obj) {
				missingFields(obj[k], t.Elem(), join(path, k), p)
			}
		}
	case reflect.Slice:
		if arr, ok := v.([]any); ok && t != rawMessageType {
			for i, e := range arr {
				missingFields(e, t.Elem(), join(path, strconv.Itoa(i)), p)
			}
		}
	}
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	typ       reflect.Type
	omitempty bool
}

// nullable: a JSON value of any kind, or a pointer that is always written
// (null meaning unset), may be null; as the OpenAPI document says.
func (f jsonField) nullable() bool {
	return f.typ == rawMessageType || (f.typ.Kind() == reflect.Pointer && !f.omitempty)
}

func elementNullable(t reflect.Type) bool {
	return t == rawMessageType || t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface
}

// jsonFields maps the JSON names of a struct's fields (embedded structs
// flattened) to their types and omitempty.
func jsonFields(t reflect.Type) map[string]jsonField {
	out := map[string]jsonField{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			maps.Copy(out, jsonFields(f.Type))
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = jsonField{typ: f.Type, omitempty: slices.Contains(strings.Split(opts, ","), "omitempty")}
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
