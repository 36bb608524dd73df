// TurnEvents → OpenAI chat.completion.chunk objects: a role chunk first, content /
// reasoning_content / tool_calls deltas, a finish chunk, the usage chunk when asked, [DONE].
import type { StopReason, TurnEvent } from '../events.js';
import type { ApiError } from '../http/api-error.js';
import type { StreamEncoder, TurnContext } from '../http/dialect.js';
import { newId } from '../http/ids.js';
import { UsageTally } from '../http/usage-tally.js';
import { SSE_COMMENT_KEEPALIVE, sseData } from '../http/sse.js';
import { openaiErrorBody } from './errors.js';
import type { FinishReason, OpenAIChunk, OpenAIChunkDelta } from './wire.js';

export const FINISH_REASON: Readonly<Record<StopReason, FinishReason>> = {
  end_turn: 'stop',
  tool_use: 'tool_calls',
  max_tokens: 'length',
};

export class OpenAIChunkEncoder {
  readonly id = newId('chatcmpl-');
  readonly created = Math.floor(Date.now() / 1000);
  private readonly usage: UsageTally;
  private toolIndex = 0;

  constructor(private readonly context: TurnContext) {
    this.usage = new UsageTally(context.estimatedInputTokens);
  }

  start(): OpenAIChunk[] {
    return [this.chunk({ role: 'assistant', content: '' })];
  }

  push(event: TurnEvent): OpenAIChunk[] {
    switch (event.type) {
      case 'text':
        return event.text ? [this.chunk({ content: event.text })] : [];
      case 'thinking':
        return event.text ? [this.chunk({ reasoning_content: event.text })] : [];
      case 'tool_call':
        return [
          this.chunk({
            tool_calls: [
              { index: this.toolIndex++, id: event.id, type: 'function', function: { name: event.name, arguments: event.arguments || '{}' } },
            ],
          }),
        ];
      case 'usage':
        this.usage.record(event.usage);
        return [];
      case 'end': {
        this.usage.record(event.usage);
        const chunks = [this.chunk({}, FINISH_REASON[event.reason])];
        if (this.context.includeUsage) {
          const { inputTokens, outputTokens } = this.usage;
          chunks.push({
            ...this.base(),
            choices: [],
            usage: { prompt_tokens: inputTokens, completion_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
          });
        }
        return chunks;
      }
      // Cursor's web search runs only for an Anthropic or Responses web search tool; Chat Completions has no block for it.
      case 'web_search':
      case 'run':
      case 'interaction':
      case 'builtin_rejected':
      case 'error':
        return [];
    }
  }


  private base(): Omit<OpenAIChunk, 'choices'> {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.context.clientModel };
  }

  private chunk(delta: OpenAIChunkDelta, finishReason: FinishReason | null = null): OpenAIChunk {
    return {
      ...this.base(),
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...(this.context.includeUsage ? { usage: null } : {}),
    };
  }
}

export function createOpenAIStream(context: TurnContext): StreamEncoder {
  const encoder = new OpenAIChunkEncoder(context);
  const frames = (chunks: OpenAIChunk[]) => chunks.map((chunk) => sseData(chunk)).join('');
  return {
    open: () => frames(encoder.start()),
    push: (event) => {
      const out = frames(encoder.push(event));
      return event.type === 'end' ? out + sseData('[DONE]') : out;
    },
    fail: (error: ApiError) => sseData(openaiErrorBody(error)),
    keepAlive: () => SSE_COMMENT_KEEPALIVE,
  };
}
