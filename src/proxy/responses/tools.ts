// Responses `tools` and `tool_choice` → the Conversation's tool definitions and choice.
//
// - `function` tools are declared to Cursor as they are.
// - `namespace` groups are flattened: each inner function becomes `<namespace>__<name>`, and a
//   call to that name goes back to the client as `{name, namespace}` (toolNames maps it).
// - The hosted `web_search` tool (and its dated and preview types) turns on Cursor's own web
//   search, as Anthropic's web search server tool does for Claude Code: `filters.allowed_domains`
//   is enforced on the hits. Codex sends `external_web_access: false` ("cached": results from a
//   search index, no page fetched live); Cursor's search gives results (title, URL, an excerpt)
//   and its web fetch stays off, so no page is fetched for the model. `true` (live page access),
//   `user_location` and `search_context_size` cannot be honoured and are noted.
// - Other hosted tools (`file_search`, `code_interpreter`, `custom` grammars, …) are tools the
//   gateway cannot run for Cursor's model: they are left out and named in the notes the turn
//   logs. Never a 400.
import type { ToolChoice, ToolDefinition, WebSearchOptions } from '../conversation.js';
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
  /** Set when the client declared the hosted web_search tool. */
  webSearch?: WebSearchOptions;
  notes: string[];
}

const WEB_SEARCH_TYPES = new Set(['web_search', 'web_search_2025_08_26', 'web_search_preview', 'web_search_preview_2025_03_11']);

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
    if (WEB_SEARCH_TYPES.has(type)) return void (result.webSearch = webSearchTool(tool, path, result.notes));
    const name = typeof tool.name === 'string' ? ` ${tool.name}` : '';
    result.notes.push(`hosted tool ${type}${name} left out: Cursor's model cannot call it through Thalamus`);
  });
  return result;
}

function webSearchTool(tool: JsonObject, path: string, notes: string[]): WebSearchOptions {
  const filters = tool.filters === undefined || tool.filters === null ? {} : expectObject(tool.filters, at(path, 'filters'));
  const domainsPath = at(at(path, 'filters'), 'allowed_domains');
  const allowed = filters.allowed_domains === undefined || filters.allowed_domains === null ? [] : expectArray(filters.allowed_domains, domainsPath);
  if (tool.external_web_access === true) notes.push("web_search external_web_access true not honoured: Cursor's search runs, but no page is fetched live (its web fetch stays off)");
  if (isObject(tool.user_location)) notes.push("web_search user_location not forwarded: Cursor's search takes no location");
  if (tool.search_context_size !== undefined && tool.search_context_size !== null) notes.push("web_search search_context_size not forwarded: Cursor sizes its search results itself");
  return { allowedDomains: allowed.map((domain, i) => expectString(domain, at(domainsPath, i))), blockedDomains: [] };
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
