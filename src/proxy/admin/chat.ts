// The UI's test chat: a plain-text conversation run through the engine, streamed back as
// ChatEvents over SSE. Closing the request (the Stop button) aborts the upstream run.
import type { RequestHandler } from 'express';
import type { Conversation } from '../conversation.js';
import type { Engine } from '../engine-api.js';
import { describeFailure } from '../error-words.js';
import { UpstreamError } from '../events.js';
import { ApiError, invalidRequest } from '../http/api-error.js';
import { SSE_HEADERS, sseData } from '../http/sse.js';
import { resolveModel, type ModelMap } from '../model-resolution.js';
import type { ChatEvent, ChatMessage } from '../../shared/thalamus-api.js';
import type { ChatRequest } from '../../shared/ipc.js';

const MAX_MESSAGES = 200;

export function parseChatRequest(body: unknown): ChatRequest {
  const { model, messages } = (body ?? {}) as Record<string, unknown>;
  if (typeof model !== 'string' || !model.trim()) throw invalidRequest('model', 'pick a model');
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_MESSAGES) {
    throw invalidRequest('messages', `must hold 1 to ${MAX_MESSAGES} messages`);
  }
  messages.forEach((message: unknown, index) => {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string') {
      throw invalidRequest(`messages.${index}`, 'must be {role: "user"|"assistant", content: string}');
    }
  });
  if ((messages.at(-1) as ChatMessage).role !== 'user') throw invalidRequest('messages', 'the last message must be the user’s');
  return { model: model.trim(), messages: messages as ChatMessage[] };
}

export function chatConversation({ model, messages }: ChatRequest): Conversation {
  return {
    model,
    system: '',
    messages: messages.map((message) => ({ role: message.role, content: [{ type: 'text', text: message.content }] })),
    tools: [],
    loadedDeferredTools: [],
    toolChoice: { type: 'auto' },
    thinking: false,
  };
}

/** A failure in the words the chat shows. */
export function chatErrorMessage(error: unknown): string {
  if (error instanceof UpstreamError) return describeFailure(error.kind, error.message);
  if (error instanceof ApiError) return describeFailure(error.kind, error.message);
  return error instanceof Error ? error.message : 'The chat failed.';
}

/**
 * Runs one test-chat turn and sends its events; used by the admin API and by the desktop app's
 * engine process. Sends exactly one final event (`done` or `error`), also when stopped.
 */
export async function runChat(
  engine: Engine,
  modelMap: ModelMap,
  request: ChatRequest,
  send: (event: ChatEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let final: ChatEvent | undefined;
  const finish = (event: ChatEvent) => {
    if (final) return;
    final = event;
    send(event);
  };
  try {
    const model = await resolveModel({ model: request.model, thinking: false }, () => engine.listModels(), modelMap);
    send({ type: 'model', model: model.id });
    for await (const event of engine.runTurn(chatConversation(request), { model, signal })) {
      // Leaving the loop cancels the upstream run; after the final event the engine finishes on its own.
      if (signal.aborted) break;
      if (final) continue;
      if (event.type === 'text' || event.type === 'thinking') send({ type: event.type, text: event.text });
      else if (event.type === 'end') finish({ type: 'done' });
      else if (event.type === 'error') finish({ type: 'error', message: chatErrorMessage(event.error) });
    }
    finish(signal.aborted ? { type: 'done' } : { type: 'error', message: 'The answer ended before Cursor finished it.' });
  } catch (error) {
    finish(signal.aborted ? { type: 'done' } : { type: 'error', message: chatErrorMessage(error) });
  }
}

export function chatRoute({ engine, modelMap }: { engine: Engine; modelMap: ModelMap }): RequestHandler {
  return async (req, res) => {
    const request = parseChatRequest(req.body);
    const abort = new AbortController();
    // Closing the request (the Stop button) aborts the upstream run.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    res.writeHead(200, SSE_HEADERS);
    const send = (event: ChatEvent) => {
      if (!res.writableEnded && !res.destroyed) res.write(sseData(event));
    };
    await runChat(engine, modelMap, request, send, abort.signal);
    res.end();
  };
}
