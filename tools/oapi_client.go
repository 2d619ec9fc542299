//go:build tools

// Package tools keeps in go.mod what `make lint-openapi` needs beside its
// tools: the runtime that the Go client generated from the OpenAPI document
// imports.
package tools

import _ "github.com/oapi-codegen/runtime"
