// OpenAI Chat Completions body → Conversation.
import type { AssistantPart, Conversation, Message, TextPart, ToolChoice, ToolDefinition, UserPart } from '../conversation.js';
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
import { imageFromDataUrl, parseArguments, reasoningEffort } from './request-common.js';

export function parseOpenAIRequest(body: unknown): ParsedTurnRequest {
  const request = expectObject(body, '');
  const model = expectString(request.model, 'model');
  if (!model) throw invalidRequest('model', 'must not be empty');
  if (typeof request.n === 'number' && request.n > 1) throw invalidRequest('n', 'only n = 1 is supported');

  const systemPieces: string[] = [];
  const messages: Message[] = [];
  expectArray(request.messages, 'messages').forEach((entry, i) => {
    const path = at('messages', i);
    const message = expectObject(entry, path);
    const contentPath = at(path, 'content');
    switch (message.role) {
      case 'system':
      case 'developer':
        systemPieces.push(textOf(message.content, contentPath));
        break;
      case 'user':
        messages.push({ role: 'user', content: userParts(message.content, contentPath) });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: assistantParts(message, path) });
        break;
      case 'tool':
        messages.push({
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolCallId: expectString(message.tool_call_id, at(path, 'tool_call_id')),
              content: nonEmptyText(textOf(message.content, contentPath)),
              isError: false,
            },
          ],
        });
        break;
      default:
        throw invalidRequest(at(path, 'role'), 'must be "system", "developer", "user", "assistant" or "tool"');
    }
  });

  const merged = mergeAdjacent(messages);
  if (merged.length === 0) throw invalidRequest('messages', 'must contain at least one user or assistant message');

  const { effort } = reasoningEffort(request.reasoning_effort, 'reasoning_effort');
  const streamOptions = isObject(request.stream_options) ? request.stream_options : {};

  const conversation: Conversation = {
    model,
    system: joinSystem(systemPieces),
    messages: merged,
    tools: toolDefinitions(request.tools),
    loadedDeferredTools: [],
    // parallel_tool_calls is not forwarded: Cursor decides how many calls a step makes.
    toolChoice: toolChoice(request.tool_choice),
    thinking: effort !== undefined,
    effort,
    maxTokens:
      optionalCount(request.max_completion_tokens, 'max_completion_tokens') ?? optionalCount(request.max_tokens, 'max_tokens'),
    sessionKey: optionalString(request.prompt_cache_key, 'prompt_cache_key'),
  };
  return { conversation, stream: request.stream === true, includeUsage: streamOptions.include_usage === true };
}

function nonEmptyText(text: string): TextPart[] {
  return text ? [{ type: 'text', text }] : [];
}

function partsOf(content: unknown, path: string): JsonObject[] {
  if (content === undefined || content === null) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return expectArray(content, path).map((part, i) => expectObject(part, at(path, i)));
}

/** Content that may only hold text (system, tool, assistant): a string or text parts. */
function textOf(content: unknown, path: string): string {
  return partsOf(content, path)
    .map((part, i) => (part.type === 'text' ? expectString(part.text, at(at(path, i), 'text')) : ''))
    .join('');
}

function userParts(content: unknown, path: string): UserPart[] {
  return partsOf(content, path).flatMap((part, i): UserPart[] => {
    const partPath = at(path, i);
    switch (part.type) {
      case 'text':
        return nonEmptyText(expectString(part.text, at(partPath, 'text')));
      case 'image_url': {
        const url = expectString(expectObject(part.image_url, at(partPath, 'image_url')).url, at(partPath, 'image_url.url'));
        return [imageFromDataUrl(url, at(partPath, 'image_url.url'))];
      }
      default:
        throw invalidRequest(at(partPath, 'type'), `content part "${String(part.type)}" is not supported; use text or image_url`);
    }
  });
}

function assistantParts(message: JsonObject, path: string): AssistantPart[] {
  const parts: AssistantPart[] = [];
  // Some clients echo reasoning back; it goes first, as it came first.
  const reasoning = optionalString(message.reasoning_content, at(path, 'reasoning_content'));
  if (reasoning) parts.push({ type: 'thinking', text: reasoning });
  parts.push(...nonEmptyText(textOf(message.content, at(path, 'content'))));
  const calls = message.tool_calls === undefined || message.tool_calls === null ? [] : expectArray(message.tool_calls, at(path, 'tool_calls'));
  calls.forEach((entry, i) => {
    const callPath = at(at(path, 'tool_calls'), i);
    const call = expectObject(entry, callPath);
    const fn = expectObject(call.function, at(callPath, 'function'));
    parts.push({
      type: 'tool_call',
      id: expectString(call.id, at(callPath, 'id')),
      name: expectString(fn.name, at(callPath, 'function.name')),
      input: parseArguments(fn.arguments, at(callPath, 'function.arguments')),
    });
  });
  return parts;
}

function toolDefinitions(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, 'tools').map((entry, i): ToolDefinition => {
    const path = at('tools', i);
    const tool = expectObject(entry, path);
    if (tool.type !== 'function') throw invalidRequest(at(path, 'type'), 'only "function" tools are supported');
    const fn = expectObject(tool.function, at(path, 'function'));
    return {
      name: expectString(fn.name, at(path, 'function.name')),
      description: optionalString(fn.description, at(path, 'function.description')) ?? '',
      inputSchema: fn.parameters === undefined ? { type: 'object', properties: {} } : expectSchema(fn.parameters, at(path, 'function.parameters')),
      deferred: false,
    };
  });
}

function toolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null || value === 'auto') return { type: 'auto' };
  if (value === 'none') return { type: 'none' };
  if (value === 'required') return { type: 'any' };
  if (isObject(value) && value.type === 'function') {
    return { type: 'tool', name: expectString(expectObject(value.function, 'tool_choice.function').name, 'tool_choice.function.name') };
  }
  throw invalidRequest('tool_choice', 'must be "none", "auto", "required" or {type:"function", function:{name}}');
}
