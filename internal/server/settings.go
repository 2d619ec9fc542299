package server

import (
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/adminapi/terraform-provider-adminapi/internal/api"
)

//go:embed settings_default.json
var defaultSettingsJSON []byte

// settingDef is one key of the shipped settings document: its declared type
// (with the bounds of an integer), default value and description. The type
// never goes on the wire.
type settingDef struct {
	Type        string          `json:"type"`
	Minimum     *int64          `json:"minimum,omitempty"`
	Maximum     *int64          `json:"maximum,omitempty"`
	Value       json.RawMessage `json:"value"`
	Description string          `json:"description"`
}

type settingsGroupDef struct {
	Name        string                `json:"name"`
	Description string                `json:"description"`
	Settings    map[string]settingDef `json:"settings"`
}

// settingsCatalog fixes the groups and keys of the settings document.
type settingsCatalog map[string]settingsGroupDef

// settingValues maps group -> key -> JSON value: the keys changed from the defaults.
type settingValues map[string]map[string]json.RawMessage

func (v settingValues) set(group, key string, value json.RawMessage) {
	if v[group] == nil {
		v[group] = map[string]json.RawMessage{}
	}
	v[group][key] = value
}

const (
	typeString     = "string"
	typeNumber     = "number"
	typeInteger    = "integer" // a JSON integer literal (no fraction or exponent) within int64
	typeBoolean    = "boolean"
	typeStringList = "string-list"
	typeObject     = "object"
)

var defaultCatalog = func() settingsCatalog {
	cat, err := loadCatalog(defaultSettingsJSON)
	if err != nil {
		panic(err)
	}
	return cat
}()

// loadCatalog reads a settings document with types and checks each default
// value against its type.
func loadCatalog(raw []byte) (settingsCatalog, error) {
	var cat settingsCatalog
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cat); err != nil {
		return nil, fmt.Errorf("settings catalog: %w", err)
	}
	for g, group := range cat {
		for k, def := range group.Settings {
			if (def.Minimum != nil || def.Maximum != nil) && def.Type != typeInteger {
				return nil, fmt.Errorf("settings catalog: %s.%s: only an integer has a minimum or maximum", g, k)
			}
			if reason := def.mismatch(def.Value); reason != "" {
				return nil, fmt.Errorf("settings catalog: %s.%s: default %s", g, k, reason)
			}
		}
	}
	return cat, nil
}

// SettingsGroupDefinition is one group of the settings document as the
// server ships it: its id (e.g. API_SETTINGS), name, description and keys.
type SettingsGroupDefinition struct {
	ID          string
	Name        string
	Description string
	Settings    []SettingDefinition
}

// SettingDefinition is one key of the shipped settings document. Type is
// one of string, number, integer, boolean, string-list and object; Minimum
// and Maximum bound an integer (nil when unbounded); Default is the JSON
// default value.
type SettingDefinition struct {
	Key         string
	Type        string
	Minimum     *int64
	Maximum     *int64
	Default     json.RawMessage
	Description string
}

// SettingsDefinitions answers the groups and keys of the settings document
// that the server ships, groups and keys sorted by id, for documentation.
// The answer is a copy: changing it changes nothing in the server.
func SettingsDefinitions() []SettingsGroupDefinition {
	out := make([]SettingsGroupDefinition, 0, len(defaultCatalog))
	for _, g := range sortedKeys(defaultCatalog) {
		group := defaultCatalog[g]
		defs := make([]SettingDefinition, 0, len(group.Settings))
		for _, k := range sortedKeys(group.Settings) {
			def := group.Settings[k]
			defs = append(defs, SettingDefinition{
				Key: k, Type: def.Type, Minimum: clonePtr(def.Minimum), Maximum: clonePtr(def.Maximum),
				Default: slices.Clone(def.Value), Description: def.Description,
			})
		}
		out = append(out, SettingsGroupDefinition{ID: g, Name: group.Name, Description: group.Description, Settings: defs})
	}
	return out
}

// Check answers why raw is not a valid value of the key, as the server
// would refuse it in PUT /admin/settings, or "" when it is valid.
func (d SettingDefinition) Check(raw json.RawMessage) string {
	return settingDef{Type: d.Type, Minimum: d.Minimum, Maximum: d.Maximum}.mismatch(raw)
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// mismatch answers why raw is not a JSON value of the declared type, or "".
func (def settingDef) mismatch(raw json.RawMessage) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if len(bytes.TrimSpace(raw)) == 0 || dec.Decode(&v) != nil || dec.More() {
		return "must be a JSON value"
	}
	ok := false
	switch def.Type {
	case typeString:
		_, ok = v.(string)
	case typeNumber:
		_, ok = v.(json.Number)
	case typeInteger:
		return def.integerMismatch(v)
	case typeBoolean:
		_, ok = v.(bool)
	case typeObject:
		_, ok = v.(map[string]any)
	case typeStringList:
		var list []any
		list, ok = v.([]any)
		for _, e := range list {
			if _, isString := e.(string); !isString {
				ok = false
			}
		}
	default:
		return "has an unknown declared type " + def.Type
	}
	if !ok {
		return "must be " + map[string]string{
			typeString: "a string", typeNumber: "a number", typeBoolean: "a boolean",
			typeObject: "a JSON object", typeStringList: "a list of strings",
		}[def.Type]
	}
	return ""
}

func (def settingDef) integerMismatch(v any) string {
	reason := "must be an integer"
	switch {
	case def.Minimum != nil && def.Maximum != nil:
		reason = fmt.Sprintf("must be an integer from %d to %d", *def.Minimum, *def.Maximum)
	case def.Minimum != nil:
		reason = fmt.Sprintf("must be an integer of at least %d", *def.Minimum)
	case def.Maximum != nil:
		reason = fmt.Sprintf("must be an integer of at most %d", *def.Maximum)
	}
	n, isNumber := v.(json.Number)
	if !isNumber {
		return reason
	}
	i, err := n.Int64()
	if err != nil || (def.Minimum != nil && i < *def.Minimum) || (def.Maximum != nil && i > *def.Maximum) {
		return reason
	}
	return ""
}

// value answers the current value of a key: its override or its default.
func (cat settingsCatalog) value(over settingValues, group, key string) json.RawMessage {
	if v, ok := over[group][key]; ok {
		return v
	}
	return cat[group].Settings[key].Value
}

// document answers the whole settings document with the overrides applied.
func (cat settingsCatalog) document(over settingValues) api.SettingsDocument {
	doc := api.SettingsDocument{}
	for g, group := range cat {
		out := api.SettingsGroup{Name: group.Name, Description: group.Description, Settings: map[string]api.Setting{}}
		for k, def := range group.Settings {
			out.Settings[k] = api.Setting{Value: cat.value(over, g, k), Description: def.Description}
		}
		doc[g] = out
	}
	return doc
}

// merge checks an update against the catalog and answers the keys it
// changes, values compacted. Any problem (unknown group or key, missing
// value, wrong type) is reported under its path and no key changes.
func (cat settingsCatalog) merge(upd api.SettingsUpdate) (settingValues, problems) {
	p := problems{}
	changes := settingValues{}
	if upd.Update == nil {
		p.add("update", "is required")
		return nil, p
	}
	for _, g := range sortedKeys(upd.Update) {
		group, ok := cat[g]
		if !ok {
			p.add("update."+g, "unknown settings group")
			continue
		}
		for _, k := range sortedKeys(upd.Update[g].Settings) {
			path := "update." + g + ".settings." + k
			def, ok := group.Settings[k]
			if !ok {
				p.add(path, "unknown setting")
				continue
			}
			raw := upd.Update[g].Settings[k].Value
			if len(raw) == 0 {
				p.add(path, "a value is required")
				continue
			}
			if reason := settingValueLimits(raw); reason != "" {
				p.add(path, reason)
				continue
			}
			if reason := def.mismatch(raw); reason != "" {
				p.add(path, reason)
				continue
			}
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				p.add(path, "must be a JSON value")
				continue
			}
			changes.set(g, k, slices.Clip(buf.Bytes()))
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	return changes, nil
}

// jsonShape answers how deep raw, a JSON text, nests objects and arrays
// ("[]" is 1, a scalar 0) and the length of its compact encoding (as
// json.Compact writes it), in one pass without decoding it. Outside strings
// it counts every byte but JSON whitespace.
func jsonShape(raw []byte) (depth, size int) {
	level, inString, escaped := 0, false, false
	for _, c := range raw {
		switch {
		case inString:
			size++
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			continue
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			level++
			depth = max(depth, level)
		case c == ']' || c == '}':
			level--
		}
		size++
	}
	return depth, size
}

// settingValueLimits answers why raw, a JSON value, is too deep or too
// large for a setting (admin-api.md, Limits and protection), or "".
func settingValueLimits(raw []byte) string {
	depth, size := jsonShape(raw)
	switch {
	case depth > api.SettingValueDepthMax:
		return fmt.Sprintf("must nest objects and arrays at most %d levels deep", api.SettingValueDepthMax)
	case size > api.SettingValueBytesMax:
		return fmt.Sprintf("must encode to at most %d bytes of compact JSON", api.SettingValueBytesMax)
	}
	return ""
}

const settingsGroupMachines = "MACHINES_AND_PLATFORM_SETTINGS"

// initSettings stores a random REGISTER_ADMIN_KEY at the first start.
func initSettings(ctx context.Context, db *sql.DB) error {
	key, err := json.Marshal(randomString(32))
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, `INSERT INTO settings (group_id, key, value) VALUES (?, 'REGISTER_ADMIN_KEY', ?)
		ON CONFLICT DO NOTHING`, settingsGroupMachines, string(key))
	return err
}

// loadSettings answers the stored overrides that the catalog still knows.
func loadSettings(ctx context.Context, tx *sql.Tx) (settingValues, error) {
	rows, err := tx.QueryContext(ctx, `SELECT group_id, key, value FROM settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := settingValues{}
	for rows.Next() {
		var g, k, v string
		if err := rows.Scan(&g, &k, &v); err != nil {
			return nil, err
		}
		if _, ok := defaultCatalog[g].Settings[k]; ok {
			out.set(g, k, json.RawMessage(v))
		}
	}
	return out, rows.Err()
}

// setting decodes the current value of one key into dst.
func setting(ctx context.Context, tx *sql.Tx, group, key string, dst any) error {
	over, err := loadSettings(ctx, tx)
	if err != nil {
		return err
	}
	return json.Unmarshal(defaultCatalog.value(over, group, key), dst)
}

// accountDeletionAllowed tells whether API_SETTINGS.ACCOUNT_DELETION holds adminToken.
func accountDeletionAllowed(ctx context.Context, tx *sql.Tx) (bool, error) {
	var list []string
	if err := setting(ctx, tx, api.SettingsGroupAPI, api.SettingAccountDeletion, &list); err != nil {
		return false, err
	}
	return slices.Contains(list, api.AccountDeletionAdminToken), nil
}

// coreServerURL answers the URL of the core machine that holds new users' data.
func coreServerURL(ctx context.Context, tx *sql.Tx) (string, error) {
	var domain string
	if err := setting(ctx, tx, settingsGroupMachines, "DOMAIN", &domain); err != nil {
		return "", err
	}
	if domain == "" {
		return "", nil
	}
	return "https://core." + domain + "/", nil
}
