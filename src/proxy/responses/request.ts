// OpenAI Responses body → Conversation. Input items become messages (system and developer
// text folds into the system prompt, function calls and their outputs into tool calls and
// results, reasoning summaries into thinking); an `item_reference` stands for the stored item it
// names; `previous_response_id` puts the stored conversation first, its items read the same way.
// What Cursor cannot do is named in `notes`, which the turn logs.
import type { AssistantPart, Conversation, ImagePart, Message, TextPart } from '../conversation.js';
import { joinSystem, mergeAdjacent } from '../conversation-build.js';
import { invalidRequest } from '../http/api-error.js';
import type { ParsedTurnRequest } from '../http/dialect.js';
import {
  at,
  expectArray,
  expectObject,
  expectSchema,
  expectString,
  isObject,
  optionalCount,
  optionalString,
  type JsonObject,
} from '../http/validate.js';
import { imageFromDataUrl, parseArguments, reasoningEffort } from '../openai/request-common.js';
import { flatToolName, parseToolChoice, parseTools, type ClientToolName } from './tools.js';
import type { StoredItems } from './store.js';
import type { ResponseEcho } from './wire.js';

export interface ResponsesRequest extends ParsedTurnRequest {
  echo: ResponseEcho;
  /** Flattened tool name → the client's name and namespace. */
  toolNames: ReadonlyMap<string, ClientToolName>;
  /** The request's input items, references resolved: what a stored response keeps besides its output. */
  inputItems: JsonObject[];
  /** `include` asked for `web_search_call.action.sources`: the URLs of each search's hits. */
  webSearchSources: boolean;
}

export function parseResponsesRequest(body: unknown, stored: StoredItems): ResponsesRequest {
  const request = expectObject(body, '');
  const model = expectString(request.model, 'model');
  if (!model) throw invalidRequest('model', 'must not be empty');
  if (request.background === true) throw invalidRequest('background', 'background responses are not supported; stream instead');
  if (request.conversation !== undefined && request.conversation !== null) {
    throw invalidRequest('conversation', 'the Conversations API is not supported; use previous_response_id or send the whole input');
  }

  const notes: string[] = [];
  const instructions = optionalString(request.instructions, 'instructions');
  const systemPieces = instructions === undefined ? [] : [instructions];
  const inputItems = inputItemsOf(request.input, stored);
  const inputMessages = messagesOf(inputItems, 'input', systemPieces, notes);
  const previousId = optionalString(request.previous_response_id, 'previous_response_id');
  // Earlier turns' developer text and notes were the earlier requests' (and logged with them).
  const earlier = previousId === undefined ? [] : messagesOf(stored.history(previousId), 'previous_response_id', [], []);
  const messages = mergeAdjacent([...earlier, ...inputMessages]);
  if (messages.length === 0) throw invalidRequest('input', 'must contain at least one message or item');

  const tools = parseTools(request.tools);
  for (const tool of tools.definitions) expectSchema(tool.inputSchema, `tools (${tool.name}).parameters`);
  notes.push(...tools.notes);
  const toolChoice = parseToolChoice(request.tool_choice, notes);

  const reasoning = isObject(request.reasoning) ? request.reasoning : {};
  const { given: effortGiven, effort } = reasoningEffort(reasoning.effort, 'reasoning.effort');
  const summary = optionalString(reasoning.summary, 'reasoning.summary') ?? optionalString(reasoning.generate_summary, 'reasoning.generate_summary');
  const format = textFormat(request.text, systemPieces, notes);

  const parallel = request.parallel_tool_calls !== false;
  if (!parallel) notes.push('parallel_tool_calls false not forwarded: Cursor decides how many calls a step makes');
  for (const field of ['temperature', 'top_p'] as const) {
    if (typeof request[field] === 'number') notes.push(`${field} not forwarded: Cursor sets sampling itself`);
  }
  const maxTokens = optionalCount(request.max_output_tokens, 'max_output_tokens');
  // OpenAI's default is to store; Codex sends store:false.
  const store = request.store !== false;

  const conversation: Conversation = {
    model,
    system: joinSystem(systemPieces),
    messages,
    tools: tools.definitions,
    loadedDeferredTools: [],
    toolChoice,
    // Codex asks for reasoning summaries on every request: that is asking for visible reasoning.
    thinking: effort !== undefined || (!effortGiven && summary !== undefined && summary !== 'none'),
    effort,
    maxTokens,
    sessionKey: optionalString(request.prompt_cache_key, 'prompt_cache_key'),
    webSearch: tools.webSearch,
  };
  const echo: ResponseEcho = {
    instructions: instructions ?? null,
    max_output_tokens: maxTokens ?? null,
    metadata: isObject(request.metadata) ? request.metadata : {},
    parallel_tool_calls: parallel,
    previous_response_id: previousId ?? null,
    reasoning: { effort: typeof reasoning.effort === 'string' ? reasoning.effort : null, summary: summary ?? null },
    store,
    text: { format },
    tool_choice: request.tool_choice ?? 'auto',
    tools: Array.isArray(request.tools) ? request.tools : [],
  };
  return { conversation, stream: request.stream === true, includeUsage: false, notes, echo, toolNames: tools.names, inputItems, webSearchSources: includes(request.include, 'web_search_call.action.sources') };
}

/** The request's `input` as items: a string is one user message, an item_reference the stored item it names. */
function inputItemsOf(input: unknown, stored: StoredItems): JsonObject[] {
  if (typeof input === 'string') return input ? [{ type: 'message', role: 'user', content: input }] : [];
  if (input === undefined || input === null) return [];
  return expectArray(input, 'input').map((entry, i) => {
    const item = expectObject(entry, at('input', i));
    if (item.type !== 'item_reference') return item;
    const path = at(at('input', i), 'id');
    const id = expectString(item.id, path);
    const found = stored.item(id);
    if (!found) {
      throw invalidRequest(path, `item ${id} is not stored here (no stored response holds it: made with store:false, deleted, or forgotten to stay within memory); send the item itself`);
    }
    return found;
  });
}

/** Items → messages; `root` names where they came from in error paths. */
function messagesOf(items: readonly JsonObject[], root: string, systemPieces: string[], notes: string[]): Message[] {
  const messages: Message[] = [];
  items.forEach((item, i) => {
    const path = at(root, i);
    const type = item.type ?? 'message';
    switch (type) {
      case 'message':
        return messageItem(item, path, systemPieces, messages);
      case 'function_call':
        return void messages.push({
          role: 'assistant',
          content: [
            {
              type: 'tool_call',
              id: expectString(item.call_id, at(path, 'call_id')),
              name: flatToolName(expectString(item.name, at(path, 'name')), optionalString(item.namespace, at(path, 'namespace'))),
              input: parseArguments(item.arguments, at(path, 'arguments')),
            },
          ],
        });
      case 'function_call_output':
        return void messages.push({
          role: 'user',
          content: [{ type: 'tool_result', toolCallId: expectString(item.call_id, at(path, 'call_id')), content: toolOutput(item.output, at(path, 'output')), isError: false }],
        });
      case 'reasoning':
        // Opaque but for its summary: encrypted_content is OpenAI's and means nothing to Cursor.
        return void messages.push({ role: 'assistant', content: reasoningParts(item, path) });
      case 'web_search_call':
        // A search Cursor ran (or OpenAI did): the item holds only its query, and what the model
        // made of the hits is in the message after it. Not replayed, as Anthropic's server tool
        // blocks are not.
        return;
      default:
        notes.push(`input item ${String(type)} left out: Cursor has no counterpart for it`);
    }
  });
  return messages;
}

/** Whether `include` (a list of strings, when given) names `value`. */
function includes(include: unknown, value: string): boolean {
  if (include === undefined || include === null) return false;
  return expectArray(include, 'include').some((entry, i) => expectString(entry, at('include', i)) === value);
}

function messageItem(item: JsonObject, path: string, systemPieces: string[], messages: Message[]): void {
  const contentPath = at(path, 'content');
  switch (item.role) {
    case 'system':
    case 'developer':
      systemPieces.push(contentParts(item.content, contentPath).map((part) => (part.type === 'text' ? part.text : '')).join(''));
      return;
    case 'user':
      messages.push({ role: 'user', content: contentParts(item.content, contentPath) });
      return;
    case 'assistant':
      messages.push({ role: 'assistant', content: contentParts(item.content, contentPath).filter((part): part is TextPart => part.type === 'text') });
      return;
    default:
      throw invalidRequest(at(path, 'role'), 'must be "system", "developer", "user" or "assistant"');
  }
}

/** Message content: a string, or input_text / output_text / refusal / input_image parts. */
function contentParts(content: unknown, path: string): Array<TextPart | ImagePart> {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  const parts: Array<TextPart | ImagePart> = [];
  expectArray(content, path).forEach((entry, i) => {
    const partPath = at(path, i);
    const part = expectObject(entry, partPath);
    switch (part.type) {
      case 'input_text':
      case 'output_text': {
        const text = expectString(part.text, at(partPath, 'text'));
        if (text) parts.push({ type: 'text', text });
        break;
      }
      case 'refusal': {
        const text = expectString(part.refusal, at(partPath, 'refusal'));
        if (text) parts.push({ type: 'text', text });
        break;
      }
      case 'input_image': {
        const url = optionalString(part.image_url, at(partPath, 'image_url'));
        if (url === undefined) throw invalidRequest(at(partPath, 'image_url'), 'images by file_id are not supported; send a base64 data URL');
        parts.push(imageFromDataUrl(url, at(partPath, 'image_url')));
        break;
      }
      default:
        throw invalidRequest(at(partPath, 'type'), `content part "${String(part.type)}" is not supported; use input_text, output_text or input_image`);
    }
  });
  return parts;
}

function toolOutput(output: unknown, path: string): Array<TextPart | ImagePart> {
  if (typeof output === 'string') return output ? [{ type: 'text', text: output }] : [];
  return contentParts(output, path);
}

function reasoningParts(item: JsonObject, path: string): AssistantPart[] {
  const summary = item.summary === undefined || item.summary === null ? [] : expectArray(item.summary, at(path, 'summary'));
  const text = summary
    .map((entry, i) => expectString(expectObject(entry, at(at(path, 'summary'), i)).text, at(at(at(path, 'summary'), i), 'text')))
    .join('\n\n');
  return text ? [{ type: 'thinking', text }] : [];
}

/**
 * `text.format`. Cursor has no structured-output switch, so a JSON schema (or json_object) is
 * asked of the model in the system prompt and the note says it is not enforced.
 */
function textFormat(text: unknown, systemPieces: string[], notes: string[]): Record<string, unknown> {
  const format = isObject(text) && text.format !== undefined ? expectObject(text.format, 'text.format') : { type: 'text' };
  switch (format.type) {
    case 'text':
      return format;
    case 'json_object':
      systemPieces.push('Reply with one JSON object and nothing else.');
      break;
    case 'json_schema': {
      const schema = expectObject(format.schema, 'text.format.schema');
      expectSchema(schema, 'text.format.schema');
      const name = optionalString(format.name, 'text.format.name') ?? 'response';
      systemPieces.push(`Reply with one JSON value and nothing else. It must match this JSON schema ("${name}"):\n${JSON.stringify(schema)}`);
      break;
    }
    default:
      throw invalidRequest('text.format.type', 'must be "text", "json_object" or "json_schema"');
  }
  notes.push(`text.format ${String(format.type)} asked of the model in the system prompt: Cursor does not enforce it`);
  return format;
}
