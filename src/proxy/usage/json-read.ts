// Tolerant readers for proto3 JSON answers: any field may be absent, int64 values come as
// strings or numbers (cursor-limits §1). A reader returns undefined rather than guess.

export type JsonObject = Record<string, unknown>;

export function objectAt(value: unknown, key?: string): JsonObject | undefined {
  const target = key === undefined ? value : isObject(value) ? value[key] : undefined;
  return isObject(target) ? target : undefined;
}

/** A finite number from a JSON number or a numeric string ("1767225600000", "12.5"). */
export function numberAt(object: JsonObject | undefined, key: string): number | undefined {
  const value = object?.[key];
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

export function stringAt(object: JsonObject | undefined, key: string): string | undefined {
  const value = object?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function booleanAt(object: JsonObject | undefined, key: string): boolean | undefined {
  const value = object?.[key];
  return typeof value === 'boolean' ? value : undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
