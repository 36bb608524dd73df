import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/proxy/log/logger.js';
import { type ParkableRun, ParkedRuns } from '../../src/proxy/cursor/parked-runs.js';

class StubRun implements ParkableRun {
  cancelled = false;
  private listeners: Array<() => void> = [];
  constructor(
    readonly id: string,
    readonly awaitedToolCallIds: string[],
  ) {}
  onClose(listener: () => void) {
    this.listeners.push(listener);
  }
  cancel() {
    this.cancelled = true;
    this.close();
  }
  close() {
    for (const listener of this.listeners.splice(0)) listener();
  }
}

const registry = () => new ParkedRuns<StubRun>(60_000, silentLogger);

describe('ParkedRuns', () => {
  it('hands a run to the results that all belong to it, once', () => {
    const parked = registry();
    const run = new StubRun('r1', ['a', 'b']);
    parked.park(run, 'fp');
    assert.equal(parked.take(['b', 'a'], 'fp'), run);
    assert.equal(parked.take(['a'], 'fp'), undefined);
    assert.equal(parked.size, 0);
    assert.equal(run.cancelled, false);
    parked.cancelAll();
  });

  it('accepts a subset of the awaited ids (the rest get an error result from the run)', () => {
    const parked = registry();
    const run = new StubRun('r1', ['a', 'b']);
    parked.park(run, 'fp');
    assert.equal(parked.take(['a'], 'fp'), run);
  });

  it('refuses ids spread over two runs, unknown ids, or another fingerprint', () => {
    const parked = registry();
    parked.park(new StubRun('r1', ['a']), 'fp');
    parked.park(new StubRun('r2', ['b']), 'fp');
    assert.equal(parked.take(['a', 'b'], 'fp'), undefined);
    assert.equal(parked.take(['a', 'zzz'], 'fp'), undefined);
    assert.equal(parked.take(['a'], 'other'), undefined);
    assert.equal(parked.take([], 'fp'), undefined);
    assert.equal(parked.size, 2);
    parked.cancelAll();
  });

  it('cancels the runs owning ids the conversation moved past', () => {
    const parked = registry();
    const run = new StubRun('r1', ['a']);
    parked.park(run, 'fp');
    parked.cancelOwning(['a']);
    assert.equal(run.cancelled, true);
    assert.equal(parked.size, 0);
  });

  it('forgets a run whose stream closed while parked', () => {
    const parked = registry();
    const run = new StubRun('r1', ['a']);
    parked.park(run, 'fp');
    run.close();
    assert.equal(parked.size, 0);
    assert.equal(parked.take(['a'], 'fp'), undefined);
  });

  it('cancels a run parked past its time limit', async () => {
    const parked = new ParkedRuns<StubRun>(1, silentLogger);
    const run = new StubRun('r1', ['a']);
    const closed = new Promise<void>((resolve) => run.onClose(resolve));
    parked.park(run, 'fp');
    await closed;
    assert.equal(run.cancelled, true);
    assert.equal(parked.size, 0);
  });
});
