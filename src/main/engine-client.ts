// Requests to the running engine over the supervisor: status counters, the model list and
// test chats. A chat or request still open when the engine goes away ends with an error.
import { randomUUID } from 'node:crypto';
import type { EngineStatus, EngineToMain, MainToEngine } from '../shared/engine-protocol.js';
import { isFinalChatEvent, type ChatRequest } from '../shared/ipc.js';
import type { ChatEvent, ModelView } from '../shared/thalamus-api.js';
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

interface PendingModels {
  resolve: (models: ModelView[]) => void;
  reject: (error: Error) => void;
}

export class EngineClient {
  private lastStatus?: EngineStatus;
  private readonly statusWaiters = new Set<() => void>();
  private nextRequestId = 1;
  private readonly models = new Map<number, PendingModels>();
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
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.models.set(requestId, { resolve, reject });
      if (!this.link.send({ type: 'models', requestId })) {
        this.models.delete(requestId);
        reject(new Error(NOT_RUNNING));
      }
    });
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
        this.models.get(message.requestId)?.resolve(message.models);
        this.models.delete(message.requestId);
        return;
      case 'models-failed':
        this.models.get(message.requestId)?.reject(new Error(message.message));
        this.models.delete(message.requestId);
        return;
      case 'chat-event':
        return this.chats.get(message.chatId)?.(message.event);
    }
  }

  /** The engine that was asked is gone: nobody will answer these. */
  private abandonAll(): void {
    for (const pending of this.models.values()) pending.reject(new Error(WENT_AWAY));
    this.models.clear();
    for (const deliver of [...this.chats.values()]) deliver({ type: 'error', message: WENT_AWAY });
  }
}
