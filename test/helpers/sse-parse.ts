// Strict Server-Sent Events parsing for the validators: every frame ends with a blank line,
// only `event:`, `data:` and comment lines appear, and each frame has exactly one data line.
import assert from 'node:assert/strict';

export interface SseFrame {
  event?: string;
  data: string;
}

export function parseSseFrames(raw: string): SseFrame[] {
  assert.ok(raw.endsWith('\n\n'), `stream must end with a complete frame, got …${JSON.stringify(raw.slice(-40))}`);
  const frames: SseFrame[] = [];
  for (const block of raw.slice(0, -2).split('\n\n')) {
    let event: string | undefined;
    let data: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const match = /^(event|data): (.*)$/.exec(line);
      assert.ok(match, `unexpected SSE line ${JSON.stringify(line)}`);
      if (match[1] === 'event') {
        assert.equal(event, undefined, 'two event lines in one frame');
        event = match[2];
      } else {
        assert.equal(data, undefined, 'two data lines in one frame');
        data = match[2];
      }
    }
    if (event === undefined && data === undefined) continue; // a comment-only frame (keep-alive)
    assert.ok(data !== undefined, `frame without data (event ${event})`);
    frames.push({ event, data });
  }
  return frames;
}

export function parseJson(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  assert.doesNotThrow(() => {
    value = JSON.parse(text);
  }, `${where}: data is not JSON: ${text}`);
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where}: data is not a JSON object`);
  return value as Record<string, unknown>;
}

export function assertKeys(value: unknown, keys: string[], where: string): asserts value is Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where}: not an object`);
  assert.deepEqual(Object.keys(value).sort(), [...keys].sort(), `${where}: keys`);
}

export function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
