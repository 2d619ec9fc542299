package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// TestNullableHasType: every schema that says `nullable` also says `type`.
// Ajv-based validators (Stoplight Prism among them) refuse to compile a
// schema with `nullable` and no `type`, composition or not, and then skip
// the validation of the whole body.
func TestNullableHasType(t *testing.T) {
	var root any
	if err := yaml.Unmarshal(OpenAPIYAML, &root); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, node any)
	walk = func(path string, node any) {
		switch n := node.(type) {
		case map[string]any:
			if nullable, ok := n["nullable"].(bool); ok {
				if _, typed := n["type"]; !typed {
					t.Errorf("%s: nullable: %v without type", path, nullable)
				}
			}
			for k, v := range n {
				walk(path+"/"+k, v)
			}
		case map[any]any: // a mapping with a key that is not a string, such as an unquoted status
			for k, v := range n {
				walk(fmt.Sprintf("%s/%v", path, k), v)
			}
		case []any:
			for i, v := range n {
				walk(fmt.Sprintf("%s/%d", path, i), v)
			}
		}
	}
	walk("#", root)
}

// goTypeName is the Go type name oapi-codegen makes of a component or
// operation name: the alphanumeric runs, each with its first letter upper case.
func goTypeName(name string) string {
	parts := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, p := range parts {
		parts[i] = strings.ToUpper(p[:1]) + p[1:]
	}
	return strings.Join(parts, "")
}

// TestGeneratedTypeNamesAreUnique: the components and the operations'
// parameter, body and answer types get distinct Go type names when a client
// is generated (oapi-codegen stops at the first clash).
func TestGeneratedTypeNamesAreUnique(t *testing.T) {
	doc := loadDoc(t)
	owners := map[string][]string{}
	add := func(typeName, from string) { owners[typeName] = append(owners[typeName], from) }
	c := doc.Components
	for name := range c.Schemas {
		add(goTypeName(name), "schema "+name)
	}
	for name := range c.Parameters {
		add(goTypeName(name), "parameter "+name)
	}
	for name := range c.Responses {
		add(goTypeName(name), "response "+name)
	}
	for name := range c.RequestBodies {
		add(goTypeName(name), "request body "+name)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			from := "operation " + method + " " + path
			id := goTypeName(op.OperationID)
			add(id+"Params", from)
			add(id+"Response", from)
			if op.RequestBody != nil {
				add(id+"JSONRequestBody", from)
				add(id+"JSONBody", from)
			}
		}
	}
	for typeName, from := range owners {
		if len(from) > 1 {
			slices.Sort(from)
			t.Errorf("Go type %s would come from %s", typeName, strings.Join(from, " and "))
		}
	}
	if goTypeName("assignedRole") != "AssignedRole" || goTypeName("Role") != "Role" || goTypeName("x-y_z") != "XYZ" {
		t.Error("goTypeName does not name types as oapi-codegen does")
	}
}

// TestPagingFieldsAreTyped: wherever a schema (or an allOf member of it)
// names total, offset or limit, the field is a non-negative integer, so
// generated clients get numbers and not untyped values.
func TestPagingFieldsAreTyped(t *testing.T) {
	doc := loadDoc(t)
	var check func(where string, s *openapi3.Schema)
	check = func(where string, s *openapi3.Schema) {
		for i, member := range s.AllOf {
			check(fmt.Sprintf("%s.allOf.%d", where, i), member.Value)
		}
		for _, field := range []string{"total", "offset", "limit"} {
			p, ok := s.Properties[field]
			if !ok {
				continue
			}
			if v := p.Value; !v.Type.Is(openapi3.TypeInteger) || v.Min == nil || *v.Min < 0 {
				t.Errorf("%s.%s is not a non-negative integer (type %v, minimum %v)", where, field, v.Type, v.Min)
			}
		}
	}
	lists := 0
	for name, ref := range doc.Components.Schemas {
		check(name, ref.Value)
		if strings.HasSuffix(name, "List") {
			lists++
			got := schemaFields{props: map[string]*openapi3.SchemaRef{}, required: map[string]bool{}}
			collectFields(ref.Value, &got)
			for _, field := range []string{"total", "offset", "limit"} {
				if !got.required[field] {
					t.Errorf("%s does not require %s", name, field)
				}
			}
		}
	}
	if lists != 5 {
		t.Errorf("found %d list schemas, want 5", lists)
	}
}
