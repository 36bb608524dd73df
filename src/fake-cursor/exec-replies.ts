// The client's answers to execs (reference §4.7, §5.1 step 3): the first result message or
// ExecClientThrow for an id answers it; a stream_close{id} that follows is recorded. Clients
// may omit stream_close (§8), so waiting for it is bounded.
import type { AgentClientMessage } from '../gen/agent/v1/agent_service_pb.js';
import type { ExecClientMessage } from '../gen/agent/v1/exec_pb.js';
import { deferred, type Deferred } from './deferred.js';
import type { FakeExecRecord } from './types.js';

/**
 * How long an answered exec waits for its stream_close when nothing else arrives first.
 * FakeExecRecord.streamClosed keeps updating afterwards, so this only bounds the wait.
 */
const STREAM_CLOSE_GRACE_MS = 25;

export type ExecAnswer = { kind: 'result'; message: ExecClientMessage } | { kind: 'throw'; error: string };

interface PendingExec {
  record: FakeExecRecord;
  answer: Deferred<ExecAnswer>;
  /** Set while waiting for a stream_close right after the answer; ends that wait. */
  endCloseWait?: () => void;
}

export class ExecReplies {
  private readonly execs = new Map<number, PendingExec>();
  private closedBy: Error | undefined;

  /** `records` is the run record's list; every opened exec is appended to it. */
  constructor(private readonly records: FakeExecRecord[]) {}

  /** Registers an exec about to be sent; resolves with the client's answer. */
  open(id: number, execId: string, kind: string): Promise<ExecAnswer> {
    const exec: PendingExec = { record: { id, execId, kind, streamClosed: false }, answer: deferred<ExecAnswer>() };
    this.records.push(exec.record);
    this.execs.set(id, exec);
    if (this.closedBy) exec.answer.reject(this.closedBy);
    return exec.answer.promise;
  }

  receive(message: AgentClientMessage): void {
    const { case: kind, value } = message.message;
    let concerns: number | undefined;
    if (kind === 'execClientMessage') {
      concerns = value.id;
      this.answer(value.id, { kind: 'result', message: value });
    } else if (kind === 'execClientControlMessage') {
      const control = value.message;
      if (control.case === 'streamClose') {
        concerns = control.value.id;
        this.streamClosed(control.value.id);
      } else if (control.case === 'throw') {
        concerns = control.value.id;
        this.answer(control.value.id, { kind: 'throw', error: control.value.error });
      }
    }
    // Anything about another exec (or no exec) means no stream_close came right after.
    for (const exec of this.execs.values()) if (exec.record.id !== concerns) exec.endCloseWait?.();
  }

  /** Resolves when the answered exec `id` got its stream_close, or it is clear none follows at once. */
  streamCloseRightAfter(id: number): Promise<boolean> {
    const exec = this.execs.get(id);
    if (!exec || exec.record.streamClosed || this.closedBy) return Promise.resolve(exec?.record.streamClosed ?? false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        exec.endCloseWait = undefined;
        resolve(exec.record.streamClosed);
      };
      const timer = setTimeout(done, STREAM_CLOSE_GRACE_MS);
      exec.endCloseWait = done;
    });
  }

  /** No answer can come any more: pending and future execs reject with `reason`. */
  close(reason: Error): void {
    this.closedBy ??= reason;
    for (const exec of this.execs.values()) {
      if (!exec.record.answer) exec.answer.reject(reason);
      exec.endCloseWait?.();
    }
  }

  private answer(id: number, answer: ExecAnswer): void {
    const exec = this.execs.get(id);
    // Only the first answer counts; shell_stream sends several messages for one id.
    if (!exec || exec.record.answer) return;
    exec.record.answer = answer.kind;
    exec.answer.resolve(answer);
  }

  private streamClosed(id: number): void {
    const exec = this.execs.get(id);
    if (!exec) return;
    exec.record.streamClosed = true;
    this.answer(id, { kind: 'throw', error: 'stream_close without a result' });
    exec.endCloseWait?.();
  }
}
