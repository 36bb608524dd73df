// The client's tools as Cursor gets them (McpToolDefinition, reference §4.4), converted and
// encoded once per distinct tool set: Claude Code resends the same ~10 KB of tool schemas on
// every request, and converting, fingerprinting and encoding them (twice: §8 "send both") was
// the largest part of the gateway's work before a request left (~0.5 ms).
import { type UnknownField, create, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { createHash } from 'node:crypto';
import { type McpToolDefinition, McpToolDefinitionSchema } from '../../gen/agent/v1/mcp_pb.js';
import type { ToolDefinition } from '../conversation.js';
import { LruMap } from '../util/lru-map.js';
import { EMPTY_OBJECT_SCHEMA, jsonToValue } from './mcp-values.js';

/**
 * McpToolDefinition.provider_identifier for client tools. Variant: bare tool names in `name`
 * and `tool_name` with our own provider id, as PI (`pi-agent`) and ED (`opencode`) do (§4.4);
 * YK's `<provider>-<tool>` names are the other variant.
 */
export const TOOL_PROVIDER = 'thalamus';

/** A few clients' tool sets, each with and without its deferred tools loaded. */
export const DEFAULT_TOOL_SETS_KEPT = 16;
/** And at most this much held: a client with hundreds of MCP tools sends sets of megabytes. */
export const DEFAULT_TOOL_SETS_MAX_BYTES = 8 * 1024 * 1024;

export interface ToolSet {
  /** Each definition's encoding, length-prefixed, as one element of a repeated field holds it. */
  readonly encoded: readonly Uint8Array[];
  readonly names: ReadonlySet<string>;
  /** SHA-256 (hex) of the definitions: equal digests, equal tools. */
  readonly digest: string;
  /** Characters of names, descriptions and schemas, for the input-token estimate. */
  readonly chars: number;
}

export class ToolSets {
  private readonly sets = new LruMap<string, ToolSet>();
  private bytes = 0;

  constructor(
    private readonly maxKept = DEFAULT_TOOL_SETS_KEPT,
    private readonly maxBytes = DEFAULT_TOOL_SETS_MAX_BYTES,
  ) {}

  /** The converted form of `tools`, converting only a set not seen recently. */
  of(tools: readonly ToolDefinition[]): ToolSet {
    const key = JSON.stringify(tools.map((tool) => [tool.name, tool.description, tool.inputSchema]));
    const known = this.sets.get(key);
    if (known !== undefined) return known;
    const set: ToolSet = {
      encoded: tools.map((tool) => new BinaryWriter().bytes(toBinary(McpToolDefinitionSchema, toMcpToolDefinition(tool))).finish()),
      names: new Set(tools.map((tool) => tool.name)),
      digest: createHash('sha256').update(key).digest('hex'),
      chars: key.length,
    };
    this.sets.set(key, set);
    this.bytes += heldBytes(key, set);
    // The newest set stays even alone over the byte bound: it is in use.
    this.sets.evictWhile(
      () => this.sets.size > this.maxKept || (this.bytes > this.maxBytes && this.sets.size > 1),
      (oldKey, old) => (this.bytes -= heldBytes(oldKey, old)),
    );
    return set;
  }

  /** Bytes the kept sets hold (their keys as UTF-16, and their encodings). */
  get size(): number {
    return this.bytes;
  }
}

function heldBytes(key: string, set: ToolSet): number {
  let bytes = key.length * 2;
  for (const encoded of set.encoded) bytes += encoded.length;
  return bytes;
}

export function toMcpToolDefinition(tool: ToolDefinition): McpToolDefinition {
  const schema = tool.inputSchema && Object.keys(tool.inputSchema).length > 0 ? tool.inputSchema : EMPTY_OBJECT_SCHEMA;
  return create(McpToolDefinitionSchema, {
    name: tool.name,
    description: tool.description,
    inputSchema: jsonToValue(schema),
    providerIdentifier: TOOL_PROVIDER,
    toolName: tool.name,
  });
}

/**
 * The tools as the elements of a message's repeated McpToolDefinition field `fieldNumber`,
 * already encoded: set as the message's `$unknown`, they are written verbatim by toBinary and
 * read by any decoder as that field.
 */
export function encodedToolFields(fieldNumber: number, tools: ToolSet): UnknownField[] {
  return tools.encoded.map((data) => ({ no: fieldNumber, wireType: WireType.LengthDelimited, data }));
}
