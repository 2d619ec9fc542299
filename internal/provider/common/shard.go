package common

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/adminapi/terraform-provider-adminapi/internal/shard"
)

// Shard is the shard argument of the collections of users: nil when it is
// omitted (every object).
type Shard struct {
	Count types.Int64 `tfsdk:"count"`
	Index types.Int64 `tfsdk:"index"`
}

// Keeps tells whether username falls in the shard (always, without one).
func (s *Shard) Keeps(username string) bool {
	return s == nil || shard.Spec{Count: s.Count.ValueInt64(), Index: s.Index.ValueInt64()}.Keeps(username)
}

// InShard is items less those whose username is outside the shard.
func InShard[T any](items iter.Seq2[T, error], s *Shard, username func(T) string) iter.Seq2[T, error] {
	if s == nil {
		return items
	}
	return func(yield func(T, error) bool) {
		for item, err := range items {
			if (err != nil || s.Keeps(username(item))) && !yield(item, err) {
				return
			}
		}
	}
}

// ShardFunction is the function, as the documentation of every shard
// argument and the guide "Large estates" give it.
const ShardFunction = "`parseint(substr(sha256(lower(username)), 0, 8), 16) % count`"

func shardDescription(objects string) string {
	return "Only " + objects + " in shard `index` of `count`: the shard of a username is " + ShardFunction +
		", so that a workspace per shard manages each user, its role assignments and its memberships, and a configuration " +
		"can compute it too. See the guide \"Large estates\"."
}

const (
	shardCountDescription = "How many shards the users are split into, 1 or more. A user keeps its shard as long as `count` stays the same."
	shardIndexDescription = "Which shard: 0 to `count` - 1."
)

func shardCountValidators() []validator.Int64 { return []validator.Int64{int64validator.AtLeast(1)} }
func shardIndexValidators() []validator.Int64 {
	return []validator.Int64{int64validator.AtLeast(0), shardIndexBelowCount{}}
}

// ShardDataSourceAttribute is the shard argument of a data source that
// lists objects (users, memberships: named in description).
func ShardDataSourceAttribute(objects string) dsschema.SingleNestedAttribute {
	return dsschema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: shardDescription(objects),
		Attributes: map[string]dsschema.Attribute{
			"count": dsschema.Int64Attribute{Required: true, MarkdownDescription: shardCountDescription, Validators: shardCountValidators()},
			"index": dsschema.Int64Attribute{Required: true, MarkdownDescription: shardIndexDescription, Validators: shardIndexValidators()},
		},
	}
}

// ShardListAttribute is the shard argument of a list resource's config.
func ShardListAttribute(objects string) listschema.SingleNestedAttribute {
	return listschema.SingleNestedAttribute{
		Optional:            true,
		MarkdownDescription: shardDescription(objects),
		Attributes: map[string]listschema.Attribute{
			"count": listschema.Int64Attribute{Required: true, MarkdownDescription: shardCountDescription, Validators: shardCountValidators()},
			"index": listschema.Int64Attribute{Required: true, MarkdownDescription: shardIndexDescription, Validators: shardIndexValidators()},
		},
	}
}

// shardIndexBelowCount refuses an index of count or more, naming both.
type shardIndexBelowCount struct{}

func (shardIndexBelowCount) Description(context.Context) string {
	return "value must be less than the shard's count"
}

func (v shardIndexBelowCount) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (shardIndexBelowCount) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	countPath := req.Path.ParentPath().AtName("count")
	var count types.Int64
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, countPath, &count)...); resp.Diagnostics.HasError() ||
		count.IsNull() || count.IsUnknown() || count.ValueInt64() < 1 {
		return
	}
	if index := req.ConfigValue.ValueInt64(); index >= count.ValueInt64() {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s must be less than %s (%d), got: %d", req.Path, countPath, count.ValueInt64(), index))
	}
}
