// `GET /v1/responses/{id}/input_items`: one page of a stored response's input items in OpenAI's
// list shape. As OpenAI documents it: `limit` 1-100 (default 20), `order` asc|desc (default desc,
// newest first), `after` an item id, the page starting past it in that order; `include` is
// accepted and changes nothing (every field the store holds is listed already). A bad value is a
// 400 naming the parameter.
import { invalidRequest } from '../http/api-error.js';
import type { StoredItem } from './store.js';

export interface ItemList {
  object: 'list';
  data: StoredItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

export function listItems(items: readonly StoredItem[], query: URLSearchParams): ItemList {
  const limit = limitOf(single(query, 'limit'));
  const order = single(query, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalidRequest('order', 'must be "asc" or "desc"');
  const ordered = order === 'asc' ? items : [...items].reverse();
  const after = single(query, 'after');
  let start = 0;
  if (after !== undefined) {
    const index = ordered.findIndex((item) => item.id === after);
    if (index < 0) throw invalidRequest('after', `item ${after} is not an input item of this response`);
    start = index + 1;
  }
  const data = ordered.slice(start, start + limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + limit < ordered.length,
  };
}

/** One query parameter's value; sent twice is a 400 rather than a guess at which one counts. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw invalidRequest(name, 'was given more than once');
  return values[0];
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_LIMIT;
  const limit = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) throw invalidRequest('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  return limit;
}
