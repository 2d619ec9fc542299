# Which shard of the estate this run manages: every shard plans the same
# configuration with its own shard_index (0 to shard_count - 1).
variable "shard_index" {
  description = "The shard this run manages: 0 to shard_count - 1."
  type        = number

  validation {
    condition     = var.shard_index >= 0 && var.shard_index < var.shard_count && floor(var.shard_index) == var.shard_index
    error_message = "shard_index must be a whole number from 0 to shard_count - 1."
  }
}

# How many shards the users are split into. The pipeline's matrix lists
# the same number: change both together, as the guide says (every state
# changes).
variable "shard_count" {
  description = "How many shards the users are split into."
  type        = number
  default     = 4

  validation {
    condition     = var.shard_count >= 1 && floor(var.shard_count) == var.shard_count
    error_message = "shard_count must be a whole number, 1 or more."
  }
}

# true for the first run of a shard over users that exist already (an
# existing estate, or after a change of shard_count): the plan imports
# every user and role assignment of the shard that its state lacks. Every
# user and role of users.json must then exist on the platform.
variable "adopt" {
  description = "Import the shard's users and role assignments that the state lacks."
  type        = bool
  default     = false
}
