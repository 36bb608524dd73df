import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolCallTracker } from '../../src/proxy/cursor/tool-calls.js';

const exec = (id: number, toolCallId: string) => ({ id, execId: `e${id}`, toolCallId });

describe('ToolCallTracker', () => {
  it('completes a step only when every announced call has its args', () => {
    const tracker = new ToolCallTracker();
    tracker.announce('a');
    tracker.announce('b');
    assert.equal(tracker.stepComplete, false, 'nothing to hand over yet');
    tracker.addExec(exec(1, 'a'));
    assert.equal(tracker.stepComplete, false, 'b announced without args');
    tracker.addExec(exec(2, 'b'));
    assert.equal(tracker.stepComplete, true);
    assert.deepEqual(tracker.handOver(), ['a', 'b']);
    assert.equal(tracker.hasCurrent, false);
    assert.deepEqual(tracker.awaitingIds, ['a', 'b']);
    assert.deepEqual(tracker.takeAwaiting().map((e) => e.id), [1, 2]);
    assert.deepEqual(tracker.awaitingIds, []);
  });

  it('ignores an announcement that comes after the args, and settles refused calls', () => {
    const tracker = new ToolCallTracker();
    tracker.addExec(exec(1, 'a'));
    tracker.announce('a');
    assert.equal(tracker.stepComplete, true);
    tracker.announce('x');
    tracker.settle('x');
    assert.equal(tracker.stepComplete, true);
  });

  it('forgets an exec the server aborted, before or after hand-over', () => {
    const tracker = new ToolCallTracker();
    tracker.addExec(exec(1, 'a'));
    tracker.addExec(exec(2, 'b'));
    tracker.abort(1);
    assert.deepEqual(tracker.handOver(), ['b']);
    tracker.abort(2);
    assert.deepEqual(tracker.takeAwaiting(), []);
  });

  it('drops stale announcements at hand-over so the next step is not blocked', () => {
    const tracker = new ToolCallTracker();
    tracker.announce('never-comes');
    tracker.addExec(exec(1, 'a'));
    assert.equal(tracker.stepComplete, false);
    tracker.handOver();
    tracker.addExec(exec(2, 'late'));
    assert.equal(tracker.stepComplete, true);
  });
});
