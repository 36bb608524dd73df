// Anthropic Messages body → Conversation. Lenient where Claude Code sends new things
// (role:"system" entries, per-message output_config, unknown fields and blocks), strict
// where silently dropping data would mislead the model (URL images, documents).
import type {
  AssistantPart,
  Conversation,
  Effort,
  ImagePart,
  Message,
  TextPart,
  ToolChoice,
  ToolDefinition,
  UserPart,
  WebSearchOptions,
} from '../conversation.js';
import { isEffort, joinSystem, mergeAdjacent } from '../conversation-build.js';
import { invalidRequest } from '../http/api-error.js';
import type { HeaderReader, ParsedTurnRequest } from '../http/dialect.js';
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

/**
 * Anthropic's 1M-context beta. Claude Code sends a `<id>[1m]` model as the bare id with this beta
 * (measured with 2.1.330, test/e2e/claude-code.test.ts), so the beta asks for Max mode as the suffix does;
 * the model id stays as sent (responses echo it).
 */
const CONTEXT_1M_BETA = /(?:^|,)\s*context-1m-/;


/** Claude Code's session header, used when metadata.user_id carries no session id. */
export const SESSION_HEADER = 'x-claude-code-session-id';

export function parseAnthropicRequest(body: unknown, header: HeaderReader): ParsedTurnRequest {
  const request = expectObject(body, '');
  const model = expectString(request.model, 'model');
  if (!model) throw invalidRequest('model', 'must not be empty');

  const systemPieces = systemTexts(request.system, 'system');
  const messages: Message[] = [];
  const loadedDeferredTools = new Set<string>();
  let messageEffort: Effort | undefined;

  expectArray(request.messages, 'messages').forEach((entry, i) => {
    const path = at('messages', i);
    const message = expectObject(entry, path);
    const effort = isObject(message.output_config) ? message.output_config.effort : undefined;
    if (isEffort(effort)) messageEffort = effort;
    switch (message.role) {
      case 'system':
        systemPieces.push(...systemTexts(message.content ?? [], at(path, 'content')));
        break;
      case 'user':
        messages.push({ role: 'user', content: userParts(message.content, at(path, 'content'), loadedDeferredTools) });
        break;
      case 'assistant':
        messages.push({ role: 'assistant', content: assistantParts(message.content, at(path, 'content')) });
        break;
      default:
        throw invalidRequest(at(path, 'role'), 'must be "user", "assistant" or "system"');
    }
  });

  const merged = mergeAdjacent(messages);
  if (merged.length === 0) throw invalidRequest('messages', 'must contain at least one user or assistant message');

  const topEffort = isObject(request.output_config) ? request.output_config.effort : undefined;
  const conversation: Conversation = {
    model,
    system: joinSystem(systemPieces),
    messages: merged,
    tools: toolDefinitions(request.tools),
    loadedDeferredTools: [...loadedDeferredTools],
    toolChoice: toolChoice(request.tool_choice),
    thinking: wantsThinking(request.thinking),
    effort: isEffort(topEffort) ? topEffort : messageEffort,
    ...(CONTEXT_1M_BETA.test(header('anthropic-beta') ?? '') ? { maxMode: true } : {}),
    maxTokens: optionalCount(request.max_tokens, 'max_tokens'),
    sessionKey: sessionKey(request.metadata) ?? header(SESSION_HEADER),
    webSearch: webSearchTool(request.tools),
  };
  return { conversation, stream: request.stream === true, includeUsage: false };
}

/** Claude Code's first system block is Anthropic billing metadata, not an instruction for a model. */
const BILLING_HEADER = /^x-anthropic-billing-header:/;

/** `system` and role:"system" content: a string or text blocks (cache_control ignored). */
function systemTexts(value: unknown, path: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  return expectArray(value, path).flatMap((block, i) => {
    const item = expectObject(block, at(path, i));
    if (item.type !== 'text') return [];
    const text = expectString(item.text, at(at(path, i), 'text'));
    return BILLING_HEADER.test(text) ? [] : [text];
  });
}

function blocksOf(content: unknown, path: string): JsonObject[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return expectArray(content, path).map((block, i) => expectObject(block, at(path, i)));
}

function textPart(block: JsonObject, path: string): TextPart[] {
  const text = expectString(block.text, at(path, 'text'));
  return text ? [{ type: 'text', text }] : [];
}

/** Text and image blocks, wherever they appear (user content, tool results); other blocks carry nothing. */
function contentParts(block: JsonObject, path: string): Array<TextPart | ImagePart> {
  switch (block.type) {
    case 'text':
      return textPart(block, path);
    case 'image':
      return [imagePart(block, path)];
    case 'document':
      throw invalidRequest(at(path, 'type'), 'document blocks are not supported; send the text or page images instead');
    default:
      return [];
  }
}

function userParts(content: unknown, path: string, loadedDeferredTools: Set<string>): UserPart[] {
  const parts: UserPart[] = [];
  blocksOf(content, path).forEach((block, i) => {
    const blockPath = at(path, i);
    if (block.type !== 'tool_result') return void parts.push(...contentParts(block, blockPath));
    parts.push({
      type: 'tool_result',
      toolCallId: expectString(block.tool_use_id, at(blockPath, 'tool_use_id')),
      content: toolResultContent(block.content, at(blockPath, 'content'), loadedDeferredTools),
      isError: block.is_error === true,
    });
  });
  return parts;
}

function toolResultContent(content: unknown, path: string, loadedDeferredTools: Set<string>): Array<TextPart | ImagePart> {
  if (content === undefined || content === null) return [];
  const parts: Array<TextPart | ImagePart> = [];
  blocksOf(content, path).forEach((block, i) => {
    const blockPath = at(path, i);
    if (block.type === 'tool_reference') {
      // ToolSearch loaded a deferred tool: from now on it is offered to the model.
      loadedDeferredTools.add(expectString(block.tool_name, at(blockPath, 'tool_name')));
      return;
    }
    parts.push(...contentParts(block, blockPath));
  });
  return parts;
}

function imagePart(block: JsonObject, path: string): ImagePart {
  const source = expectObject(block.source, at(path, 'source'));
  if (source.type !== 'base64') {
    throw invalidRequest(
      at(path, 'source.type'),
      `image source "${String(source.type)}" is not supported; send the image inline as base64 (source.type "base64")`,
    );
  }
  return {
    type: 'image',
    mediaType: expectString(source.media_type, at(path, 'source.media_type')),
    data: expectString(source.data, at(path, 'source.data')),
  };
}

function assistantParts(content: unknown, path: string): AssistantPart[] {
  const parts: AssistantPart[] = [];
  blocksOf(content, path).forEach((block, i) => {
    const blockPath = at(path, i);
    switch (block.type) {
      case 'text':
        parts.push(...textPart(block, blockPath));
        break;
      case 'thinking': {
        // The signature is Anthropic's; Cursor cannot check it, so only the text travels.
        const text = expectString(block.thinking, at(blockPath, 'thinking'));
        if (text) parts.push({ type: 'thinking', text });
        break;
      }
      case 'tool_use':
        parts.push({
          type: 'tool_call',
          id: expectString(block.id, at(blockPath, 'id')),
          name: expectString(block.name, at(blockPath, 'name')),
          input: block.input ?? {},
        });
        break;
      default:
        // redacted_thinking has no text; server tool blocks are not ours to replay.
        break;
    }
  });
  return parts;
}

function toolDefinitions(value: unknown): ToolDefinition[] {
  if (value === undefined || value === null) return [];
  return expectArray(value, 'tools').flatMap((entry, i): ToolDefinition[] => {
    const path = at('tools', i);
    const tool = expectObject(entry, path);
    const name = expectString(tool.name, at(path, 'name'));
    // Anthropic server tools (web_search_…, bash_…) have a versioned type and no schema: not ours to run.
    if (tool.input_schema === undefined && typeof tool.type === 'string' && tool.type !== 'custom') return [];
    return [
      {
        name,
        description: optionalString(tool.description, at(path, 'description')) ?? '',
        inputSchema: expectSchema(tool.input_schema, at(path, 'input_schema')),
        deferred: tool.defer_loading === true,
      },
    ];
  });
}

/**
 * Anthropic's web search server tool (`web_search_20250305` and later versions), served by
 * Cursor's own search. `user_location` is not honoured: Cursor's search takes no location.
 */
function webSearchTool(tools: unknown): WebSearchOptions | undefined {
  if (!Array.isArray(tools)) return undefined;
  const index = tools.findIndex((tool) => isObject(tool) && typeof tool.type === 'string' && tool.type.startsWith('web_search_'));
  if (index < 0) return undefined;
  const tool = tools[index] as JsonObject;
  const path = at('tools', index);
  const domains = (key: string) =>
    tool[key] === undefined || tool[key] === null
      ? []
      : expectArray(tool[key], at(path, key)).map((domain, i) => expectString(domain, at(at(path, key), i)));
  return {
    maxUses: optionalCount(tool.max_uses, at(path, 'max_uses')),
    allowedDomains: domains('allowed_domains'),
    blockedDomains: domains('blocked_domains'),
  };
}

function toolChoice(value: unknown): ToolChoice {
  if (value === undefined || value === null) return { type: 'auto' };
  const choice = expectObject(value, 'tool_choice');
  switch (choice.type) {
    case 'auto':
    case 'any':
    case 'none':
      return { type: choice.type };
    case 'tool':
      return { type: 'tool', name: expectString(choice.name, 'tool_choice.name') };
    default:
      throw invalidRequest('tool_choice.type', 'must be "auto", "any", "tool" or "none"');
  }
}

/** `enabled` and `adaptive` ask for reasoning; `disabled`, absent or unknown do not. */
function wantsThinking(value: unknown): boolean {
  return isObject(value) && (value.type === 'enabled' || value.type === 'adaptive');
}

/** Claude Code's metadata.user_id is a JSON string holding `session_id`. */
function sessionKey(metadata: unknown): string | undefined {
  if (!isObject(metadata) || typeof metadata.user_id !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(metadata.user_id);
    return isObject(parsed) && typeof parsed.session_id === 'string' && parsed.session_id ? parsed.session_id : undefined;
  } catch {
    return undefined;
  }
}
