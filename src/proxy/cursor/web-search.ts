// Cursor's server-side web search, reported as web_search_tool_call (ToolCall 18) updates
// (reference §4.13; there is no exec for it), → one `web_search` TurnEvent per finished search.
// Cursor's search cannot be told which domains to use, so the client's allowed/blocked domain
// lists are enforced here on the hits; `max_uses` is enforced by declining further searches.
import type { WebSearchToolCall } from '../../gen/agent/v1/interaction_pb.js';
import type { WebSearchOptions } from '../conversation.js';
import type { TurnEvent, WebSearchHit } from '../events.js';

/** The event for a completed search, or undefined while it has no result yet. */
export function webSearchEvent(call: WebSearchToolCall, options: WebSearchOptions): Extract<TurnEvent, { type: 'web_search' }> | undefined {
  const query = call.args?.searchTerm ?? '';
  const result = call.result?.result;
  switch (result?.case) {
    case 'success': {
      const hits = result.value.references.map((ref): WebSearchHit => ({ title: ref.title, url: ref.url, snippet: ref.chunk }));
      return { type: 'web_search', query, outcome: { hits: hits.filter((hit) => domainAllowed(hit.url, options)) } };
    }
    case 'error':
      return { type: 'web_search', query, outcome: { errorCode: 'unavailable', message: result.value.error } };
    case 'rejected':
      return { type: 'web_search', query, outcome: { errorCode: 'unavailable', message: result.value.reason } };
    default:
      return undefined;
  }
}

/** Anthropic's rule: a domain also covers its subdomains. */
export function domainAllowed(url: string, { allowedDomains, blockedDomains }: WebSearchOptions): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  const matches = (domain: string) => {
    const d = domain.toLowerCase().replace(/^\*?\./, '');
    return host === d || host.endsWith(`.${d}`);
  };
  if (blockedDomains.some(matches)) return false;
  return allowedDomains.length === 0 || allowedDomains.some(matches);
}
