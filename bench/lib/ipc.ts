// Request/response over Node's child-process IPC channel. The benchmark keeps the fake Cursor
// server and the gateway in their own processes so that each one's CPU and memory are its own;
// the runner drives them through a typed API (one interface per child, shared by both sides).
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Methods a child serves: one JSON-serialisable parameter, a JSON-serialisable result. */
export type IpcApi = Record<string, (params: never) => unknown>;

interface IpcRequest {
  id: number;
  method: string;
  params: unknown;
}

type IpcReply = { id: number; result: unknown } | { id: number; error: string };
type ReadyMessage<T> = { ready: T };

/** Child side: serves `api`, announces `ready`, and exits when the parent goes away. */
export function serveIpc<Api extends IpcApi, Ready>(api: Api, ready: Ready): void {
  if (!process.send) throw new Error('not started with an IPC channel');
  const send = process.send.bind(process);
  process.on('message', async (message: IpcRequest) => {
    const handler = api[message.method] as ((params: unknown) => unknown) | undefined;
    try {
      if (!handler) throw new Error(`no such method: ${message.method}`);
      send({ id: message.id, result: await handler(message.params) } satisfies IpcReply);
    } catch (error) {
      send({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies IpcReply);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready } satisfies ReadyMessage<Ready>);
}

export interface ForkOptions {
  /** Extra node flags besides the tsx loader (e.g. --expose-gc). */
  nodeFlags?: string[];
  env?: NodeJS.ProcessEnv;
}

/** Parent side: one child process serving `Api`. */
export class IpcChild<Api extends IpcApi, Ready> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly ready: Ready,
    /** The child's stdout and stderr go to this file, shown when it dies unexpectedly. */
    readonly logFile: string,
  ) {
    child.on('message', (reply: IpcReply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if ('error' in reply) waiter.reject(new Error(`${this.name}: ${reply.error}`));
      else waiter.resolve(reply.result);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code, signal) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${this.name} exited (${code ?? signal})\n${this.logTail()}`));
      this.pending.clear();
    });
  }

  /** Forks `entry` under tsx and waits for its ready message. */
  static async start<Api extends IpcApi, Ready>(entry: string, options: ForkOptions = {}): Promise<IpcChild<Api, Ready>> {
    const logFile = join(tmpdir(), `thalamus-bench-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
    const logFd = openSync(logFile, 'w');
    const child = fork(entry, [], {
      execArgv: ['--import', 'tsx', ...(options.nodeFlags ?? [])],
      env: options.env ?? process.env,
      stdio: ['ignore', logFd, logFd, 'ipc'],
    });
    closeSync(logFd);
    const ready = await new Promise<Ready>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (typeof message === 'object' && message !== null && 'ready' in message) {
          child.off('exit', onExit);
          child.off('message', onMessage);
          resolve((message as ReadyMessage<Ready>).ready);
        }
      };
      const onExit = (code: number | null) =>
        reject(new Error(`${entry} exited with ${code} before it was ready\n${readFileSync(logFile, 'utf8').slice(-4000)}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    return new IpcChild<Api, Ready>(child, ready, logFile);
  }

  get name(): string {
    return `child ${this.child.pid}`;
  }

  call<Method extends keyof Api & string>(
    method: Method,
    ...params: Parameters<Api[Method]> extends [] ? [] : [Parameters<Api[Method]>[0]]
  ): Promise<Awaited<ReturnType<Api[Method]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, method, params: params[0] } satisfies IpcRequest);
    });
  }

  /** Disconnects (the child exits by itself), waits for the exit and removes the log. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.connected) this.child.disconnect();
    await this.exited;
    rmSync(this.logFile, { force: true });
  }

  private logTail(): string {
    try {
      return readFileSync(this.logFile, 'utf8').slice(-4000);
    } catch {
      return '';
    }
  }
}
