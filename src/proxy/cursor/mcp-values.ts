// JSON ⇄ google.protobuf.Value for MCP tool schemas and call arguments (reference §3.6, §4.4).
import { fromJson, toJson, type JsonValue } from '@bufbuild/protobuf';
import { type Value, ValueSchema } from '@bufbuild/protobuf/wkt';

/** An object schema accepting anything, for tools declared without one (§5.3). */
export const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} } as const;

/**
 * Each JSON level is two protobuf messages (a Value and its Struct or ListValue), so the
 * library's default limit of 100 would refuse schemas past 50 levels. The front ends admit at
 * most 100 (http/json-depth.ts), so this never stops a schema they let through.
 */
const VALUE_RECURSION_LIMIT = 256;

export function jsonToValue(json: unknown): Value {
  return fromJson(ValueSchema, (json ?? null) as JsonValue, { recursionLimit: VALUE_RECURSION_LIMIT });
}

/** McpArgs.args (map<string, Value>) as a JSON object. A Value with no kind set reads as null. */
export function argsToJson(args: Record<string, Value>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(args)) {
    out[key] = value.kind.case === undefined ? null : toJson(ValueSchema, value);
  }
  return out;
}
