// Keeps the engine process alive: forks it, hands it its config and token, restarts it with
// exponential back-off when it dies, stops it cleanly, and reports every state change.
// Plain: the process launcher and the clock are injected (utilityProcess.fork in the app,
// fakes in tests).
import type { EngineConfig, EngineToMain, LogLevel, MainToEngine } from '../shared/engine-protocol.js';
import type { GatewayState } from '../shared/thalamus-api.js';
import { DEFAULT_BACKOFF, restartDelay, systemClock, type BackoffPolicy, type Clock } from './backoff.js';

/** One engine process as the supervisor sees it. */
export interface EngineChild {
  send(message: MainToEngine): void;
  onMessage(listener: (message: EngineToMain) => void): void;
  /** Called once, when the process is gone (code null: killed by a signal). */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

export interface StartPayload {
  config: EngineConfig;
  token: string | null;
}

export interface SupervisorOptions {
  fork: () => EngineChild;
  /** Asked at every (re)start, so a restart picks up the current port, login and token. */
  startPayload: () => Promise<StartPayload>;
  /** Cursor rejected the token: a fresh one, or null when there is none. */
  refreshToken: () => Promise<string | null>;
  onLog?: (level: LogLevel, message: string) => void;
  clock?: Clock;
  backoff?: BackoffPolicy;
  /** How long a stopping engine may take before it is killed. */
  stopTimeoutMs?: number;
}

export interface SupervisorSnapshot {
  state: GatewayState;
  url?: string;
  /** The running gateway serves the demo backend. */
  demo: boolean;
  /** Why the gateway is not running, when it failed. */
  error?: string;
  /** In state `error`: when the next restart happens (ms since the epoch). */
  retryAt?: number;
}

export const DEFAULT_STOP_TIMEOUT_MS = 5_000;

interface Run {
  child: EngineChild;
  demo: boolean;
  startedAt?: number;
  /** What the engine said before it died. */
  error?: string;
  stopRequested: boolean;
  exited: Promise<void>;
}

export class EngineSupervisor {
  private readonly clock: Clock;
  private readonly backoff: BackoffPolicy;
  private desired: 'running' | 'stopped' = 'stopped';
  private current?: Run;
  private launching = false;
  /** Bumped by stop(): a launch still waiting for its payload gives up. */
  private generation = 0;
  private failures = 0;
  private retryTimer?: unknown;
  private state: SupervisorSnapshot = { state: 'stopped', demo: false };
  private readonly changeListeners = new Set<(snapshot: SupervisorSnapshot) => void>();
  private readonly messageListeners = new Set<(message: EngineToMain) => void>();

  constructor(private readonly options: SupervisorOptions) {
    this.clock = options.clock ?? systemClock;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  snapshot(): SupervisorSnapshot {
    return { ...this.state };
  }

  onChange(listener: (snapshot: SupervisorSnapshot) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Messages from the running engine that the supervisor itself does not consume (status, models, chat). */
  onEngineMessage(listener: (message: EngineToMain) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Starts the engine now (a pending back-off restart is skipped). */
  start(): void {
    this.desired = 'running';
    this.cancelRetry();
    if (this.current || this.launching) return;
    void this.launch();
  }

  /** Stops the engine; resolves when its process is gone. */
  async stop(): Promise<void> {
    this.desired = 'stopped';
    this.generation += 1;
    this.cancelRetry();
    const run = this.current;
    if (run) {
      if (!run.stopRequested) {
        run.stopRequested = true;
        run.child.send({ type: 'stop' });
        const kill = this.clock.setTimeout(() => run.child.kill(), this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
        void run.exited.then(() => this.clock.clearTimeout(kill));
      }
      await run.exited;
    }
    if (this.desired === 'stopped' && !this.current) this.update({ state: 'stopped', demo: false });
  }

  /** A fresh start with what startPayload says now (new port, login or logout). */
  async restart(): Promise<void> {
    await this.stop();
    this.failures = 0;
    this.start();
  }

  /** Sends to the running engine; false when none is running. */
  send(message: MainToEngine): boolean {
    const run = this.current;
    if (!run || run.startedAt === undefined || run.stopRequested) return false;
    run.child.send(message);
    return true;
  }

  private async launch(): Promise<void> {
    const generation = this.generation;
    this.launching = true;
    this.update({ ...this.state, state: 'starting', url: undefined, retryAt: undefined });
    let payload: StartPayload;
    try {
      payload = await this.options.startPayload();
    } catch (error) {
      this.launching = false;
      if (generation === this.generation) this.failed(`The gateway could not start: ${(error as Error).message}`, undefined);
      return;
    }
    this.launching = false;
    if (generation !== this.generation || this.desired !== 'running') return;
    const child = this.options.fork();
    let exited!: () => void;
    const run: Run = { child, demo: payload.config.demo, stopRequested: false, exited: new Promise((resolve) => (exited = resolve)) };
    this.current = run;
    child.onMessage((message) => this.onMessage(run, message));
    child.onExit((code) => {
      exited();
      this.onExit(run, code);
    });
    child.send({ type: 'start', config: payload.config, token: payload.token });
  }

  private onMessage(run: Run, message: EngineToMain): void {
    if (run !== this.current) return;
    switch (message.type) {
      case 'started':
        run.startedAt = this.clock.now();
        return this.update({ state: 'running', url: message.url, demo: run.demo });
      case 'error':
        run.error = message.message;
        return;
      case 'log':
        return this.options.onLog?.(message.level, message.message);
      case 'token-rejected':
        return void this.options.refreshToken().then(
          (token) => run.child.send({ type: 'token', accessToken: token }),
          () => run.child.send({ type: 'token', accessToken: null }),
        );
      case 'stopped':
        return;
      default:
        for (const listener of this.messageListeners) listener(message);
    }
  }

  private onExit(run: Run, code: number | null): void {
    if (run !== this.current) return;
    this.current = undefined;
    if (run.stopRequested) {
      // A start() that came while this run was stopping.
      if (this.desired === 'running') void this.launch();
      return;
    }
    if (run.startedAt !== undefined && this.clock.now() - run.startedAt >= this.backoff.healthyAfterMs) this.failures = 0;
    this.failed(run.error ?? `The gateway stopped unexpectedly (exit code ${code ?? 'none'}).`, run.demo);
  }

  /** Schedules the next attempt with back-off and reports why. */
  private failed(error: string, demo: boolean | undefined): void {
    this.failures += 1;
    const delay = restartDelay(this.failures, this.backoff);
    this.update({ state: 'error', demo: demo ?? false, error, retryAt: this.clock.now() + delay });
    if (this.desired !== 'running') return;
    this.retryTimer = this.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.desired === 'running' && !this.current && !this.launching) void this.launch();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retryTimer === undefined) return;
    this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private update(next: SupervisorSnapshot): void {
    this.state = next;
    for (const listener of this.changeListeners) listener(this.snapshot());
  }
}
