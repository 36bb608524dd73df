// Bytes on the wire, checked against the reference's field numbers (§3.5, §4.1, §4.4, §4.7).
import { create, fromBinary, toBinary, toJson } from '@bufbuild/protobuf';
import { ValueSchema } from '@bufbuild/protobuf/wkt';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AgentClientMessageSchema } from '../../src/gen/agent/v1/agent_service_pb.js';
import { McpArgsSchema, McpToolDefinitionSchema } from '../../src/gen/agent/v1/mcp_pb.js';
import {
  clientHeartbeatMessage,
  execThrowMessage,
  frameClientMessage,
  getBlobResultMessage,
  mcpResultMessage,
  streamCloseMessage,
} from '../../src/proxy/cursor/client-messages.js';
import { argsToJson, jsonToValue } from '../../src/proxy/cursor/mcp-values.js';
import { toMcpToolDefinition } from '../../src/proxy/cursor/tool-set.js';

const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');
const encode = (message: Parameters<typeof frameClientMessage>[0]) => hex(toBinary(AgentClientMessageSchema, message));

describe('AgentClientMessage encoding', () => {
  it('ConversationAction{resume_action{}} is 22021200 (§3.5)', () => {
    const message = create(AgentClientMessageSchema, {
      message: { case: 'conversationAction', value: { action: { case: 'resumeAction', value: {} } } },
    });
    assert.equal(encode(message), '22021200');
  });

  it('client_heartbeat is field 7, empty (§4.1)', () => {
    assert.equal(encode(clientHeartbeatMessage()), '3a00');
  });

  it('frames a message in a Connect envelope with flags 0', () => {
    assert.equal(hex(frameClientMessage(clientHeartbeatMessage())), '00000000023a00');
  });

  it('mcp_result: exec_client_message{id 1, exec_id 15, mcp_result 11{success 1{content[text]}}}', () => {
    const message = mcpResultMessage(7, 'e1', {
      result: { case: 'success', value: { content: [{ content: { case: 'text', value: { text: 'ok' } } }] } },
    });
    // 12 len | 08 07 (id) | 5a 0a (mcp_result=11) 0a 08 (success) 0a 06 (content) 0a 04 (text) 0a 02 "ok"
    // | 7a 02 "e1" (exec_id=15; protobuf-es writes fields in number order)
    assert.equal(encode(message), '1212' + '0807' + '5a0a' + '0a08' + '0a06' + '0a04' + '0a026f6b' + '7a026531');
  });

  it('mcp_result with is_error and an image item', () => {
    const message = mcpResultMessage(1, '', {
      result: {
        case: 'success',
        value: { content: [{ content: { case: 'image', value: { data: new Uint8Array([1, 2]), mimeType: 'a' } } }], isError: true },
      },
    });
    // success{ content{ image(2){ data 0a 02 0102, mime 12 01 'a' } }, is_error 10 01 }
    // success 0a 0d { content 0a 09 { image 12 07 { data 0a 02 0102, mime_type 12 01 "a" } }, is_error 10 01 }
    assert.equal(encode(message), '1213' + '0801' + '5a0f' + '0a0d' + '0a09' + '1207' + '0a020102' + '120161' + '1001');
  });

  it('stream_close{id} is exec_client_control_message 5 → 1 → id 1 (§4.7)', () => {
    assert.equal(encode(streamCloseMessage(7)), '2a040a020807');
  });

  it('throw{id, error} is exec_client_control_message 5 → 2', () => {
    assert.equal(encode(execThrowMessage(3, 'no')), '2a0812060803' + '12026e6f');
  });

  it('get_blob_result leaves blob_data unset for an unknown blob (§4.8)', () => {
    assert.equal(encode(getBlobResultMessage(4, undefined)), '1a04' + '0804' + '1200');
    assert.equal(encode(getBlobResultMessage(4, new Uint8Array([0xff]))), '1a07' + '0804' + '1203' + '0a01ff');
  });
});

describe('google.protobuf.Value for MCP (§3.6, §4.4)', () => {
  it('encodes a JSON schema as Value.struct_value', () => {
    const value = jsonToValue({ type: 'object' });
    // 2a (struct_value=5) 12 | 0a 10 (fields entry) 0a 04 "type" 12 08 (value) 1a 06 "object"
    const definition = create(McpToolDefinitionSchema, { inputSchema: value });
    assert.equal(hex(toBinary(McpToolDefinitionSchema, definition)), '1a14' + '2a120a100a047479706512081a066f626a656374');
  });

  it('declares a client tool with bare name, provider and tool_name (§4.4)', () => {
    const definition = toMcpToolDefinition({ name: 'Read', description: 'reads', inputSchema: {}, deferred: false });
    assert.equal(definition.name, 'Read');
    assert.equal(definition.toolName, 'Read');
    assert.equal(definition.providerIdentifier, 'thalamus');
    // An empty schema becomes {type: object, properties: {}} (§5.3).
    const decoded = fromBinary(McpToolDefinitionSchema, toBinary(McpToolDefinitionSchema, definition));
    assert.deepEqual(toJson(ValueSchema, decoded.inputSchema!), { type: 'object', properties: {} });
  });

  it('decodes McpArgs.args to JSON, an unset Value as null', () => {
    const args = create(McpArgsSchema, {
      args: { path: jsonToValue('/tmp/x'), n: jsonToValue(3), list: jsonToValue([true, null]), empty: create(ValueSchema) },
    });
    const wire = fromBinary(McpArgsSchema, toBinary(McpArgsSchema, args));
    assert.deepEqual(argsToJson(wire.args), { path: '/tmp/x', n: 3, list: [true, null], empty: null });
  });
});
