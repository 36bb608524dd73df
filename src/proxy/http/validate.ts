// Small checks for request bodies. Each failure is a 400 that names the field at fault.
import { invalidRequest } from './api-error.js';
import { MAX_SCHEMA_DEPTH, valueNestsDeeperThan } from './json-depth.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw invalidRequest(path, 'must be an object');
  return value;
}

/** A tool's JSON Schema: an object nested at most MAX_SCHEMA_DEPTH levels (it becomes nested protobuf Values). */
export function expectSchema(value: unknown, path: string): JsonObject {
  const schema = expectObject(value, path);
  if (valueNestsDeeperThan(schema, MAX_SCHEMA_DEPTH)) throw invalidRequest(path, `is nested more than ${MAX_SCHEMA_DEPTH} levels deep`);
  return schema;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(path, 'must be an array');
  return value;
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalidRequest(path, 'must be a string');
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, path);
}

/** A positive integer, or undefined when absent. */
export function optionalCount(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidRequest(path, 'must be a positive integer');
  }
  return value;
}

/** Joins a field path the way Anthropic's messages do: `messages.2.content.0`. */
export function at(path: string, key: string | number): string {
  return path ? `${path}.${key}` : String(key);
}
