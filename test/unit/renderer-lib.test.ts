// The renderer's pure helpers: the settings-preview line diff, key masking, SSE data parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sseData } from '../../src/renderer/api/sse-data.js';
import { lineDiff } from '../../src/renderer/lib/line-diff.js';
import { maskSecret } from '../../src/renderer/lib/mask.js';

describe('lineDiff', () => {
  it('marks kept, removed and added lines, removals first', () => {
    assert.deepEqual(lineDiff('{\n  "a": 1\n}\n', '{\n  "a": 1,\n  "b": 2\n}\n'), [
      { kind: 'same', text: '{' },
      { kind: 'removed', text: '  "a": 1' },
      { kind: 'added', text: '  "a": 1,' },
      { kind: 'added', text: '  "b": 2' },
      { kind: 'same', text: '}' },
    ]);
  });

  it('a new file is all additions', () => {
    assert.deepEqual(lineDiff('', 'x\ny\n'), [
      { kind: 'added', text: 'x' },
      { kind: 'added', text: 'y' },
    ]);
  });
});

describe('maskSecret', () => {
  it('hides every copy of the secret but its prefix', () => {
    assert.equal(maskSecret("KEY='thl_abcdef' OTHER='thl_abcdef'", 'thl_abcdef'), `KEY='thl_${'•'.repeat(12)}' OTHER='thl_${'•'.repeat(12)}'`);
    assert.equal(maskSecret('nothing here', ''), 'nothing here');
  });
});

describe('sseData', () => {
  it('yields each event’s data, across chunk boundaries, and drops an unfinished tail', async () => {
    const chunks = ['data: {"type":"te', 'xt"}\n\ndata: a\ndata: b\n\n: comment\n\n', 'data: {"type":"done"}\r\n\r\ndata: cut'];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    const seen: string[] = [];
    for await (const data of sseData(body)) seen.push(data);
    assert.deepEqual(seen, ['{"type":"text"}', 'a\nb', '{"type":"done"}']);
  });
});
