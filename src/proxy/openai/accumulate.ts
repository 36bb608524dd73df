// TurnEvents → one chat.completion. Built by folding the stream encoder's chunks, so the
// streamed and the non-streamed answer can never disagree.
import type { TurnEvent } from '../events.js';
import type { TurnContext } from '../http/dialect.js';
import { OpenAIChunkEncoder } from './stream.js';
import type { OpenAIChunk, OpenAICompletion, OpenAIToolCall } from './wire.js';

export function accumulateOpenAI(events: TurnEvent[], context: TurnContext): OpenAICompletion {
  // Usage always comes in the final chunk here: a JSON response always carries it.
  // Named, not spread: the estimate is a getter on the context's prototype.
  const encoder = new OpenAIChunkEncoder({ clientModel: context.clientModel, estimatedInputTokens: context.estimatedInputTokens, includeUsage: true });
  return foldChunks([...encoder.start(), ...events.flatMap((event) => encoder.push(event))]);
}

/** Applies chunks to a completion, the way OpenAI's SDK accumulates a stream. */
export function foldChunks(chunks: OpenAIChunk[]): OpenAICompletion {
  const first = chunks[0];
  if (!first) throw new Error('no chunks');
  let content: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: OpenAIToolCall[] = [];
  const completion: OpenAICompletion = {
    id: first.id,
    object: 'chat.completion',
    created: first.created,
    model: first.model,
    choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null }, finish_reason: null, logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
  for (const chunk of chunks) {
    if (chunk.usage) completion.usage = { ...chunk.usage };
    const choice = chunk.choices[0];
    if (!choice) continue;
    const { delta } = choice;
    if (delta.content) content = (content ?? '') + delta.content;
    if (delta.reasoning_content) reasoning = (reasoning ?? '') + delta.reasoning_content;
    for (const call of delta.tool_calls ?? []) {
      const known = toolCalls[call.index];
      if (known) known.function.arguments += call.function.arguments;
      else toolCalls[call.index] = { id: call.id, type: 'function', function: { ...call.function } };
    }
    if (choice.finish_reason) completion.choices[0]!.finish_reason = choice.finish_reason;
  }
  const message = completion.choices[0]!.message;
  message.content = content;
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return completion;
}
