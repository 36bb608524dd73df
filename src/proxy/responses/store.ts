// Responses kept for `previous_response_id`, `GET`/`DELETE /v1/responses/{id}`, its input_items
// and `item_reference` (`store`, on unless the client says false): in memory, least recently used
// first out once the bytes held pass the limit. Each entry keeps its own input items as the client
// sent them (with ids) and its response, whose output items are items too, plus a link to the one
// before, so a chain costs what its turns cost, not the square of it; a chain with a forgotten link
// is a clear 404. The index by item id lives and dies with the entries, and its bytes count.
import { ApiError } from '../http/api-error.js';
import { newId } from '../http/ids.js';
import type { JsonObject } from '../http/validate.js';
import { LruMap } from '../util/lru-map.js';
import type { ResponseObject } from './wire.js';

/** Variant: 64 MiB of JSON text (about a few hundred long agent sessions' turns). */
export const DEFAULT_STORE_BYTES = 64 * 1024 * 1024;

/** What one index row costs besides its id's text: a Map slot and a pointer, roughly. */
const INDEX_ROW_BYTES = 64;

/** An item as stored and listed: always with an id. */
export type StoredItem = JsonObject & { id: string };

interface Entry {
  response: ResponseObject;
  inputItems: StoredItem[];
  previousId: string | null;
  bytes: number;
}

/** What the request parser reads from the store. */
export interface StoredItems {
  /** The items of a chain of responses up to and including `responseId`, oldest first; a 404 ApiError when any is gone. */
  history(responseId: string): JsonObject[];
  /** One stored input or output item by its id (an `item_reference`). */
  item(itemId: string): JsonObject | undefined;
}

/** The 404 for a response id the store does not hold. */
export function responseNotStored(id: string, param?: string): ApiError {
  const where = param ? `${param}: ` : '';
  return new ApiError(
    'not_found',
    `${where}response ${id} is not stored here (it was made with store:false, deleted, made by another gateway run, or forgotten to stay within memory)`,
    { param },
  );
}

export class ResponseStore implements StoredItems {
  private readonly entries = new LruMap<string, Entry>();
  /** Item id → the response holding it (the latest saved, when a client reuses an id). */
  private readonly itemOwners = new Map<string, string>();
  private bytes = 0;

  constructor(private readonly maxBytes = DEFAULT_STORE_BYTES) {}

  save(response: ResponseObject, inputItems: readonly JsonObject[]): void {
    const stored = inputItems.map(storedForm);
    const ids = [...stored, ...response.output].map((item) => item.id);
    const indexBytes = ids.reduce((sum, id) => sum + id.length + INDEX_ROW_BYTES, 0);
    const bytes = JSON.stringify(response).length + JSON.stringify(stored).length + indexBytes;
    if (bytes > this.maxBytes) return;
    this.entries.set(response.id, { response, inputItems: stored, previousId: response.previous_response_id, bytes });
    for (const id of ids) this.itemOwners.set(id, response.id);
    this.bytes += bytes;
    this.entries.evictWhile(
      () => this.bytes > this.maxBytes,
      (id, entry) => this.forget(id, entry),
    );
  }

  get(id: string): ResponseObject | undefined {
    return this.entries.get(id)?.response;
  }

  /** The input items of a stored response, in the order sent; undefined when not stored. */
  inputItems(id: string): readonly StoredItem[] | undefined {
    return this.entries.get(id)?.inputItems;
  }

  /** Removes a stored response; false when it was not there. */
  remove(id: string): boolean {
    const entry = this.entries.delete(id);
    if (entry) this.forget(id, entry);
    return entry !== undefined;
  }

  item(itemId: string): JsonObject | undefined {
    const owner = this.itemOwners.get(itemId);
    const entry = owner === undefined ? undefined : this.entries.get(owner);
    if (!entry) return undefined;
    return entry.inputItems.find((item) => item.id === itemId) ?? entry.response.output.find((item) => item.id === itemId);
  }

  history(id: string): JsonObject[] {
    const turns: JsonObject[][] = [];
    for (let current: string | null = id; current !== null; ) {
      const entry = this.entries.get(current);
      if (!entry) {
        if (current === id) throw responseNotStored(id, 'previous_response_id');
        throw new ApiError(
          'not_found',
          `previous_response_id: response ${current}, earlier in the chain of ${id}, is no longer stored; send the whole input instead`,
          { param: 'previous_response_id' },
        );
      }
      turns.push([...entry.inputItems, ...entry.response.output]);
      current = entry.previousId;
    }
    return turns.reverse().flat();
  }

  private forget(id: string, entry: Entry): void {
    this.bytes -= entry.bytes;
    for (const item of [...entry.inputItems, ...entry.response.output]) {
      if (this.itemOwners.get(item.id) === id) this.itemOwners.delete(item.id);
    }
  }
}

/** Id prefixes OpenAI uses per item type; other types get `item_`. */
const ID_PREFIXES: Readonly<Record<string, string>> = {
  message: 'msg_',
  function_call: 'fc_',
  function_call_output: 'fco_',
  reasoning: 'rs_',
  web_search_call: 'ws_',
};

/**
 * An input item as listed back: with an id (the client's, or a new one) and `type`, and a message's
 * string content as the one text part it stands for, as OpenAI lists them.
 */
function storedForm(item: JsonObject): StoredItem {
  const type = typeof item.type === 'string' ? item.type : 'message';
  const id = typeof item.id === 'string' && item.id ? item.id : newId(ID_PREFIXES[type] ?? 'item_');
  if (type === 'message' && typeof item.content === 'string') {
    const part = { type: item.role === 'assistant' ? 'output_text' : 'input_text', text: item.content };
    return { ...item, id, type, content: [part] };
  }
  return { ...item, id, type };
}
