// Responses `tools` and `tool_choice` → the Conversation's tool definitions and choice.
//
// - `function` tools are declared to Cursor as they are.
// - `namespace` groups are flattened: each inner function becomes `<namespace>__<name>`, and a
//   call to that name goes back to the client as `{name, namespace}` (toolNames maps it).
// - Hosted tools (`web_search`, `file_search`, `code_interpreter`, `custom` grammars, …) are
//   tools the gateway cannot run for Cursor's model: they are left out and named in the notes
//   the turn logs. Never a 400: Codex always sends `web_search`.
import type { ToolChoice, ToolDefinition } from '../conversation.js';
import { invalidRequest } from '../http/api-error.js';
import { at, expectArray, expectObject, expectString, isObject, optionalString, type JsonObject } from '../http/validate.js';

/** Where a flattened tool name came from. */
export interface ClientToolName {
  name: string;
  namespace?: string;
}

export interface ResponsesTools {
  definitions: ToolDefinition[];
  /** Flattened name → the client's name and namespace, for every namespaced tool. */
  names: Map<string, ClientToolName>;
  notes: string[];
}

const NAMESPACE_SEPARATOR = '__';

export function flatToolName(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;
}

export function parseTools(value: unknown): ResponsesTools {
  const result: ResponsesTools = { definitions: [], names: new Map(), notes: [] };
  if (value === undefined || value === null) return result;
  expectArray(value, 'tools').forEach((entry, i) => {
    const path = at('tools', i);
    const tool = expectObject(entry, path);
    const type = expectString(tool.type, at(path, 'type'));
    if (type === 'function') return void result.definitions.push(functionTool(tool, path));
    if (type === 'namespace') {
      const namespace = expectString(tool.name, at(path, 'name'));
      expectArray(tool.tools, at(path, 'tools')).forEach((inner, j) => {
        const innerPath = at(at(path, 'tools'), j);
        const fn = expectObject(inner, innerPath);
        if (fn.type !== 'function') return void result.notes.push(`tool ${namespace}.${String(fn.name)} (type ${String(fn.type)}) left out: only function tools reach Cursor`);
        const definition = functionTool(fn, innerPath);
        const flat = flatToolName(definition.name, namespace);
        result.names.set(flat, { name: definition.name, namespace });
        result.definitions.push({ ...definition, name: flat });
      });
      return;
    }
    const name = typeof tool.name === 'string' ? ` ${tool.name}` : '';
    result.notes.push(`hosted tool ${type}${name} left out: Cursor's model cannot call it through Thalamus`);
  });
  return result;
}

function functionTool(tool: JsonObject, path: string): ToolDefinition {
  return {
    name: expectString(tool.name, at(path, 'name')),
    description: optionalString(tool.description, at(path, 'description')) ?? '',
    inputSchema:
      tool.parameters === undefined || tool.parameters === null ? { type: 'object', properties: {} } : expectObject(tool.parameters, at(path, 'parameters')),
    deferred: false,
  };
}

export function parseToolChoice(value: unknown, notes: string[]): ToolChoice {
  if (value === undefined || value === null || value === 'auto') return { type: 'auto' };
  if (value === 'none') return { type: 'none' };
  if (value === 'required') return { type: 'any' };
  if (isObject(value)) {
    if (value.type === 'function') {
      const name = expectString(value.name, 'tool_choice.name');
      return { type: 'tool', name: flatToolName(name, optionalString(value.namespace, 'tool_choice.namespace')) };
    }
    if (typeof value.type === 'string') {
      // allowed_tools and hosted tools: the model still chooses among what reached Cursor.
      notes.push(`tool_choice ${value.type} not forwarded: Cursor chooses among the declared tools`);
      return { type: 'auto' };
    }
  }
  throw invalidRequest('tool_choice', 'must be "none", "auto", "required" or {type:"function", name}');
}
