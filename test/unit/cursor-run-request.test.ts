import { type DescMessage, type MessageShape, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AgentMode, AgentRunRequestSchema } from '../../src/gen/agent/v1/agent_pb.js';
import { RequestContextSchema } from '../../src/gen/agent/v1/request_context_pb.js';
import type { Conversation } from '../../src/proxy/conversation.js';
import { BlobStore, blobIdHex } from '../../src/proxy/cursor/blob-store.js';
import { conversationIdFor } from '../../src/proxy/cursor/conversation-id.js';
import { buildRunRequest, runFingerprint, declaredTools, imagesToSend } from '../../src/proxy/cursor/run-request.js';
import { ToolSets, toMcpToolDefinition } from '../../src/proxy/cursor/tool-set.js';

const environment = { osVersion: 'linux 6.1.0', shell: '/bin/bash', timeZone: 'Europe/Paris', folder: '/work/project' };

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    model: 'claude-4.5-sonnet',
    system: 'You are helpful.',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'ok' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look at this' },
          { type: 'image', mediaType: 'image/png', data: Buffer.from([1, 2, 3]).toString('base64') },
        ],
      },
    ],
    tools: [
      { name: 'Read', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } }, deferred: false },
      { name: 'Lazy', description: 'deferred', inputSchema: {}, deferred: true },
    ],
    loadedDeferredTools: [],
    toolChoice: { type: 'auto' },
    thinking: false,
    ...overrides,
  };
}

/** Messages as Cursor reads them: tool definitions travel pre-encoded, seen only on the wire. */
const onTheWire = <Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>) => fromBinary(schema, toBinary(schema, message));

const build = (conv: Conversation, thinking = false) => {
  const built = buildRunRequest({
    conversation: conv,
    model: { id: 'claude-4.5-sonnet', thinking },
    tools: new ToolSets().of(declaredTools(conv)),
    blobStore: new BlobStore(),
    historyMode: 'root-prompt-blobs',
    environment,
    // What selected-images.ts made of the last message's image.
    images: imagesToSend(conv).map((image) => ({ mimeType: image.mediaType, size: { width: 3, height: 1 }, data: Buffer.from(image.data, 'base64') })),
  });
  return { ...built, request: onTheWire(AgentRunRequestSchema, built.request), requestContext: onTheWire(RequestContextSchema, built.requestContext) };
};

describe('buildRunRequest', () => {
  it('leaves client_supports_inline_images unset on a run without images', () => {
    const { request } = build(conversation({ messages: [{ role: 'user', content: [{ type: 'text', text: 'no picture' }] }] }));
    assert.equal(request.clientSupportsInlineImages, undefined);
    const action = request.action?.action;
    assert.ok(action?.case === 'userMessageAction');
    assert.equal(action.value.userMessage?.selectedContext, undefined);
  });

  it('fills the user-message action, model, tools and conversation id (§4.2)', () => {
    const conv = conversation({ sessionKey: 'session-1' });
    const { request, requestContext, toolNames } = build(conv, true);
    assert.equal(request.modelDetails?.modelId, 'claude-4.5-sonnet');
    assert.ok(request.modelDetails?.thinkingDetails, 'thinking_details present for a thinking model');
    assert.equal(request.conversationId, conversationIdFor(conv));
    assert.match(request.conversationId!, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const action = request.action?.action;
    assert.equal(action?.case, 'userMessageAction');
    const user = action.value.userMessage!;
    assert.equal(user.text, 'look at this');
    assert.equal(user.mode, AgentMode.AGENT);
    assert.match(user.messageId, /^[0-9a-f-]{36}$/);
    const [image] = user.selectedContext!.selectedImages;
    assert.deepEqual([...image.data], [1, 2, 3]);
    assert.equal(image.mimeType, 'image/png');
    assert.deepEqual([image.dimension?.width, image.dimension?.height], [3, 1]);
    assert.match(image.uuid, /^[0-9a-f-]{36}$/);
    assert.equal(request.clientSupportsInlineImages, true);
    // Tools both in mcp_tools and in the request context (§8), deferred tools left out.
    assert.deepEqual(request.mcpTools?.mcpTools.map((t) => t.name), ['Read']);
    assert.deepEqual(requestContext.tools.map((t) => t.name), ['Read']);
    assert.deepEqual(action.value.requestContext?.tools.map((t) => t.toolName), ['Read']);
    assert.deepEqual(toJson(ValueSchema, requestContext.tools[0].inputSchema!), {
      type: 'object',
      properties: { path: { type: 'string' } },
    });
    assert.deepEqual([...toolNames], ['Read']);
    // The pre-encoded definitions decode to exactly what converting the tool gives.
    assert.deepEqual(request.mcpTools?.mcpTools, [toMcpToolDefinition(conv.tools[0])]);
    assert.deepEqual(requestContext.tools, [toMcpToolDefinition(conv.tools[0])]);
    assert.equal(requestContext.cloudRule, 'You are helpful.');
    assert.equal(requestContext.env?.projectFolder, '/work/project');
    assert.deepEqual(requestContext.env?.workspacePaths, ['/work/project']);
    assert.equal(requestContext.env?.timeZone, 'Europe/Paris');
    assert.equal(requestContext.env?.osVersion, 'linux 6.1.0');
  });

  it("reports the client's working directory from its system prompt, not the gateway's", () => {
    const fixture = JSON.parse(readFileSync(new URL('../../../shared/fixtures/claude-code-request.json', import.meta.url), 'utf8'));
    const claudeCodeEnvironment: string = fixture.body.messages[1].content[0].text;
    const fromClaudeCode = build(conversation({ system: `You are helpful.\n\n${claudeCodeEnvironment}` })).requestContext.env;
    assert.equal(fromClaudeCode?.projectFolder, '/home/user/project');
    assert.deepEqual(fromClaudeCode?.workspacePaths, ['/home/user/project']);
    const fromOpencode = build(conversation({ system: '<env>\n  Working directory: /srv/app\n  Platform: linux\n</env>' })).requestContext.env;
    assert.equal(fromOpencode?.projectFolder, '/srv/app');
    // No folder in the prompt: the gateway's own environment stands in.
    assert.equal(build(conversation()).requestContext.env?.projectFolder, '/work/project');
  });

  it('stores earlier messages as blobs and lists their SHA-256 ids in root_prompt_messages_json', () => {
    const store = new BlobStore();
    const { request } = buildRunRequest({
      conversation: conversation(),
      model: { id: 'm', thinking: false },
      tools: new ToolSets().of([]),
      blobStore: store,
      historyMode: 'root-prompt-blobs',
      environment,
    });
    const ids = request.conversationState!.rootPromptMessagesJson;
    assert.equal(ids.length, 2);
    assert.ok(ids.every((id) => id.length === 32));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(store.get(ids[0]))), { role: 'user', content: [{ type: 'text', text: 'first' }] });
    assert.notEqual(blobIdHex(ids[0]), blobIdHex(ids[1]));
    assert.equal(request.modelDetails?.thinkingDetails, undefined);
  });

  it('declares a deferred tool once ToolSearch loaded it', () => {
    const { request } = build(conversation({ loadedDeferredTools: ['Lazy'] }));
    assert.deepEqual(request.mcpTools?.mcpTools.map((t) => t.name), ['Read', 'Lazy']);
    // A schema-less tool gets {type: object, properties: {}}.
    assert.deepEqual(toJson(ValueSchema, request.mcpTools!.mcpTools[1].inputSchema!), { type: 'object', properties: {} });
  });

  it('maps tool_choice: none declares nothing, any and tool add a demand to cloud_rule', () => {
    assert.deepEqual(build(conversation({ toolChoice: { type: 'none' } })).request.mcpTools?.mcpTools, []);
    assert.equal(build(conversation({ toolChoice: { type: 'any' } })).requestContext.cloudRule, 'You are helpful.\n\nYou must call one of the provided tools.');
    assert.equal(build(conversation({ toolChoice: { type: 'tool', name: 'Read' }, system: '' })).requestContext.cloudRule, 'You must call the tool Read.');
    assert.equal(build(conversation({ system: '' })).requestContext.cloudRule, undefined);
  });

  it('renders tool results of the last message as text when no parked run takes them', () => {
    const conv = conversation({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'go' }] },
        { role: 'assistant', content: [{ type: 'tool_call', id: 't1', name: 'Read', input: { path: 'a' } }] },
        { role: 'user', content: [{ type: 'tool_result', toolCallId: 't1', isError: false, content: [{ type: 'text', text: 'data' }] }] },
      ],
    });
    const { request } = build(conv);
    const action = request.action!.action;
    assert.equal(action.case === 'userMessageAction' && action.value.userMessage?.text, '[tool result t1] data');
    assert.equal(request.conversationState!.rootPromptMessagesJson.length, 2);
  });

  it('keeps the conversation id stable across turns of one conversation', () => {
    const a = conversation();
    const b = conversation({ messages: [...a.messages, { role: 'assistant', content: [{ type: 'text', text: 'x' }] }, { role: 'user', content: [{ type: 'text', text: 'y' }] }] });
    assert.equal(conversationIdFor(a), conversationIdFor(b));
    assert.notEqual(conversationIdFor(a), conversationIdFor(conversation({ sessionKey: 's' })));
    assert.equal(conversationIdFor(conversation({ sessionKey: 's' })), conversationIdFor(conversation({ sessionKey: 's', messages: [] })));
  });

  it('fingerprints model and declared tools', () => {
    const toolSets = new ToolSets();
    const tools = toolSets.of(declaredTools(conversation()));
    const model = { id: 'm', thinking: false };
    // A fresh cache: equal tools give equal fingerprints because their content is equal.
    assert.equal(runFingerprint(model, tools), runFingerprint(model, new ToolSets().of(declaredTools(conversation()))));
    assert.notEqual(runFingerprint(model, tools), runFingerprint({ id: 'm', thinking: true }, tools));
    assert.notEqual(runFingerprint(model, tools), runFingerprint(model, toolSets.of(declaredTools(conversation({ loadedDeferredTools: ['Lazy'] })))));
    const edited = conversation().tools.map((tool) => ({ ...tool, description: `${tool.description}!` }));
    assert.notEqual(runFingerprint(model, tools), runFingerprint(model, toolSets.of(declaredTools(conversation({ tools: edited })))));
  });

  it('converts a tool set once while it is in use, and again after it was dropped', () => {
    const toolSets = new ToolSets(1);
    const read = conversation().tools.slice(0, 1);
    const first = toolSets.of(read);
    assert.equal(toolSets.of(structuredClone(read)), first, 'same definitions, other objects: the same conversion');
    toolSets.of([{ ...read[0], name: 'Other' }]);
    assert.notEqual(toolSets.of(read), first, 'dropped beyond the bound, converted again');
    assert.deepEqual(toolSets.of(read).encoded, first.encoded);
  });

  it('keeps tool sets within a byte bound, not only a count', () => {
    // Each set holds ~60 KB: its key (~20,000 characters as UTF-16) and its encoding (~20 KB).
    const tools = (name: string, chars = 20_000) => [{ name, description: 'x'.repeat(chars), inputSchema: { type: 'object' }, deferred: false }];
    const toolSets = new ToolSets(16, 150_000);
    const a = toolSets.of(tools('A'));
    const b = toolSets.of(tools('B'));
    assert.equal(toolSets.of(tools('A')), a, 'two sets fit: both kept');
    const c = toolSets.of(tools('C'));
    assert.ok(toolSets.size <= 150_000 && toolSets.size > 100_000, `holds ${toolSets.size} bytes`);
    assert.equal(toolSets.of(tools('A')), a, 'the least recently used set (B) made room');
    const huge = toolSets.of(tools('Huge', 200_000));
    assert.equal(toolSets.of(tools('Huge', 200_000)), huge, 'a set over the bound alone is still kept while in use');
    assert.notEqual(toolSets.of(tools('C')), c, 'everything else made room for it');
    assert.notEqual(toolSets.of(tools('B')), b);
  });
});
