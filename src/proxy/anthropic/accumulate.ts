// TurnEvents → one Anthropic Messages JSON. Built by folding the stream encoder's own events,
// so the streamed and the non-streamed answer can never disagree.
import type { TurnEvent } from '../events.js';
import type { TurnContext } from '../http/dialect.js';
import { AnthropicEventEncoder } from './stream.js';
import type { AnthropicMessage, AnthropicStreamEvent } from './wire.js';

export function accumulateAnthropic(events: TurnEvent[], context: TurnContext): AnthropicMessage {
  const encoder = new AnthropicEventEncoder(context);
  const stream = [...encoder.start(), ...events.flatMap((event) => encoder.push(event))];
  return foldStream(stream);
}

/** Applies streaming events to a message, the way Anthropic's SDK accumulates a stream. */
export function foldStream(stream: AnthropicStreamEvent[]): AnthropicMessage {
  let message: AnthropicMessage | undefined;
  const toolJson = new Map<number, string>();
  for (const event of stream) {
    if (event.type === 'message_start') {
      message = structuredClone(event.message);
      continue;
    }
    if (!message) throw new Error(`${event.type} before message_start`);
    switch (event.type) {
      case 'content_block_start':
        message.content[event.index] = structuredClone(event.content_block);
        break;
      case 'content_block_delta': {
        const block = message.content[event.index];
        const delta = event.delta;
        if (delta.type === 'text_delta' && block?.type === 'text') block.text += delta.text;
        else if (delta.type === 'thinking_delta' && block?.type === 'thinking') block.thinking += delta.thinking;
        else if (delta.type === 'signature_delta' && block?.type === 'thinking') block.signature = delta.signature;
        else if (delta.type === 'input_json_delta' && (block?.type === 'tool_use' || block?.type === 'server_tool_use')) {
          toolJson.set(event.index, (toolJson.get(event.index) ?? '') + delta.partial_json);
        }
        break;
      }
      case 'content_block_stop': {
        const block = message.content[event.index];
        const json = toolJson.get(event.index);
        if ((block?.type === 'tool_use' || block?.type === 'server_tool_use') && json !== undefined) block.input = parseToolInput(json);
        break;
      }
      case 'message_delta':
        message.stop_reason = event.delta.stop_reason;
        message.usage = { ...event.usage };
        break;
      case 'message_stop':
      case 'ping':
        break;
    }
  }
  if (!message) throw new Error('no message_start');
  return message;
}

function parseToolInput(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    // The engine promises JSON object text; if Cursor broke that, hand the raw text over rather than lose it.
    return { _raw: json };
  }
}
