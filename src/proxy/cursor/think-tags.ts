// Some Cursor models (Composer among them) put their reasoning inside the answer text, between
// `<think>`-style tags, instead of (or besides) sending thinking deltas (reference §8 item 11;
// the tag names are the ones ED strips). Those spans become thinking, so clients show them as
// reasoning rather than as part of the answer. Tags may be split across deltas: a possible
// start of a tag at the end of a delta is held back until the next one shows what it is.

export interface SplitText {
  type: 'text' | 'thinking';
  text: string;
}

const TAG_NAMES = ['think', 'thinking', 'reasoning', 'thought', 'think_intent'];
const TAG = new RegExp(`<(/?)(?:${TAG_NAMES.join('|')})>`, 'g');
const LONGEST_TAG = Math.max(...TAG_NAMES.map((name) => `</${name}>`.length));

export class ThinkTagSplitter {
  private inside = false;
  /** The end of the last delta that may be the start of a tag. */
  private held = '';

  /** The parts of `delta`, in order; text that may start a tag waits for the next delta. */
  push(delta: string): SplitText[] {
    // The common case costs one indexOf: no tag in sight.
    if (!this.held && !this.inside && !delta.includes('<')) return [{ type: 'text', text: delta }];
    const text = this.held + delta;
    const parts: SplitText[] = [];
    let from = 0;
    TAG.lastIndex = 0;
    for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
      this.emit(parts, text.slice(from, match.index));
      this.inside = match[1] !== '/';
      from = TAG.lastIndex;
    }
    const rest = text.slice(from);
    const cut = possibleTagStart(rest);
    this.held = rest.slice(cut);
    this.emit(parts, rest.slice(0, cut));
    return parts;
  }

  /** What is still held back, at the end of a response. */
  flush(): SplitText[] {
    const parts: SplitText[] = [];
    this.emit(parts, this.held);
    this.held = '';
    return parts;
  }

  private emit(parts: SplitText[], text: string): void {
    if (text) parts.push({ type: this.inside ? 'thinking' : 'text', text });
  }
}

/** Where a trailing `<…` that could still grow into a tag begins; `text.length` if none. */
function possibleTagStart(text: string): number {
  const at = text.lastIndexOf('<');
  if (at === -1 || text.length - at >= LONGEST_TAG) return text.length;
  const tail = text.slice(at);
  const couldBeTag = TAG_NAMES.some((name) => `<${name}>`.startsWith(tail) || `</${name}>`.startsWith(tail));
  return couldBeTag ? at : text.length;
}
