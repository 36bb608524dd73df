import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type SplitText, ThinkTagSplitter } from '../../src/proxy/cursor/think-tags.js';

/** Feeds `deltas`, flushes, and merges neighbouring parts of one type (as the relay does). */
function split(deltas: string[]): SplitText[] {
  const splitter = new ThinkTagSplitter();
  const parts = [...deltas.flatMap((delta) => splitter.push(delta)), ...splitter.flush()];
  return parts.reduce<SplitText[]>((merged, part) => {
    const last = merged.at(-1);
    if (last?.type === part.type) last.text += part.text;
    else merged.push({ ...part });
    return merged;
  }, []);
}

describe('ThinkTagSplitter (reasoning inlined in text, reference §8)', () => {
  it('passes plain text through untouched, with comparisons and HTML alike', () => {
    assert.deepEqual(split(['if a < b then ', '<b>bold</b>']), [{ type: 'text', text: 'if a < b then <b>bold</b>' }]);
  });

  it('turns a tagged span into thinking', () => {
    assert.deepEqual(split(['<think>Let me see.</think>The answer is 4.']), [
      { type: 'thinking', text: 'Let me see.' },
      { type: 'text', text: 'The answer is 4.' },
    ]);
  });

  it('finds tags split across deltas, one character at a time', () => {
    const whole = 'Hi <reasoning>step 1, step 2</reasoning> done';
    assert.deepEqual(split([...whole]), [
      { type: 'text', text: 'Hi ' },
      { type: 'thinking', text: 'step 1, step 2' },
      { type: 'text', text: ' done' },
    ]);
  });

  it('knows every tag name in the list', () => {
    for (const name of ['think', 'thinking', 'reasoning', 'thought', 'think_intent']) {
      assert.deepEqual(split([`<${name}>x</${name}>y`]), [{ type: 'thinking', text: 'x' }, { type: 'text', text: 'y' }], name);
    }
  });

  it('gives back held text that never became a tag, at the latest when the response ends', () => {
    assert.deepEqual(split(['a <thin', 'g> b']), [{ type: 'text', text: 'a <thing> b' }]);
    assert.deepEqual(split(['the end <thi']), [{ type: 'text', text: 'the end <thi' }]);
  });

  it('keeps an unclosed span as thinking', () => {
    assert.deepEqual(split(['<think>still going']), [{ type: 'thinking', text: 'still going' }]);
  });
});
