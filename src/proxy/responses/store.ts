// Responses kept for `previous_response_id` and `GET /v1/responses/{id}` (`store`, on unless
// the client says false): in memory, least recently used first out once the bytes held pass
// the limit. Each entry keeps its own messages and a link to the one before, so a chain costs
// what its turns cost, not the square of it; a chain with a forgotten link is a clear 404.
import type { AssistantPart, Message } from '../conversation.js';
import { ApiError } from '../http/api-error.js';
import { LruMap } from '../lru-map.js';
import { flatToolName } from './tools.js';
import type { OutputItem, ResponseObject } from './wire.js';

/** Variant: 64 MiB of JSON text (about a few hundred long agent sessions' turns). */
export const DEFAULT_STORE_BYTES = 64 * 1024 * 1024;

interface Entry {
  response: ResponseObject;
  /** This turn's input messages and its output as an assistant message. */
  messages: Message[];
  previousId: string | null;
  bytes: number;
}

export class ResponseStore {
  private readonly entries = new LruMap<string, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_STORE_BYTES) {}

  save(response: ResponseObject, inputMessages: Message[]): void {
    const output = outputMessage(response.output);
    const messages = output ? [...inputMessages, output] : inputMessages;
    const bytes = JSON.stringify(response).length + JSON.stringify(messages).length;
    if (bytes > this.maxBytes) return;
    this.entries.set(response.id, { response, messages, previousId: response.previous_response_id, bytes });
    this.bytes += bytes;
    this.entries.evictWhile(
      () => this.bytes > this.maxBytes,
      (_id, entry) => (this.bytes -= entry.bytes),
    );
  }

  get(id: string): ResponseObject | undefined {
    return this.entries.get(id)?.response;
  }

  /** The whole conversation up to and including response `id`, oldest first. */
  history(id: string): Message[] {
    const turns: Message[][] = [];
    for (let current: string | null = id; current !== null; ) {
      const entry = this.entries.get(current);
      if (!entry) {
        throw new ApiError(
          'not_found',
          current === id
            ? `previous_response_id: response ${id} is not stored here (it was made with store:false, by another gateway run, or forgotten to stay within memory)`
            : `previous_response_id: response ${current}, earlier in the chain of ${id}, is no longer stored; send the whole input instead`,
          { param: 'previous_response_id' },
        );
      }
      turns.push(entry.messages);
      current = entry.previousId;
    }
    return turns.reverse().flat();
  }
}

/** A response's output as the assistant message a later turn continues from (Cursor's tool names). */
function outputMessage(output: OutputItem[]): Message | undefined {
  const content: AssistantPart[] = [];
  for (const item of output) {
    if (item.type === 'reasoning') {
      const text = item.summary.map((part) => part.text).join('\n\n');
      if (text) content.push({ type: 'thinking', text });
    } else if (item.type === 'message') {
      const text = item.content.map((part) => part.text).join('');
      if (text) content.push({ type: 'text', text });
    } else {
      content.push({ type: 'tool_call', id: item.call_id, name: flatToolName(item.name, item.namespace), input: argumentsOf(item.arguments) });
    }
  }
  return content.length > 0 ? { role: 'assistant', content } : undefined;
}

function argumentsOf(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    // The engine promises JSON object text; if Cursor broke that, keep the raw text rather than lose it.
    return { _raw: text };
  }
}
