// Requests to the running engine over the supervisor: status counters, the model list, usage and
// test chats. A chat or request still open when the engine goes away ends with an error.
import { randomUUID } from 'node:crypto';
import type { EngineStatus, EngineToMain, MainToEngine } from '../shared/engine-protocol.js';
import { isFinalChatEvent, type ChatRequest } from '../shared/ipc.js';
import type { ChatEvent, ModelView } from '../shared/thalamus-api.js';
import type { UsageView } from '../shared/usage.js';
import { systemClock, type Clock } from './backoff.js';
import type { SupervisorSnapshot } from './engine-supervisor.js';

/** What the client needs of EngineSupervisor. */
export interface EngineLink {
  send(message: MainToEngine): boolean;
  onEngineMessage(listener: (message: EngineToMain) => void): () => void;
  onChange(listener: (snapshot: SupervisorSnapshot) => void): () => void;
}

const NOT_RUNNING = 'The gateway is not running. Start it from the tray menu.';
const WENT_AWAY = 'The gateway stopped while answering.';
/** A status answer is a few microseconds of work; after this the last known counters are used. */
export const STATUS_TIMEOUT_MS = 2_000;

/** A request waiting for its answer, by request id. */
interface Pending {
  resolve: (answer: never) => void;
  reject: (error: Error) => void;
}

export class EngineClient {
  private lastStatus?: EngineStatus;
  private readonly statusWaiters = new Set<() => void>();
  private nextRequestId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly chats = new Map<string, (event: ChatEvent) => void>();

  constructor(
    private readonly link: EngineLink,
    private readonly clock: Clock = systemClock,
  ) {
    link.onEngineMessage((message) => this.receive(message));
    link.onChange((snapshot) => {
      if (snapshot.state !== 'running') this.abandonAll();
    });
  }

  /** Fresh counters from the engine; the last known ones if it does not answer in time. */
  status(): Promise<EngineStatus | undefined> {
    if (!this.link.send({ type: 'status' })) return Promise.resolve(this.lastStatus);
    return new Promise((resolve) => {
      const done = () => {
        this.clock.clearTimeout(timer);
        this.statusWaiters.delete(done);
        resolve(this.lastStatus);
      };
      const timer = this.clock.setTimeout(done, STATUS_TIMEOUT_MS);
      this.statusWaiters.add(done);
    });
  }

  listModels(): Promise<ModelView[]> {
    return this.request<ModelView[]>((requestId) => ({ type: 'models', requestId }));
  }

  usage(refresh: boolean): Promise<UsageView> {
    return this.request<UsageView>((requestId) => ({ type: 'usage', requestId, refresh }));
  }

  /** Traffic capture's state, switched first when `enabled` is given. */
  capture(enabled?: boolean): Promise<boolean> {
    return this.request<boolean>((requestId) => ({ type: 'capture', requestId, enabled }));
  }

  private request<T>(message: (requestId: number) => MainToEngine): Promise<T> {
    const requestId = this.nextRequestId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (answer: never) => void, reject });
      if (!this.link.send(message(requestId))) {
        this.pending.delete(requestId);
        reject(new Error(NOT_RUNNING));
      }
    });
  }

  private settle(requestId: number, outcome: { answer: unknown } | { failure: string }): void {
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    if ('answer' in outcome) pending?.resolve(outcome.answer as never);
    else pending?.reject(new Error(outcome.failure));
  }

  /** Resolves after the final event (`done` or `error`); aborting `signal` stops the answer. */
  chat(request: ChatRequest, onEvent: (event: ChatEvent) => void, signal?: AbortSignal): Promise<void> {
    const chatId = randomUUID();
    return new Promise<void>((resolve) => {
      const stop = () => this.link.send({ type: 'chat-stop', chatId });
      const deliver = (event: ChatEvent) => {
        onEvent(event);
        if (!isFinalChatEvent(event)) return;
        this.chats.delete(chatId);
        signal?.removeEventListener('abort', stop);
        resolve();
      };
      if (signal?.aborted) return deliver({ type: 'done' });
      this.chats.set(chatId, deliver);
      if (!this.link.send({ type: 'chat', chatId, request })) return deliver({ type: 'error', message: NOT_RUNNING });
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  private receive(message: EngineToMain): void {
    switch (message.type) {
      case 'status': {
        const { type: _type, ...status } = message;
        this.lastStatus = status;
        for (const waiter of [...this.statusWaiters]) waiter();
        return;
      }
      case 'models':
        return this.settle(message.requestId, { answer: message.models });
      case 'usage':
        return this.settle(message.requestId, { answer: message.usage });
      case 'capture':
        return this.settle(message.requestId, { answer: message.enabled });
      case 'models-failed':
      case 'usage-failed':
      case 'capture-failed':
        return this.settle(message.requestId, { failure: message.message });
      case 'chat-event':
        return this.chats.get(message.chatId)?.(message.event);
    }
  }

  /** The engine that was asked is gone: nobody will answer these. */
  private abandonAll(): void {
    for (const pending of this.pending.values()) pending.reject(new Error(WENT_AWAY));
    this.pending.clear();
    for (const deliver of [...this.chats.values()]) deliver({ type: 'error', message: WENT_AWAY });
  }
}
