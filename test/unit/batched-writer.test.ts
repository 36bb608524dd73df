import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BatchedWriter } from '../../src/proxy/http/batched-writer.js';

/** The part of a ServerResponse the writer uses, recording what it is given. */
function fakeResponse() {
  const writes: string[] = [];
  let onWrite: (() => void) | undefined;
  const res = {
    writableEnded: false,
    destroyed: false,
    write(chunk: string) {
      writes.push(chunk);
      onWrite?.();
      return true;
    },
    end() {
      res.writableEnded = true;
    },
  };
  const nextWrite = () => new Promise<void>((resolve) => (onWrite = resolve));
  return { writes, res, response: res as unknown as ServerResponse, nextWrite };
}

const NEVER = 60_000;

describe('BatchedWriter', () => {
  it('writes the first frames at once, then the frames of one event-loop turn in one write, in order', async () => {
    const { writes, response } = fakeResponse();
    const writer = new BatchedWriter(response, NEVER, () => ': ka\n\n');
    writer.write('first');
    assert.deepEqual(writes, ['first'], 'the first write does not wait');
    writer.write('a');
    writer.write('');
    writer.write('b');
    assert.deepEqual(writes, ['first'], 'later frames wait for the turn to end');
    await nextTurn();
    writer.write('c');
    await nextTurn();
    assert.deepEqual(writes, ['first', 'ab', 'c']);
    writer.stop();
  });

  it('flushes what is pending before ending the response', () => {
    const { writes, res, response } = fakeResponse();
    const writer = new BatchedWriter(response, NEVER, () => ': ka\n\n');
    writer.write('last frames');
    writer.end();
    assert.deepEqual(writes, ['last frames']);
    assert.equal(res.writableEnded, true);
    writer.write('after the end');
    assert.deepEqual(writes, ['last frames']);
  });

  it('writes a keep-alive when nothing was written for keepAliveMs, and none after stop', async () => {
    const { writes, response, nextWrite } = fakeResponse();
    const writer = new BatchedWriter(response, 20, () => ': ka\n\n');
    writer.write('open'); // written at once
    await nextWrite();
    assert.deepEqual(writes, ['open', ': ka\n\n']);
    writer.stop();
    writer.write('dropped');
    await nextTurn();
    assert.deepEqual(writes, ['open', ': ka\n\n']);
  });
});
