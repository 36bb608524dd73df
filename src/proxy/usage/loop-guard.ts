// The loop guard (THALAMUS_LOOP_LIMIT, default 5): when the conversation already ends in that many
// identical tool calls in a row (same name, same input) and the model asks for the same call
// again, the call is not handed to the client. The run is cancelled and the turn ends with a text
// that says a loop was stopped and how to go on — a runaway agent stops costing requests.
import type { Conversation } from '../conversation.js';
import type { Engine } from '../engine-api.js';
import type { TurnEvent, Usage } from '../events.js';
import { LOOP_LIMIT_ENV } from './limits.js';

export interface RepeatedCall {
  name: string;
  /** The input as canonical JSON (keys sorted). */
  input: string;
  count: number;
}

/** The identical tool calls the conversation ends with, since the person last spoke; undefined when none. */
export function trailingRepeat(conversation: Conversation): RepeatedCall | undefined {
  let repeat: RepeatedCall | undefined;
  for (let index = conversation.messages.length - 1; index >= 0; index--) {
    const message = conversation.messages[index]!;
    if (message.role === 'user') {
      // A person's message (no tool results in it) breaks the chain.
      if (!message.content.some((part) => part.type === 'tool_result')) break;
      continue;
    }
    const calls = message.content.filter((part) => part.type === 'tool_call');
    for (let call = calls.length - 1; call >= 0; call--) {
      const { name, input } = calls[call]!;
      const key = canonicalJson(input);
      if (!repeat) repeat = { name, input: key, count: 1 };
      else if (repeat.name === name && repeat.input === key) repeat.count++;
      else return repeat;
    }
  }
  return repeat;
}

export function guardLoops(engine: Engine, loopLimit: number): Engine {
  async function* watch(events: AsyncIterable<TurnEvent>, repeat: RepeatedCall): AsyncIterable<TurnEvent> {
    let usage: Partial<Usage> = {};
    for await (const event of events) {
      if (event.type === 'tool_call' && event.name === repeat.name && sameInput(event.arguments, repeat.input)) {
        yield { type: 'text', text: loopMessage(repeat, loopLimit) };
        yield { type: 'end', reason: 'end_turn', usage: { inputTokens: usage.inputTokens ?? 0, outputTokens: usage.outputTokens ?? 0 } };
        // Leaving the loop returns the inner iterator: the upstream run is cancelled, not parked.
        return;
      }
      if (event.type === 'usage') usage = { ...usage, ...event.usage };
      yield event;
    }
  }
  return {
    runTurn(conversation, options) {
      const repeat = trailingRepeat(conversation);
      const events = engine.runTurn(conversation, options);
      return repeat && repeat.count >= loopLimit ? watch(events, repeat) : events;
    },
    listModels: () => engine.listModels(),
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}

export function loopMessage(repeat: RepeatedCall, loopLimit: number): string {
  return (
    `Thalamus stopped a loop: the model asked for the tool "${repeat.name}" with the same input again after ${repeat.count} identical calls in a row ` +
    `(${LOOP_LIMIT_ENV}=${loopLimit}). The call was not run. To continue, tell the model what to do differently, or raise ${LOOP_LIMIT_ENV}.`
  );
}

function sameInput(argumentsText: string, canonical: string): boolean {
  try {
    return canonicalJson(JSON.parse(argumentsText)) === canonical;
  } catch {
    return false;
  }
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same input. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}
