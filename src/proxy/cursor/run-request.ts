// Conversation → the first message of a Run (reference §4.2, §5.1 step 1, §5.3).
import { create } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { type AgentRunRequest, AgentMode, AgentRunRequestSchema, type ConversationStateStructure } from '../../gen/agent/v1/agent_pb.js';
import { McpToolsSchema } from '../../gen/agent/v1/mcp_pb.js';
import type { RequestContext } from '../../gen/agent/v1/request_context_pb.js';
import type { Conversation, ImagePart, Message, ToolDefinition, WebSearchOptions } from '../conversation.js';
import type { TurnModel } from '../engine-api.js';
import type { BlobSource, BlobStore } from './blob-store.js';
import { conversationIdFor } from './conversation-id.js';
import { type HistoryMode, renderHistory, renderParts, rootPromptBlob, rootPromptSource, splitAtLastUserMessage } from './history.js';
import { type HostEnvironment, buildRequestContext, clientFolder } from './request-context.js';
import type { SelectedImageData } from './selected-images.js';
import { type ToolSet, encodedToolFields } from './tool-set.js';
import { boundReplay, replayBoundsFor } from './replay-bounds.js';

export interface BuiltRunRequest {
  request: AgentRunRequest;
  /** The same context, for the answer to request_context_args. */
  requestContext: RequestContext;
  /** Names of the client tools declared to Cursor. */
  toolNames: ReadonlySet<string>;
  /** Characters of prompt material sent, for the input-token estimate. */
  sentChars: number;
  /** What the replay bound (replay-bounds.ts) changed in the rebuilt history, when it did. */
  replayTrimmed?: { packed: number; omitted: number };
  /** Cursor's web search is on for this run (the client declared a web search server tool). */
  webSearch?: WebSearchOptions;
}

export interface RunRequestInput {
  conversation: Conversation;
  model: TurnModel;
  /** The conversation's declaredTools, converted. */
  tools: ToolSet;
  blobStore: BlobStore;
  historyMode: HistoryMode;
  environment: HostEnvironment;
  /**
   * Cursor's own state of every message before the last user message (a kept checkpoint,
   * checkpoints.ts): sent as conversation_state instead of rebuilding the history.
   */
  checkpoint?: ConversationStateStructure;
  /** The last user message's images (imagesToSend), fitted to Cursor's limits (selected-images.ts). */
  images?: SelectedImageData[];
}

export function buildRunRequest(input: RunRequestInput): BuiltRunRequest {
  const { conversation, model, tools } = input;
  const rule = cloudRule(conversation);
  const environment = { ...input.environment, folder: clientFolder(conversation.system) ?? input.environment.folder };
  const requestContext = buildRequestContext({ tools, cloudRule: rule, environment, webSearch: conversation.webSearch !== undefined });

  const { history, last } = splitAtLastUserMessage(conversation.messages);
  const rendered = renderHistory(input.checkpoint ? [] : history, input.historyMode);
  const bounds = replayBoundsFor(model.id);
  // Each message's source once: sizing it for the bound and storing it both look it up.
  const sources = new Map<Message, BlobSource>();
  const sourceOf = (message: Message) => sources.get(message) ?? sources.set(message, rootPromptSource(message)).get(message)!;
  const blobSize = (message: Message) => input.blobStore.renderedSize(sourceOf(message), () => rootPromptBlob(message));
  const bounded = bounds ? boundReplay(rendered.rootPromptMessages, bounds, Buffer.byteLength(rule ?? ''), blobSize) : undefined;
  let historyChars = 0;
  const rootPromptIds = (bounded?.messages ?? rendered.rootPromptMessages).map((message) => {
    const source = sourceOf(message);
    for (const text of source.texts) historyChars += text.length;
    return input.blobStore.putRendered(source, () => rootPromptBlob(message));
  });
  const userText = rendered.transcript + renderParts(last?.content.filter((p) => p.type !== 'image') ?? []).join('\n\n');
  const images = input.images ?? [];

  const request = create(AgentRunRequestSchema, {
    conversationState: input.checkpoint ?? { rootPromptMessagesJson: rootPromptIds },
    action: {
      action: {
        case: 'userMessageAction',
        value: {
          userMessage: {
            text: userText,
            messageId: randomUUID(),
            mode: AgentMode.AGENT,
            selectedContext: images.length
              ? {
                  selectedImages: images.map((image) => ({
                    uuid: randomUUID(),
                    mimeType: image.mimeType,
                    dimension: image.size,
                    data: image.data,
                  })),
                }
              : undefined,
          },
          requestContext,
        },
      },
    },
    // Max mode goes in both fields: with only one, Cursor gives the default window (cursor-limits.md §4).
    modelDetails: { modelId: model.id, thinkingDetails: model.thinking ? {} : undefined, maxMode: model.maxMode || undefined },
    requestedModel: model.maxMode ? { modelId: model.id, maxMode: true } : undefined,
    mcpTools: {},
    conversationId: conversationIdFor(conversation),
    // As Cursor's own clients do whenever images are attached (§4.13).
    clientSupportsInlineImages: images.length ? true : undefined,
  });
  // Send tools both here and in the RequestContext (§8 "Where tools go": send both).
  request.mcpTools!.$unknown = encodedToolFields(McpToolsSchema.field.mcpTools.number, tools);

  const sentChars =
    (rule?.length ?? 0) +
    userText.length +
    historyChars +
    tools.chars;

  return {
    request,
    requestContext,
    toolNames: tools.names,
    sentChars,
    replayTrimmed: bounded && (bounded.packed || bounded.omitted) ? { packed: bounded.packed, omitted: bounded.omitted } : undefined,
    webSearch: conversation.webSearch,
  };
}

/** The images of the message that goes out as the user message (not the history's). */
export function imagesToSend(conversation: Conversation): ImagePart[] {
  const { last } = splitAtLastUserMessage(conversation.messages);
  return (last?.content ?? []).filter((p): p is ImagePart => p.type === 'image');
}

/**
 * The tools Cursor may call: none under tool_choice `none`; deferred tools only once
 * ToolSearch has loaded them.
 */
export function declaredTools(conversation: Conversation): ToolDefinition[] {
  if (conversation.toolChoice.type === 'none') return [];
  const loaded = new Set(conversation.loadedDeferredTools);
  return conversation.tools.filter((tool) => !tool.deferred || loaded.has(tool.name));
}

/** The system prompt plus what tool_choice demands; Cursor has no tool_choice of its own. */
export function cloudRule(conversation: Conversation): string | undefined {
  const choice = conversation.toolChoice;
  const demand =
    choice.type === 'any' && conversation.tools.length > 0
      ? 'You must call one of the provided tools.'
      : choice.type === 'tool'
        ? `You must call the tool ${choice.name}.`
        : '';
  const rule = [conversation.system, demand].filter(Boolean).join('\n\n');
  return rule || undefined;
}

/** Identifies model + declared tools; a parked run only continues under the same one. */
export function runFingerprint(model: TurnModel, tools: ToolSet): string {
  return `${model.id}\0${model.thinking}\0${tools.digest}`;
}
